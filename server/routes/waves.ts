// Waves: the public list and the fill page's form payload. Thin: validate, one domain call, JSON.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { getWaveForm } from "../waves/waveForm";
import { channels, listWaves } from "../waves/waves";
import type { AppDeps } from "./deps";

const Bilingual = z.union([z.string(), z.record(z.string(), z.string())]);

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

export function waveRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => c.json(await listWaves(deps.db, deps.now()), 200))
    .openapi(formRoute, async (c) =>
      c.json(await getWaveForm(deps.db, c.req.valid("param").id, deps.now()), 200),
    );
}
