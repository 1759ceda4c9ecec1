// Questionnaires (fixed contract): an admin uploads a SurveyJS definition as a new version; anyone signed in reads
// the latest. Thin: validate, one domain call, JSON. The checks themselves live in catalogue/.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, wholeOrganisationOnly } from "../auth/middleware";
import { listSurveys, wavesUsingVersion } from "../catalogue/listSurveys";
import { SURVEY_ID } from "../catalogue/loadCatalogue";
import { getSurveyVersion, registerSurvey } from "../catalogue/registerSurvey";
import type { SurveyDefinition } from "../catalogue/types";
import { ApiError } from "../errors";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import type { AppDeps } from "./deps";

const SurveyId = z
  .string()
  .max(100)
  .regex(SURVEY_ID, "use letters, digits, - and _ only, starting with a letter or digit");

export const SurveyUpload = z
  .strictObject({
    id: SurveyId,
    definition: z.record(z.string(), z.unknown()).openapi({ description: "SurveyJS JSON." }),
  })
  .openapi("SurveyUpload");
export type SurveyUpload = z.infer<typeof SurveyUpload>;

const SurveyVersionRef = z.object({ id: z.string(), version: z.number().int() }).openapi("SurveyVersionRef");

const uploadRoute = createRoute({
  method: "post",
  path: "/surveys",
  tags: ["surveys"],
  request: { body: { required: true, content: { "application/json": { schema: SurveyUpload } } } },
  responses: {
    201: { description: "A new version.", content: { "application/json": { schema: SurveyVersionRef } } },
    200: {
      description: "Identical to the latest version (key order ignored): that version.",
      content: { "application/json": { schema: SurveyVersionRef } },
    },
    400: errorResponse("Malformed request."),
    422: errorResponse(
      "`invalid_survey`: survey-core cannot load it, or a custom property is misused; `path` names the question.",
    ),
  },
});

const getRouteDef = createRoute({
  method: "get",
  path: "/surveys/{id}",
  tags: ["surveys"],
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: {
      description: "The latest version.",
      content: {
        "application/json": {
          schema: SurveyVersionRef.extend({ definition: z.record(z.string(), z.unknown()) }),
        },
      },
    },
    404: errorResponse("`survey_not_found`."),
  },
});

const SurveySummary = z
  .object({
    id: z.string(),
    title: z.union([z.string(), z.record(z.string(), z.string())]),
    latestVersion: z.number().int(),
    versions: z.array(
      z.object({
        version: z.number().int(),
        createdAt: z.iso.datetime(),
        usedByWaves: z.array(z.string()).openapi({ description: "Waves on this version: it is immutable." }),
        itemCount: z
          .number()
          .int()
          .openapi({ description: "Analysable items (scale, matrix rows, eNPS, demand)." }),
      }),
    ),
  })
  .openapi("SurveySummary");

const listRouteDef = createRoute({
  method: "get",
  path: "/surveys",
  tags: ["surveys"],
  responses: {
    200: {
      description: "Every questionnaire with its versions, newest version first.",
      content: { "application/json": { schema: z.array(SurveySummary) } },
    },
  },
});

const versionRouteDef = createRoute({
  method: "get",
  path: "/surveys/{id}/versions/{version}",
  tags: ["surveys"],
  request: {
    params: z.object({ id: z.string().min(1).max(100), version: z.coerce.number().int().positive() }),
  },
  responses: {
    200: {
      description: "One version, and the waves opened on it.",
      content: {
        "application/json": {
          schema: SurveyVersionRef.extend({
            definition: z.record(z.string(), z.unknown()),
            usedByWaves: z.array(z.string()),
          }),
        },
      },
    },
    404: errorResponse("`survey_not_found`."),
  },
});

export function surveyRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  app.on("POST", "/surveys", wholeOrganisationOnly(deps));
  return app
    .openapi(listRouteDef, async (c) => c.json(await listSurveys(deps.db), 200))
    .openapi(versionRouteDef, async (c) => {
      const { id, version } = c.req.valid("param");
      const survey = await getSurveyVersion(deps.db, id, version);
      if (!survey)
        throw new ApiError(404, "survey_not_found", `Survey "${id}" has no version ${version}.`, "version");
      const usedByWaves = await wavesUsingVersion(deps.db, id, version);
      return c.json({ id, version, definition: survey.definition, usedByWaves }, 200);
    })
    .openapi(uploadRoute, async (c) => {
      const { id, definition } = c.req.valid("json");
      const result = await registerSurvey(
        deps.db,
        id,
        definition as SurveyDefinition,
        c.var.user.username,
        deps.now(),
      );
      return c.json({ id: result.id, version: result.version }, result.created ? 201 : 200);
    })
    .openapi(getRouteDef, async (c) => {
      const { id } = c.req.valid("param");
      const survey = await getSurveyVersion(deps.db, id);
      if (!survey) throw new ApiError(404, "survey_not_found", `There is no survey "${id}".`);
      return c.json({ id: survey.id, version: survey.version, definition: survey.definition }, 200);
    });
}
