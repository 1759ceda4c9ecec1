// Waves: the public list and the fill page's form payload; creating one (admin); response progress (scoped). Thin: validate, one domain call, JSON.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, wholeOrganisationOnly } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { Bilingual, errorResponse } from "../http/schemas";
import { waveProgress } from "../waves/progress";
import { getWaveForm } from "../waves/waveForm";
import { channels, createWave, listWaves } from "../waves/waves";
import type { AppDeps } from "./deps";
import { ScopedUnit } from "./units";

export const WaveSchema = z
  .object({
    id: z.string(),
    surveyId: z.string(),
    surveyVersion: z.number().int(),
    title: z.string(),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    opensAt: z.iso.datetime(),
    closesAt: z.iso.datetime(),
    channels: z.array(z.enum(channels)),
    status: z.enum(["scheduled", "open", "closed"]),
  })
  .openapi("Wave");

const WaveForm = z
  .object({
    wave: WaveSchema,
    survey: z
      .record(z.string(), z.unknown())
      .openapi({ description: "SurveyJS JSON of the wave's version." }),
    units: z.array(
      z.object({
        id: z.string(),
        parentId: z.string().nullable(),
        name: Bilingual,
        level: z.number().int(),
        headcount: z.number().int(),
      }),
    ),
    groups: z.array(z.object({ id: z.string(), name: Bilingual })),
    slipUnitIds: z
      .array(z.string())
      .openapi({ description: "Units whose online and on-site answers need a single-use slip (`token`)." }),
    minGroupSize: z.number().int().openapi({
      description:
        "The organisation's minimum group size: results are shown only for groups at least this big.",
    }),
    languages: z
      .array(z.enum(["zh-cn", "en"]))
      .openapi({ description: "The languages the organisation offers, the default first." }),
  })
  .openapi("WaveForm");

const listRoute = createRoute({
  method: "get",
  path: "/waves",
  tags: ["waves"],
  responses: {
    200: {
      description: "Every wave, newest period first.",
      content: { "application/json": { schema: z.array(WaveSchema) } },
    },
  },
});

const formRoute = createRoute({
  method: "get",
  path: "/waves/{id}/form",
  tags: ["waves"],
  request: { params: z.object({ id: z.string().min(1).max(200) }) },
  responses: {
    200: {
      description: "Everything a fill page needs.",
      content: { "application/json": { schema: WaveForm } },
    },
    404: errorResponse("No such wave (`wave_not_found`)."),
    409: errorResponse("The wave is not open now (`wave_closed`, `wave_not_open_yet`)."),
  },
});

export const NewWave = z
  .strictObject({
    surveyId: z.string().min(1).max(100),
    surveyVersion: z.number().int().positive().optional(),
    title: z.string().trim().min(1).max(200),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }),
    channels: z.array(z.enum(channels)).min(1).max(3),
  })
  .openapi("NewWave");
export type NewWave = z.infer<typeof NewWave>;

const createWaveRoute = createRoute({
  method: "post",
  path: "/waves",
  tags: ["waves"],
  request: { body: { required: true, content: { "application/json": { schema: NewWave } } } },
  responses: {
    201: {
      description: "The new wave, as GET /api/waves lists it.",
      content: { "application/json": { schema: WaveSchema } },
    },
    400: errorResponse("`unknown_survey`, `bad_period`, `bad_window`, or a malformed request."),
  },
});

const Counts = z.object({
  online: z.number().int(),
  onsite: z.number().int(),
  paper: z.number().int(),
  total: z.number().int(),
});

const WaveProgress = z
  .object({
    wave: WaveSchema,
    rootUnitId: z.string(),
    units: z.array(
      ScopedUnit.extend({ own: Counts, subtree: Counts.extend({ headcount: z.number().int() }) }),
    ),
  })
  .openapi("WaveProgress");

const progressRoute = createRoute({
  method: "get",
  path: "/waves/{id}/progress",
  tags: ["waves"],
  request: {
    params: z.object({ id: z.string().min(1).max(200) }),
    query: z.strictObject({ unitId: z.string().min(1).max(200).optional() }),
  },
  responses: {
    200: {
      description: "Responses by channel against headcount for a unit (default: your scope) and its subtree.",
      content: { "application/json": { schema: WaveProgress } },
    },
    404: errorResponse("`wave_not_found`, or `unit_not_found` (also for a unit outside your scope)."),
  },
});

export function waveRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  app.on("POST", "/waves", wholeOrganisationOnly(deps));
  return app
    .openapi(listRoute, async (c) => c.json(await listWaves(deps.db, deps.now()), 200))
    .openapi(formRoute, async (c) =>
      c.json(await getWaveForm(deps.db, c.req.valid("param").id, deps.now()), 200),
    )
    .openapi(createWaveRoute, async (c) => {
      const input = c.req.valid("json");
      const wave = await createWave(
        deps.db,
        {
          ...input,
          opensAt: new Date(input.opensAt).toISOString(),
          closesAt: new Date(input.closesAt).toISOString(),
        },
        deps.now(),
        c.var.user.username,
      );
      // Submissions check waves against the reference cache: the new round must be known there at once.
      deps.reference.invalidate();
      return c.json(wave, 201);
    })
    .openapi(progressRoute, async (c) =>
      c.json(
        await waveProgress(
          deps.db,
          c.req.valid("param").id,
          c.var.user,
          deps.now(),
          c.req.valid("query").unitId,
        ),
        200,
      ),
    );
}
