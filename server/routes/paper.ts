// Paper forms of a wave (admins, grid workers; within scope): what a keying screen and a printed form need, the
// data-entry template (XLSX, CSV), and importing filled templates. Thin: validate, one domain call, answer.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../auth/middleware";
import { ApiError } from "../errors";
import { validationHook } from "../http/errorHandling";
import { BothLanguages, errorResponse } from "../http/schemas";
import { columnKinds } from "../paper/columns";
import { importPaperForms } from "../paper/importForms";
import { getPaperForm, getPaperPlan } from "../paper/paperForm";
import { templateCsv, templateXlsx } from "../paper/template";
import type { AppDeps } from "./deps";
import { WaveSchema } from "./waves";

const Texts = BothLanguages;

const WaveParam = z.object({ id: z.string().min(1).max(200) });

export const PaperColumnSchema = z
  .object({
    name: z.string().openapi({
      description:
        "The exact column header: form_no, unit_id, group_id, filled_on, then `q1`, `matrix.row`, `q-Comment`…",
    }),
    kind: z.enum(columnKinds).openapi({
      description:
        "form_no: the number written on the form (required, unique per wave). unit / group: an id from `units` / " +
        "`groups`. date: YYYY-MM-DD. scale: a point of `choices` between min and max. number: a number within " +
        "min/max if given. choice: one of `choices` (its value or its text in either language). multi_choice: " +
        "several of `choices`, separated by `;` `、` or `,` in a cell. boolean: one of the two `choices` (是/否, " +
        "yes/no, 1/0 in a cell). text: one line. comment: free text.",
    }),
    questionName: z
      .string()
      .nullable()
      .openapi({ description: "The SurveyJS question; null for the first four." }),
    title: Texts,
    required: z.boolean().openapi({
      description: "Required when shown; a question the survey's logic hides (visibleIf) may stay blank.",
    }),
    choices: z
      .array(z.object({ value: z.union([z.string(), z.number(), z.boolean()]), text: Texts }))
      .optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    multiple: z.boolean().optional(),
  })
  .openapi("PaperColumn");

const PaperForm = z
  .object({
    wave: WaveSchema,
    survey: z
      .record(z.string(), z.unknown())
      .openapi({ description: "SurveyJS JSON of the wave's version." }),
    units: z.array(
      z.object({
        id: z.string(),
        parentId: z.string().nullable(),
        name: Texts,
        level: z.number().int(),
        headcount: z.number().int(),
      }),
    ),
    groups: z.array(z.object({ id: z.string(), name: Texts })),
    columns: z.array(PaperColumnSchema),
    omitted: z.array(z.object({ questionName: z.string(), type: z.string() })).openapi({
      description: "Questions a fixed paper grid cannot hold (dynamic panels, files, …): no column.",
    }),
  })
  .openapi("PaperForm");

const ImportReport = z
  .object({
    dryRun: z.boolean(),
    imported: z.number().int().openapi({ description: "Forms stored now (with dryRun: that would be)." }),
    unchanged: z.number().int().openapi({ description: "Forms already imported with the same content." }),
    rows: z.array(
      z.object({
        row: z.number().int(),
        formNo: z.string(),
        id: z.uuid().openapi({
          description:
            "UUID v5 of the wave and normalised form number in this installation's secret namespace: the same form, the same id.",
        }),
        status: z.enum(["imported", "unchanged"]),
      }),
    ),
  })
  .openapi("PaperImportReport");

const ImportProblems = z
  .object({
    error: z.object({
      code: z.literal("import_invalid"),
      message: z.string(),
      problems: z.array(
        z.object({
          row: z.number().int(),
          column: z.string(),
          code: z.string(),
          message: z.string(),
          params: z
            .object({
              value: z.string().optional(),
              min: z.number().optional(),
              max: z.number().optional(),
              firstRow: z.number().int().optional(),
            })
            .optional()
            .openapi({
              description:
                "For translating the message: the cell as found and the allowed range (out_of_range, not_a_number), or the row a duplicate form number first appeared on (duplicate_form_no).",
            }),
        }),
      ),
    }),
  })
  .openapi("PaperImportProblems");

const paperRoute = createRoute({
  method: "get",
  path: "/waves/{id}/paper",
  tags: ["paper"],
  request: { params: WaveParam },
  responses: {
    200: {
      description:
        "The wave, its survey, the units of your scope, the groups and the template's columns in order.",
      content: { "application/json": { schema: PaperForm } },
    },
    404: errorResponse("No such wave (`wave_not_found`)."),
  },
});

export const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const templateDescription =
  "The data-entry template: one row per form, row 1 = column names. XLSX: drop-down lists, and notes, units and " +
  "groups sheets (your scope). CSV: UTF-8 with BOM, the header row only.";

function templateRoute(format: "xlsx" | "csv") {
  return createRoute({
    method: "get",
    path: `/waves/{id}/paper/template.${format}`,
    tags: ["paper"],
    request: { params: WaveParam },
    responses: {
      200: {
        description: templateDescription,
        content: {
          [format === "xlsx" ? xlsxType : "text/csv"]: { schema: { type: "string", format: "binary" } },
        },
      },
      404: errorResponse("No such wave (`wave_not_found`)."),
    },
  });
}

/**
 * The file types the import takes, read by content (a zip is XLSX, anything else CSV): Windows browsers send a
 * .csv as application/vnd.ms-excel, and a file of unknown type comes as application/octet-stream.
 */
const fileTypes = ["text/csv", xlsxType, "application/vnd.ms-excel", "application/octet-stream"] as const;

const Cell = z.union([
  z.string().max(10_000),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(1000)),
]);

// zod's record drops a "__proto__" key without a word (so it never becomes the row's prototype); a column by that
// name is no more in the template than any other unknown one, so it is refused instead of quietly lost.
const PaperRow = z.preprocess(
  (row, ctx) => {
    if (row !== null && typeof row === "object" && Object.hasOwn(row, "__proto__")) {
      ctx.addIssue({ code: "custom", message: 'has a column "__proto__", which the template does not have' });
    }
    return row;
  },
  z.record(z.string().max(200), Cell),
);

const PaperRows = z
  .strictObject({
    rows: z.array(PaperRow).min(1).max(20_000).openapi({
      description: "Forms as {column name: value}; `row` in answers counts from 1 in this order.",
    }),
  })
  .openapi("PaperRows");
type PaperRows = z.infer<typeof PaperRows>;

const flag = z.enum(["0", "1", "true", "false"]).optional();

const importRoute = createRoute({
  method: "post",
  path: "/waves/{id}/paper/import",
  tags: ["paper"],
  request: {
    params: WaveParam,
    query: z.strictObject({
      dryRun: flag.openapi({ description: "1: check only, store nothing." }),
      overrideClosed: flag.openapi({
        description: "1 (admins only): import into a round that is closed or not open yet.",
      }),
      fileName: z.string().max(200).optional().openapi({ description: "Recorded in the audit log." }),
    }),
    body: {
      required: false,
      description: "The filled template as XLSX or CSV (the raw file), or JSON rows from the keying screen.",
      content: {
        "application/json": { schema: PaperRows },
        // Zod here too (documentation only: hono validates JSON bodies alone), so the typed client keeps `json`.
        // Every type the route takes is declared, or the OpenAPI layer would refuse it as "not JSON".
        "text/csv": { schema: z.string() },
        [xlsxType]: { schema: z.string().openapi({ format: "binary" }) },
        "application/vnd.ms-excel": { schema: z.string().openapi({ format: "binary" }) },
        "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
  },
  responses: {
    201: {
      description: "Every row was valid and is stored (all in one transaction).",
      content: { "application/json": { schema: ImportReport } },
    },
    200: {
      description: "dryRun=1: every row is valid; nothing stored (`imported` counts what would be).",
      content: { "application/json": { schema: ImportReport } },
    },
    400: errorResponse(
      "Unreadable file: `unreadable_file`, `empty_file`, `file_too_large` (an XLSX unpacking to over 100 MB), `no_header`, `duplicate_columns`, `unknown_columns`, `missing_columns`, `unnamed_column`, `no_forms` (no filled-in row), `too_many_rows`; `channel_not_allowed`.",
    ),
    403: errorResponse("`override_not_allowed`: overrideClosed is for administrators."),
    404: errorResponse("No such wave (`wave_not_found`)."),
    409: errorResponse(
      "`wave_closed`, `wave_not_open_yet`: outside the round's window, without overrideClosed; `wave_changed`: the round was rescheduled while the file was checked (upload it again).",
    ),
    413: errorResponse("Body over 10 MiB."),
    415: errorResponse(
      "`unsupported_media_type`: not one of text/csv, XLSX, application/vnd.ms-excel, application/octet-stream, application/json.",
    ),
    422: {
      description:
        "`import_invalid`: some rows have problems; nothing was stored. `error.problems` lists every problem of " +
        "every row (`row` as the spreadsheet numbers it, header = 1; `column`; `code`; `message`), including " +
        "`form_conflict` for a form number already imported with different answers.",
      content: { "application/json": { schema: ImportProblems } },
    },
  },
});

export function paperRoutes(deps: AppDeps) {
  const template = async (waveId: string, user: { scopeUnitId: string }, format: "xlsx" | "csv") => {
    const plan = await getPaperPlan(deps.db, waveId, user, deps.now());
    const body = format === "xlsx" ? await templateXlsx(plan) : templateCsv(plan);
    return new Response(body as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": format === "xlsx" ? xlsxType : "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="paper-${waveId.replace(/[^\w.-]/g, "_")}.${format}"`,
        "cache-control": "no-store",
      },
    });
  };
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  // Before the route's own validators, so a wrong type is told what this endpoint takes (not "send JSON").
  app.use("/waves/:id/paper/import", async (c, next) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (type !== "application/json" && !(fileTypes as readonly string[]).includes(type)) {
      throw new ApiError(
        415,
        "unsupported_media_type",
        `Send the filled template as a file (Content-Type: ${fileTypes.join(", ")}), or JSON rows with Content-Type: application/json.`,
      );
    }
    await next();
  });
  return app
    .openapi(paperRoute, async (c) =>
      c.json(await getPaperForm(deps.db, c.req.valid("param").id, c.var.user, deps.now()), 200),
    )
    .openapi(templateRoute("xlsx"), async (c) => template(c.req.valid("param").id, c.var.user, "xlsx"))
    .openapi(templateRoute("csv"), async (c) => template(c.req.valid("param").id, c.var.user, "csv"))
    .openapi(importRoute, async (c) => {
      const query = c.req.valid("query");
      const isJson = (c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json");
      const source = isJson
        ? { kind: "rows" as const, rows: (c.req.valid("json") as PaperRows).rows }
        : {
            kind: "file" as const,
            bytes: new Uint8Array(await c.req.arrayBuffer()),
            fileName: query.fileName ?? null,
          };
      const report = await importPaperForms(deps, c.var.user, {
        waveId: c.req.valid("param").id,
        source,
        dryRun: query.dryRun === "1" || query.dryRun === "true",
        overrideClosed: query.overrideClosed === "1" || query.overrideClosed === "true",
      });
      return c.json(report, report.dryRun ? 200 : 201);
    });
}
