// Periodic reports (leaders, analysts, admins; within scope): the report's data for the printable page, making a
// report (PDF + XLSX, kept), the list of kept reports and their files. Thin: validate, one domain call, answer.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { buildReport } from "../../analytics/report";
import type { AuthEnv } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { listReports, makeReport, reportFile } from "../reports/reports";
import { createSchedule, deleteSchedule, listSchedules } from "../reports/schedules";
import type { AppDeps } from "./deps";

const ReportTarget = {
  surveyId: z.string().min(1).max(100).optional(),
  unitId: z.string().min(1).max(200).optional(),
  waveId: z.string().min(1).max(200).optional(),
};
export const NewReport = z
  .strictObject({ ...ReportTarget, lang: z.enum(["zh-cn", "en"]).default("zh-cn") })
  .openapi("NewReport");

const ReportSummary = z
  .object({
    id: z.string(),
    surveyId: z.string(),
    unitId: z.string(),
    waveId: z.string(),
    lang: z.enum(["zh-cn", "en"]),
    title: z.string(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .openapi("ReportSummary");

const dataRoute = createRoute({
  method: "get",
  path: "/reports/data",
  tags: ["reports"],
  request: { query: z.strictObject(ReportTarget) },
  responses: {
    200: {
      description: "Everything the printable report shows.",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
    400: errorResponse("`unknown_value` (also for a unit outside your scope), `unknown_wave`."),
  },
});

const makeRoute = createRoute({
  method: "post",
  path: "/reports",
  tags: ["reports"],
  request: { body: { required: true, content: { "application/json": { schema: NewReport } } } },
  responses: {
    201: {
      description: "Made and kept: download its PDF and XLSX.",
      content: { "application/json": { schema: ReportSummary } },
    },
    400: errorResponse("As for /reports/data."),
    503: errorResponse("`pdf_unavailable`: no Chromium on this server."),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/reports",
  tags: ["reports"],
  responses: {
    200: {
      description: "Kept reports of units in your scope, newest first.",
      content: { "application/json": { schema: z.array(ReportSummary) } },
    },
  },
});

const fileRoute = createRoute({
  method: "get",
  path: "/reports/{id}/{kind}",
  tags: ["reports"],
  request: { params: z.object({ id: z.string().min(1).max(100), kind: z.enum(["pdf", "xlsx"]) }) },
  responses: {
    200: {
      description: "The file.",
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    404: errorResponse("`report_not_found` (also for a report outside your scope)."),
  },
});

const NewSchedule = z
  .strictObject({
    surveyId: z.string().min(1).max(100),
    unitId: z.string().min(1).max(200).optional(),
    cadence: z.enum(["monthly", "quarterly"]),
    lang: z.enum(["zh-cn", "en"]).default("zh-cn"),
  })
  .openapi("NewReportSchedule");

const Schedule = z
  .object({
    id: z.string(),
    surveyId: z.string(),
    unitId: z.string(),
    cadence: z.enum(["monthly", "quarterly"]),
    lang: z.enum(["zh-cn", "en"]),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .openapi("ReportSchedule");

const listSchedulesRoute = createRoute({
  method: "get",
  path: "/report-schedules",
  tags: ["reports"],
  responses: {
    200: {
      description: "Schedules of units in your scope.",
      content: { "application/json": { schema: z.array(Schedule) } },
    },
  },
});

const createScheduleRoute = createRoute({
  method: "post",
  path: "/report-schedules",
  tags: ["reports"],
  request: { body: { required: true, content: { "application/json": { schema: NewSchedule } } } },
  responses: {
    201: {
      description: "Scheduled: after each month or quarter ends, its report is made and kept, as you.",
      content: { "application/json": { schema: Schedule } },
    },
    400: errorResponse("`unknown_value` (also for a unit outside your scope), `unknown_survey`."),
  },
});

const deleteScheduleRoute = createRoute({
  method: "delete",
  path: "/report-schedules/{id}",
  tags: ["reports"],
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    204: { description: "No more reports on this schedule; the ones made are kept." },
    404: errorResponse("`schedule_not_found` (also for a schedule outside your scope)."),
  },
});

const contentTypes = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export function reportRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .openapi(dataRoute, async (c) =>
      c.json(
        (await buildReport(
          deps.db,
          deps.db.analytics,
          c.req.valid("query"),
          c.var.user,
          deps.now(),
        )) as unknown as Record<string, unknown>,
        200,
      ),
    )
    .openapi(makeRoute, async (c) =>
      c.json(await makeReport(deps.db, c.var.user, c.req.valid("json"), deps.selfUrl?.(), deps.now()), 201),
    )
    .openapi(listRoute, async (c) => c.json(await listReports(deps.db, c.var.user.scopeUnitId), 200))
    .openapi(listSchedulesRoute, async (c) =>
      c.json(await listSchedules(deps.db, c.var.user.scopeUnitId), 200),
    )
    .openapi(createScheduleRoute, async (c) =>
      c.json(await createSchedule(deps.db, c.var.user, c.req.valid("json"), deps.now()), 201),
    )
    .openapi(deleteScheduleRoute, async (c) => {
      await deleteSchedule(deps.db, c.var.user, c.req.valid("param").id, deps.now());
      return c.body(null, 204);
    })
    .openapi(fileRoute, async (c) => {
      const { id, kind } = c.req.valid("param");
      const file = await reportFile(deps.db, c.var.user.scopeUnitId, id, kind);
      return new Response(file.body as Uint8Array<ArrayBuffer>, {
        headers: {
          "content-type": contentTypes[kind],
          "content-disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]/g, "_")}"`,
          "cache-control": "no-store",
        },
      });
    });
}
