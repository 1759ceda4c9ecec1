// Case figures for leaders (诉求办理): received, answered, on time, overdue, satisfaction by unit, topic, department
// and period, within the caller's scope (the writer's unit). Thin: schema, one engine call, JSON; the query is audited.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { runCaseFigures } from "../../analytics/cases/figures";
import { CaseFiguresQuery } from "../../analytics/cases/query";
import { appendAudit } from "../auth/audit";
import type { AuthEnv } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { Bilingual, errorResponse } from "../http/schemas";
import { inTransaction } from "../storage/database";
import type { AppDeps } from "./deps";

export const CaseFiguresResult = z
  .object({
    results: z.array(
      z.object({
        dimensions: z.record(z.string(), z.string()),
        measures: z.record(z.string(), z.number().nullable()),
        n: z.number().int(),
        suppressed: z.boolean(),
        reason: z.enum(["below_min_group_size", "complementary"]).optional(),
      }),
    ),
    meta: z.object({
      minGroupSize: z.number().int(),
      suppressedRows: z.number().int(),
      labels: z.record(z.string(), z.record(z.string(), Bilingual)),
      warnings: z.array(z.string()),
    }),
    query: CaseFiguresQuery,
  })
  .openapi("CaseFiguresResult");

const caseFiguresRoute = createRoute({
  method: "post",
  path: "/analytics/cases",
  tags: ["analytics"],
  request: { body: { required: true, content: { "application/json": { schema: CaseFiguresQuery } } } },
  responses: {
    200: {
      description:
        "Cells of cases received in each period, with where they stand now (definitions in analytics/cases/registry.ts); cells of fewer cases than minGroupSize hide their measures, as in a breakdown. No case text.",
      content: { "application/json": { schema: CaseFiguresResult } },
    },
    400: errorResponse(
      "`invalid_query`, `unknown_wave`, `unknown_value` (also for a unit outside your scope), `bad_operator`, `duplicate_dimension`, `min_group_size_too_small`, …",
    ),
  },
});

export function caseFiguresRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook }).openapi(caseFiguresRoute, async (c) => {
    const result = await runCaseFigures(deps.db.analytics, c.req.valid("json"), c.var.user, deps.now());
    await inTransaction(deps.db.write, () =>
      appendAudit(deps.db.write, {
        at: deps.now(),
        actor: c.var.user.username,
        action: "case_figures_query",
        target: "cases",
        detail: result.query as unknown as Record<string, unknown>,
      }),
    );
    return c.json(result, 200);
  });
}
