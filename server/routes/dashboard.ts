// The leadership dashboard's figures in one call (leaders, analysts, admins; always within the caller's scope).
// Thin: validate, one domain call, JSON; the request is audited like any analytics query.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { DashboardQuery, runDashboard } from "../../analytics/dashboard";
import { appendAudit } from "../auth/audit";
import type { AuthEnv } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { inTransaction } from "../storage/database";
import type { AppDeps } from "./deps";

const dashboardRoute = createRoute({
  method: "post",
  path: "/dashboard",
  tags: ["analytics"],
  request: { body: { required: true, content: { "application/json": { schema: DashboardQuery } } } },
  responses: {
    200: {
      description:
        "Topic trends (8 rounds), this round against the last per topic, child units × topics, risers and fallers, response rates, eNPS trend: each a breakdown result with the usual suppression.",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
    400: errorResponse("`unknown_value` (also for a unit outside your scope), `unknown_wave`, `no_waves`."),
  },
});

export function dashboardRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook }).openapi(dashboardRoute, async (c) => {
    const body = c.req.valid("json");
    const dashboard = await runDashboard(deps.db, deps.db.analytics, body, c.var.user, deps.now());
    await inTransaction(deps.db.write, () =>
      appendAudit(deps.db.write, {
        at: deps.now(),
        actor: c.var.user.username,
        action: "dashboard_view",
        target: dashboard.unitId,
        detail: { surveyId: dashboard.surveyId, waveId: dashboard.waveId },
      }),
    );
    return c.json(dashboard as unknown as Record<string, unknown>, 200);
  });
}
