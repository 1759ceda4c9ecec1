// Breakdowns (fixed contract), their exports and the catalogue a workbench needs, for analysts, leaders and admins,
// always within the caller's scope. Thin: the contract's schema checks the body, the engine answers, the query (not its results) is audited.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { runBreakdown } from "../../analytics/breakdown";
import { readSnapshot } from "../../analytics/catalogue";
import { CommentsQuery, runComments } from "../../analytics/comments";
import { BreakdownQuery } from "../../analytics/query";
import { exportRawAnswers, RawExportQuery } from "../../analytics/rawExport";
import { breakdownTable, toCsv } from "../../analytics/tableExport";
import { toXlsx } from "../../analytics/xlsx";
import { appendAudit } from "../auth/audit";
import type { AuthEnv } from "../auth/middleware";
import { ApiError } from "../errors";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { inTransaction } from "../storage/database";
import type { AppDeps } from "./deps";

const Label = z.union([z.string(), z.record(z.string(), z.string())]);

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
      content: { "application/json": { schema: BreakdownQuery } },
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

const TableExport = z
  .strictObject({
    query: BreakdownQuery,
    format: z.enum(["csv", "xlsx"]),
    lang: z.enum(["zh-cn", "en"]).default("zh-cn"),
  })
  .openapi("TableExport");

const file = (description: string) => ({
  description,
  content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
});

const exportRoute = createRoute({
  method: "post",
  path: "/analytics/export",
  tags: ["analytics"],
  request: { body: { required: true, content: { "application/json": { schema: TableExport } } } },
  responses: {
    200: file("The breakdown table as CSV (UTF-8 with BOM) or XLSX, with the same suppression as the query."),
    400: errorResponse("As for /analytics/query."),
  },
});

const rawRoute = createRoute({
  method: "post",
  path: "/analytics/raw",
  tags: ["analytics"],
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: RawExportQuery } },
    },
  },
  responses: {
    200: file(
      "Anonymised answers: CSV, or a zip of Parquet files partitioned by wave (wave=<id>/…). No free text; units and groups coarsened until each holds at least minGroupSize responses.",
    ),
    400: errorResponse("As for /analytics/query."),
  },
});

const commentsRoute = createRoute({
  method: "post",
  path: "/analytics/comments",
  tags: ["analytics"],
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: CommentsQuery } },
    },
  },
  responses: {
    200: {
      description:
        "Free-text answers by cell, with keyword counts. Each text is shown under the pool of at least the comment group size (10) of responses its writer was released with; texts that reach no such pool are withheld.",
      content: {
        "application/json": {
          schema: z.object({
            cells: z.array(
              z.object({
                key: z.record(z.string(), z.string()),
                n: z.number().int(),
                count: z.number().int(),
                keywords: z.array(z.object({ word: z.string(), count: z.number().int() })),
                texts: z.array(z.object({ question: z.string(), text: z.string(), wave: z.string() })),
              }),
            ),
            meta: z.object({
              minGroupSize: z.number().int(),
              withheld: z.number().int(),
              labels: z.record(z.string(), z.record(z.string(), Label)),
              questions: z.record(z.string(), Label),
            }),
          }),
        },
      },
    },
    400: errorResponse("As for /analytics/query."),
  },
});

const catalogueRoute = createRoute({
  method: "get",
  path: "/analytics/catalogue",
  tags: ["analytics"],
  request: { query: z.strictObject({ surveyId: z.string().min(1).max(100) }) },
  responses: {
    200: {
      description:
        "What a breakdown of this survey can use: waves, topics, questions, groups; units come from /units.",
      content: {
        "application/json": {
          schema: z.object({
            surveyId: z.string(),
            waves: z.array(z.object({ id: z.string(), label: z.string(), periodStart: z.string() })),
            topics: z.array(z.object({ id: z.string(), label: Label })),
            questions: z.array(
              z.object({ id: z.string(), kind: z.string(), topic: z.string().nullable(), label: Label }),
            ),
            groups: z.array(z.object({ id: z.string(), label: Label })),
            minGroupSize: z.number().int(),
          }),
        },
      },
    },
    404: errorResponse("`survey_not_found`."),
  },
});

export function analyticsRoutes(deps: AppDeps) {
  const audit = (actor: string, action: string, target: string, detail: unknown) =>
    inTransaction(deps.db.write, () =>
      appendAudit(deps.db.write, {
        at: deps.now(),
        actor,
        action,
        target,
        detail: detail as Record<string, unknown>,
      }),
    );
  const download = (body: Uint8Array, contentType: string, fileName: string) =>
    new Response(body as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        "content-type": contentType,
        "content-disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`,
        "cache-control": "no-store",
      },
    });
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .openapi(queryRoute, async (c) => {
      const result = await runBreakdown(deps.db.analytics, c.req.valid("json"), c.var.user);
      await audit(c.var.user.username, "analytics_query", result.query.surveyId, result.query);
      return c.json(result, 200);
    })
    .openapi(exportRoute, async (c) => {
      const { query, format, lang } = c.req.valid("json");
      const result = await runBreakdown(deps.db.analytics, query, c.var.user);
      const table = breakdownTable(result, lang);
      await audit(c.var.user.username, "export", query.surveyId, {
        kind: `table_${format}`,
        query: result.query,
      });
      const name = `${query.surveyId}-breakdown-${deps.now().toISOString().slice(0, 10)}`;
      return format === "csv"
        ? download(new TextEncoder().encode(toCsv(table)), "text/csv; charset=utf-8", `${name}.csv`)
        : download(
            await toXlsx(table, query.surveyId),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            `${name}.xlsx`,
          );
    })
    .openapi(rawRoute, async (c) => {
      const body = c.req.valid("json");
      const out = await exportRawAnswers(deps.db.analytics, body, c.var.user);
      await audit(c.var.user.username, "export", body.surveyId, {
        kind: `raw_${body.format}`,
        query: body,
        rows: out.rows,
        withheldResponses: out.withheldResponses,
      });
      return download(out.body, out.contentType, out.fileName);
    })
    .openapi(commentsRoute, async (c) => {
      const body = c.req.valid("json");
      const result = await runComments(deps.db.analytics, body, c.var.user);
      await audit(c.var.user.username, "comments_query", body.surveyId, body);
      return c.json(result, 200);
    })
    .openapi(catalogueRoute, async (c) => {
      const { surveyId } = c.req.valid("query");
      const snap = await readSnapshot(deps.db.read, surveyId, c.var.user.scopeUnitId);
      if (!snap?.surveyExists)
        throw new ApiError(404, "survey_not_found", `There is no survey "${surveyId}".`);
      return c.json(
        {
          surveyId,
          waves: snap.waves.map((w) => ({ id: w.id, label: String(w.label), periodStart: w.periodStart })),
          topics: [...snap.topics].map(([id, label]) => ({ id, label })),
          questions: [...snap.items.values()].filter((i) => i.kind !== "demand"),
          groups: [...snap.groups].map(([id, label]) => ({ id, label })),
          minGroupSize: snap.settings.minGroupSize,
        },
        200,
      );
    });
}
