// The printable paper form of a survey round as a PDF (admins, grid workers), printed by the server's Chromium
// from the same page staff print from their browser. Thin: validate, one domain call, the file.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { paperFormLangs, paperFormPdf } from "../paper/paperFormPdf";
import type { AppDeps } from "./deps";

const formPdfRoute = createRoute({
  method: "get",
  path: "/waves/{id}/paper/form.pdf",
  tags: ["paper"],
  request: {
    params: z.object({ id: z.string().min(1).max(200) }),
    query: z.strictObject({
      lang: z
        .enum(paperFormLangs)
        .default("zh-cn")
        .openapi({ description: "`bilingual`: Chinese with the English beneath." }),
      unitId: z.string().min(1).max(200).optional().openapi({
        description:
          "Print this unit on the form (one of your scope; any other leaves the box blank to write in).",
      }),
    }),
  },
  responses: {
    200: {
      description: "The A4 paper form, every question named as its data-entry template column.",
      content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
    },
    404: errorResponse("`wave_not_found`."),
    503: errorResponse("`pdf_unavailable`: no Chromium on this server (print the form page instead)."),
  },
});

export function paperFormRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook }).openapi(formPdfRoute, async (c) => {
    const file = await paperFormPdf(
      deps.db,
      c.var.user,
      c.req.valid("param").id,
      c.req.valid("query"),
      deps.selfUrl?.(),
      deps.now(),
    );
    return new Response(file.body as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]/g, "_")}"`,
        "cache-control": "no-store",
      },
    });
  });
}
