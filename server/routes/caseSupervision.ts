// Supervision of the closed loop (督办考核): department scores per quarter as JSON and XLSX, and every case a filter
// matches as XLSX. Mounted before the case routes, so `/cases/scores` is not taken for a case id. Thin routes.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../auth/middleware";
import { readCaseExport } from "../cases/caseExport";
import { quarterScores } from "../cases/scores";
import {
  casesFileName,
  casesXlsx,
  type FileName,
  scoresFileName,
  scoresXlsx,
} from "../cases/supervisionXlsx";
import { validationHook } from "../http/errorHandling";
import { BothLanguages, errorResponse } from "../http/schemas";
import { ListQuery, parseStatuses } from "./cases";
import type { AppDeps } from "./deps";
import { xlsxType } from "./paper";

const Lang = z.enum(["zh-cn", "en"]).default("zh-cn").openapi({ description: "Language of the headers." });
const Quarter = z.string().max(20).optional().openapi({
  description: "A plant-local quarter like `2026-Q4`; default: the current one.",
  example: "2026-Q4",
});

const figureShape = {
  received: z
    .number()
    .int()
    .openapi({ description: "Cases routed to the department in the quarter, each once." }),
  answered: z.number().int().openapi({ description: "Its answers approved in the quarter." }),
  due: z.number().int().openapi({ description: "Routing cycles whose deadline falls in the quarter." }),
  onTime: z.number().int(),
  overdue: z.number().int(),
  pending: z.number().int().openapi({ description: "Due in the quarter but not decided yet." }),
  perfunctory: z.number().int().openapi({ description: "Answers rejected as perfunctory in the quarter." }),
  deductions: z
    .number()
    .int()
    .openapi({ description: "扣分: −1 per perfunctory answer, −2 per overdue cycle." }),
  score: z
    .number()
    .int()
    .nullable()
    .openapi({ description: "100 + deductions; null in the totals (a score is one department's)." }),
  onTimeRate: z.number().nullable().openapi({ description: "onTime ÷ (onTime + overdue), 0..1." }),
  rated: z.number().int(),
  satisfied: z.number().int(),
  basically: z.number().int(),
  dissatisfied: z.number().int(),
  satisfactionRate: z.number().nullable().openapi({ description: "(satisfied + basically) ÷ rated, 0..1." }),
  satisfiedRate: z.number().nullable().openapi({ description: "satisfied ÷ rated, 0..1." }),
  adopted: z.number().int().openapi({ description: "Suggestions adopted (金点子) in the quarter." }),
};

const DepartmentScore = z
  .object({
    departmentId: z.string(),
    name: BothLanguages,
    ...figureShape,
    overdueCases: z.array(z.number().int()),
    perfunctoryCases: z.array(z.number().int()),
    adoptions: z.array(z.object({ number: z.number().int(), reward: z.string().nullable() })),
  })
  .openapi("DepartmentScore");

const QuarterScores = z
  .object({
    quarter: z.string(),
    from: z.string(),
    to: z.string(),
    today: z.string(),
    departments: z.array(DepartmentScore),
    totals: z.object(figureShape),
    onSpot: z.object({
      answered: z.number().int(),
      rated: z.number().int(),
      satisfied: z.number().int(),
      basically: z.number().int(),
      dissatisfied: z.number().int(),
    }),
  })
  .openapi("QuarterScores");

const scoresDescription =
  "Department scores for a quarter, by the plant's rules (server/cases/scores.ts). Analysts and admins: every live " +
  "department, counting the cases of writers in their scope; a handler: their own department's row.";

const scoresRoute = createRoute({
  method: "get",
  path: "/cases/scores",
  tags: ["cases"],
  request: { query: z.strictObject({ quarter: Quarter }) },
  responses: {
    200: { description: scoresDescription, content: { "application/json": { schema: QuarterScores } } },
    400: errorResponse("`quarter_invalid`: not a quarter like 2026-Q4."),
  },
});

const scoresXlsxRoute = createRoute({
  method: "get",
  path: "/cases/scores.xlsx",
  tags: ["cases"],
  request: { query: z.strictObject({ quarter: Quarter, lang: Lang }) },
  responses: {
    200: {
      description: `${scoresDescription} As a workbook: one row per department, the total, and answers given on the spot.`,
      content: { [xlsxType]: { schema: { type: "string", format: "binary" } } },
    },
    400: errorResponse("`quarter_invalid`: not a quarter like 2026-Q4."),
  },
});

const exportRoute = createRoute({
  method: "get",
  path: "/cases/export.xlsx",
  tags: ["cases"],
  request: { query: ListQuery.omit({ offset: true, limit: true }).extend({ lang: Lang }) },
  responses: {
    200: {
      description:
        "Every case the filters match (the filters of GET /api/cases), within your reach, one row each with its " +
        "text, answer, deadline, rating and the rest.",
      content: { [xlsxType]: { schema: { type: "string", format: "binary" } } },
    },
    400: errorResponse("A malformed filter (`status_invalid` names an unknown status)."),
  },
});

const file = (body: Uint8Array, name: FileName) =>
  new Response(body as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": xlsxType,
      "content-disposition":
        name.local === name.ascii
          ? `attachment; filename="${name.ascii}"`
          : `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.local)}`,
      "cache-control": "no-store",
    },
  });

export function caseSupervisionRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .openapi(scoresRoute, async (c) =>
      c.json(await quarterScores(deps.db, c.var.user, c.req.valid("query").quarter, deps.now()), 200),
    )
    .openapi(scoresXlsxRoute, async (c) => {
      const { quarter, lang } = c.req.valid("query");
      const scores = await quarterScores(deps.db, c.var.user, quarter, deps.now());
      return file(await scoresXlsx(scores, lang), scoresFileName(scores.quarter, lang));
    })
    .openapi(exportRoute, async (c) => {
      const { lang, status, q, overdue, dueSoon, sort, ...rest } = c.req.valid("query");
      const filter = {
        ...rest,
        ...(status ? { status: parseStatuses(status) } : {}),
        ...(q ? { search: q } : {}),
        overdue: overdue === "1",
        dueSoon: dueSoon === "1",
        sort: sort ?? "newest",
      };
      const data = await readCaseExport(deps.db, c.var.user, filter, deps.now());
      return file(await casesXlsx(data, lang), casesFileName(data.today, filter.overdue, lang));
    });
}
