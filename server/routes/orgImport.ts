// The whole organisation for its admins: the change history, the live tree as a CSV to edit, and importing an
// edited tree (preview the diff, then apply it). Thin: validate, one domain call, answer.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, wholeOrganisationOnly } from "../auth/middleware";
import { ApiError } from "../errors";
import { validationHook } from "../http/errorHandling";
import { BothLanguages, errorResponse } from "../http/schemas";
import { orgColumns } from "../org/checkOrgRows";
import { exportOrgCsv } from "../org/exportTree";
import { applyOrgImport, previewOrgImport } from "../org/importTree";
import { unitHistory } from "../org/unitHistory";
import { unitKinds } from "../org/units";
import type { AppDeps } from "./deps";
import { xlsxType } from "./paper";

const changeKinds = ["rename", "move", "merge", "add", "retire", "restore", "headcount", "kind"] as const;

const UnitChange = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    kind: z.enum(changeKinds),
    unitId: z.string(),
    unitName: BothLanguages.nullable(),
    intoUnitId: z
      .string()
      .nullable()
      .openapi({ description: "move, add, restore: the parent; merge: the unit that carries it on." }),
    intoUnitName: BothLanguages.nullable(),
    by: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).openapi({
      description:
        "rename: {from, to} names; move: {fromParentId}; headcount, kind: {from, to}; imported: true when from a file.",
    }),
  })
  .openapi("UnitChange");

const historyRoute = createRoute({
  method: "get",
  path: "/units/history",
  tags: ["organisation"],
  request: {
    query: z.strictObject({
      unitId: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .openapi({ description: "Changes of this unit (or into it) only." }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      before: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ description: "`nextBefore` of the previous page." }),
    }),
  },
  responses: {
    200: {
      description: "Changes to the organisation, newest first.",
      content: {
        "application/json": {
          schema: z.object({ entries: z.array(UnitChange), nextBefore: z.number().int().nullable() }),
        },
      },
    },
  },
});

const exportRoute = createRoute({
  method: "get",
  path: "/units/export.csv",
  tags: ["organisation"],
  responses: {
    200: {
      description: `The live tree, parent first, with the columns an import reads (${orgColumns.join(",")}); UTF-8 with BOM.`,
      content: { "text/csv": { schema: z.string() } },
    },
  },
});

const Names = z.object({ nameZh: z.string(), nameEn: z.string() });
const Named = Names.extend({ id: z.string() });
const FileUnit = Named.extend({
  row: z.number().int(),
  parentId: z.string().nullable(),
  kind: z.enum(unitKinds),
  headcount: z.number().int(),
});

export const OrgDiffSchema = z
  .object({
    baseFingerprint: z
      .string()
      .openapi({ description: "Send it to apply: it refuses if the tree changed since." }),
    units: z.number().int().openapi({ description: "Units in the file." }),
    added: z.array(FileUnit),
    restored: z.array(FileUnit).openapi({ description: "Retired units the file brings back." }),
    moved: z.array(Named.extend({ row: z.number().int(), from: Named.nullable(), to: Named })),
    renamed: z.array(z.object({ row: z.number().int(), id: z.string(), from: Names, to: Names })),
    kindChanged: z.array(
      Named.extend({ row: z.number().int(), from: z.enum(unitKinds), to: z.enum(unitKinds) }),
    ),
    retired: z
      .array(Named.extend({ kind: z.enum(unitKinds), headcount: z.number().int() }))
      .openapi({ description: "Live units the file leaves out: retired (merges are never inferred)." }),
    headcountChanged: z.array(
      Named.extend({ row: z.number().int(), from: z.number().int(), to: z.number().int() }),
    ),
    headcount: z.object({ before: z.number().int(), after: z.number().int() }),
    unchanged: z.number().int(),
  })
  .openapi("OrgImportDiff");

const OrgFileProblems = z
  .object({
    error: z.object({
      code: z.literal("invalid_org_file"),
      message: z.string(),
      errors: z.array(
        z.object({
          row: z.number().int().nullable().openapi({
            description: "As the spreadsheet numbers it (header = 1); null: the file as a whole.",
          }),
          column: z.enum(orgColumns).nullable(),
          code: z.string(),
          message: z.string(),
          value: z.string().optional(),
        }),
      ),
    }),
  })
  .openapi("OrgFileProblems");

/** Browsers send a .csv as text/csv or (Windows) application/vnd.ms-excel; an unknown type as octet-stream. */
const fileTypes = ["text/csv", xlsxType, "application/vnd.ms-excel", "application/octet-stream"] as const;
const fileBody = {
  required: true,
  description: "The organisation file as CSV (UTF-8 or GB18030) or XLSX (first sheet), the raw file.",
  content: Object.fromEntries(
    fileTypes.map((t) => [t, { schema: z.string().openapi({ format: "binary" }) }]),
  ),
};
const fileRefusals = {
  400: errorResponse(
    "Unreadable file: `unreadable_file`, `empty_file`, `file_too_large`, `no_header`, `duplicate_columns`, `unnamed_column`, `too_many_rows`.",
  ),
  413: errorResponse("Body over 10 MiB."),
  415: errorResponse("`unsupported_media_type`."),
  422: {
    description:
      "`invalid_org_file`: nothing changed; `error.errors` lists every problem ({row, column, code, message}).",
    content: { "application/json": { schema: OrgFileProblems } },
  },
} as const;

const fileName = z.string().max(200).optional().openapi({ description: "Recorded in the audit log." });

const previewRoute = createRoute({
  method: "post",
  path: "/units/import/preview",
  tags: ["organisation"],
  request: { query: z.strictObject({ fileName }), body: fileBody },
  responses: {
    200: {
      description: "What applying the file would change; nothing is changed.",
      content: { "application/json": { schema: OrgDiffSchema } },
    },
    ...fileRefusals,
  },
});

const applyRoute = createRoute({
  method: "post",
  path: "/units/import/apply",
  tags: ["organisation"],
  request: {
    query: z.strictObject({ baseFingerprint: z.string().min(1).max(100), fileName }),
    body: fileBody,
  },
  responses: {
    200: {
      description:
        "Applied, all in one transaction: the diff that was applied. Rounds not yet closed take the new tree; closed rounds keep theirs.",
      content: { "application/json": { schema: OrgDiffSchema } },
    },
    ...fileRefusals,
    409: errorResponse("`organisation_changed`: the tree changed since the preview; preview again."),
  },
});

export function orgImportRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  // The whole tree, outside any one scope: for admins of the whole organisation.
  // Exact paths: the access check takes the first handler the router matched for the endpoint.
  app.on("GET", ["/units/history", "/units/export.csv"], wholeOrganisationOnly(deps));
  app.on("POST", ["/units/import/preview", "/units/import/apply"], wholeOrganisationOnly(deps));
  app.use("/units/import/*", async (c, next) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!(fileTypes as readonly string[]).includes(type)) {
      throw new ApiError(
        415,
        "unsupported_media_type",
        `Send the organisation file itself (Content-Type: ${fileTypes.join(", ")}).`,
      );
    }
    await next();
  });
  const bytes = async (c: { req: { arrayBuffer: () => Promise<ArrayBuffer> } }) =>
    new Uint8Array(await c.req.arrayBuffer());
  return app
    .openapi(historyRoute, async (c) => c.json(await unitHistory(deps.db, c.req.valid("query")), 200))
    .openapi(
      exportRoute,
      async () =>
        new Response(await exportOrgCsv(deps.db), {
          headers: {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": 'attachment; filename="organisation.csv"',
            "cache-control": "no-store",
          },
        }),
    )
    .openapi(previewRoute, async (c) => c.json(await previewOrgImport(deps.db, await bytes(c)), 200))
    .openapi(applyRoute, async (c) => {
      const query = c.req.valid("query");
      const diff = await applyOrgImport(deps.db, await bytes(c), query.baseFingerprint, {
        actor: c.var.user.username,
        now: deps.now(),
        fileName: query.fileName ?? null,
      });
      // Submissions check units against the reference cache: retired units stop taking responses at once.
      deps.reference.invalidate();
      return c.json(diff, 200);
    });
}
