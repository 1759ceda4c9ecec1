// Paper forms of a wave (admins, grid workers; within scope): what a keying screen and a printed form need, the
// data-entry template (XLSX, CSV), and importing filled templates. Thin: validate, one domain call, answer.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { columnKinds } from "../paper/columns";
import { getPaperForm } from "../paper/paperForm";
import type { AppDeps } from "./deps";
import { WaveSchema } from "./waves";

const Texts = z
  .object({ default: z.string(), "zh-cn": z.string() })
  .openapi({ description: "English (`default`) and Chinese (`zh-cn`), like survey texts." });

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

export function paperRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  return app.openapi(paperRoute, async (c) =>
    c.json(await getPaperForm(deps.db, c.req.valid("param").id, c.var.user, deps.now()), 200),
  );
}
