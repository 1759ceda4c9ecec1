// The audit log for admins: newest first, filtered by actor, action, target and time, paged by sequence number.
// Read-only: nothing in the API writes to or deletes from the log except the actions it records.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { auditActions, searchAudit } from "../auth/audit";
import type { AuthEnv } from "../auth/middleware";
import { scopeIsRoot } from "../auth/scope";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import type { AppDeps } from "./deps";

export const AuditQuery = z.strictObject({
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  target: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: z.iso.datetime(),
    actor: z.string().nullable(),
    action: z.string(),
    target: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("AuditEntry");

const AuditPage = z
  .object({
    entries: z.array(AuditEntry),
    nextBefore: z.number().int().nullable().openapi({ description: "Pass as `before` for older entries." }),
    actions: z.array(z.string()).openapi({ description: "Every action recorded so far, for a filter list." }),
  })
  .openapi("AuditPage");

const listRoute = createRoute({
  method: "get",
  path: "/audit",
  tags: ["audit"],
  request: { query: AuditQuery },
  responses: {
    200: {
      description: "Matching entries, newest first.",
      content: { "application/json": { schema: AuditPage } },
    },
    400: errorResponse("A malformed filter."),
  },
});

export function auditRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook }).openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const scope = c.var.user.scopeUnitId;
    const withinUnitId = (await scopeIsRoot(deps.db, scope)) ? undefined : scope;
    const { entries, hasMore } = await searchAudit(deps.db.read, {
      actor: q.actor,
      action: q.action,
      target: q.target,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      beforeSeq: q.before,
      limit: q.limit,
      withinUnitId,
    });
    return c.json(
      {
        entries: entries.map((e) => ({
          seq: e.seq,
          at: `${e.at.toISOString()}`,
          actor: e.actor,
          action: e.action,
          target: e.target,
          detail: e.detail === null ? null : (JSON.parse(e.detail) as Record<string, unknown>),
        })),
        nextBefore: hasMore ? (entries.at(-1)?.seq ?? null) : null,
        actions: await auditActions(deps.db.read, withinUnitId),
      },
      200,
    );
  });
}
