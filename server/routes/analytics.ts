// Breakdowns (fixed contract): POST /api/analytics/query for analysts, leaders and admins, always within the
// caller's scope. Thin: the contract's schema checks the body, the engine answers, the query (not its results) is audited.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { runBreakdown } from "../../analytics/breakdown";
import { BreakdownQuery } from "../../analytics/query";
import { appendAudit } from "../auth/audit";
import type { AuthEnv } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { inTransaction } from "../storage/database";
import type { AppDeps } from "./deps";

const Row = z.object({
  dimensions: z.record(z.string(), z.string()),
  measures: z.record(z.string(), z.number().nullable()),
  n: z.number().int(),
  suppressed: z.boolean(),
  reason: z.enum(["below_min_group_size", "complementary"]).optional(),
  intervals: z.object({ favourable: z.tuple([z.number(), z.number()]).nullable() }).optional(),
  comparison: z
    .object({
      dimensions: z.record(z.string(), z.string()),
      n: z.number().int(),
      suppressed: z.boolean(),
      measures: z.record(z.string(), z.number().nullable()),
      change: z.record(z.string(), z.number().nullable()),
      significant: z.object({
        favourable: z.boolean().nullable().optional(),
        mean: z.boolean().nullable().optional(),
      }),
    })
    .optional(),
});

const BreakdownResult = z
  .object({
    results: z.array(Row),
    meta: z.object({
      minGroupSize: z.number().int(),
      suppressedRows: z.number().int(),
      labels: z.record(
        z.string(),
        z.record(z.string(), z.union([z.string(), z.record(z.string(), z.string())])),
      ),
      warnings: z.array(z.string()),
    }),
    query: BreakdownQuery,
  })
  .openapi("BreakdownResult");

const queryRoute = createRoute({
  method: "post",
  path: "/analytics/query",
  tags: ["analytics"],
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: BreakdownQuery.openapi("BreakdownQuery") } },
    },
  },
  responses: {
    200: {
      description: "Rows, suppression and labels.",
      content: { "application/json": { schema: BreakdownResult } },
    },
    400: errorResponse(
      "`invalid_query`, `unknown_survey`, `unknown_wave`, `unknown_value` (also for a unit outside your scope), `min_group_size_too_small`, …",
    ),
  },
});

export function analyticsRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook }).openapi(queryRoute, async (c) => {
    const result = await runBreakdown(deps.db.read, c.req.valid("json"), c.var.user);
    await inTransaction(deps.db.write, () =>
      appendAudit(deps.db.write, {
        at: deps.now(),
        actor: c.var.user.username,
        action: "analytics_query",
        target: result.query.surveyId,
        detail: result.query as unknown as Record<string, unknown>,
      }),
    );
    return c.json(result, 200);
  });
}
