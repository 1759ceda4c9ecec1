// Questionnaires (fixed contract): an admin uploads a SurveyJS definition as a new version; anyone signed in reads
// the latest. Thin: validate, one domain call, JSON. The checks themselves live in catalogue/.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, wholeOrganisationOnly } from "../auth/middleware";
import { applyTagging } from "../catalogue/applyTagging";
import { listSurveys, wavesUsingVersion } from "../catalogue/listSurveys";
import { SURVEY_ID } from "../catalogue/loadCatalogue";
import { getSurveyVersion, registerSurvey } from "../catalogue/registerSurvey";
import { cannotReasons, taggingView } from "../catalogue/taggingItems";
import type { SurveyDefinition } from "../catalogue/types";
import { ApiError } from "../errors";
import { validationHook } from "../http/errorHandling";
import { BothLanguages, errorResponse } from "../http/schemas";
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

const VersionParams = z.object({
  id: z.string().min(1).max(100),
  version: z.coerce.number().int().positive(),
});

const Cannot = z.enum(cannotReasons).nullable();
const TaggingItem = z
  .object({
    name: z.string().openapi({ description: "The question's name: what a tagging change names." }),
    itemId: z.string().openapi({ description: "The analytics item id: the name, or matrix.rowValue." }),
    row: z.string().nullable().openapi({ description: "A matrix row's value; null for a question." }),
    page: z.object({ name: z.string(), title: BothLanguages }),
    title: BothLanguages,
    type: z.string(),
    topic: z.string().nullable().openapi({ description: "A matrix row shows its matrix's topic." }),
    scale: z.tuple([z.number(), z.number()]).nullable(),
    favourableMin: z.number().nullable().openapi({ description: "In force: own, or the default top two." }),
    unfavourableMax: z
      .number()
      .nullable()
      .openapi({ description: "In force: own, or the default bottom two." }),
    ownFavourableMin: z.number().nullable().openapi({ description: "Set on the question; null = default." }),
    ownUnfavourableMax: z.number().nullable(),
    defaultFavourableMin: z.number().nullable().openapi({ description: "The top two points' lower end." }),
    defaultUnfavourableMax: z.number().nullable(),
    enps: z.boolean(),
    demand: z.boolean(),
    cannot: z
      .object({ topic: Cannot, enps: Cannot, demand: Cannot })
      .openapi({ description: "Per tag: null when the item can carry it, else why not." }),
  })
  .openapi("TaggingItem");

const itemsRouteDef = createRoute({
  method: "get",
  path: "/surveys/{id}/versions/{version}/items",
  tags: ["surveys"],
  request: { params: VersionParams },
  responses: {
    200: {
      description:
        "Every question and matrix row of the version in survey order, with its tags, and the topics.",
      content: {
        "application/json": {
          schema: z.object({
            id: z.string(),
            title: z.union([z.string(), z.record(z.string(), z.string())]),
            version: z.number().int(),
            latestVersion: z.number().int(),
            usedByWaves: z.array(z.string()),
            items: z.array(TaggingItem),
            topics: z.array(z.object({ id: z.string(), name: BothLanguages })),
          }),
        },
      },
    },
    404: errorResponse("`survey_not_found`."),
  },
});

const Threshold = z.number().finite().nullable().optional();
export const TaggingRequest = z
  .strictObject({
    baseVersion: z.number().int().positive(),
    changes: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(200),
          topic: z.string().min(1).max(100).nullable().optional(),
          favourableMin: Threshold,
          unfavourableMax: Threshold,
          enps: z.boolean().optional(),
          demand: z.boolean().optional(),
        }),
      )
      .max(2000)
      .refine((changes) => new Set(changes.map((c) => c.name)).size === changes.length, {
        message: "name each question at most once",
      }),
  })
  .openapi("TaggingRequest");

const taggingRouteDef = createRoute({
  method: "post",
  path: "/surveys/{id}/tagging",
  tags: ["surveys"],
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    body: { required: true, content: { "application/json": { schema: TaggingRequest } } },
  },
  responses: {
    201: {
      description: "A new version with the changes; the base version (and any wave on it) is unchanged.",
      content: { "application/json": { schema: SurveyVersionRef } },
    },
    200: {
      description: "Nothing changed: the base version.",
      content: { "application/json": { schema: SurveyVersionRef } },
    },
    400: errorResponse("Malformed request."),
    404: errorResponse("`survey_not_found`."),
    409: errorResponse("`stale_version`: baseVersion is no longer the latest."),
    422: errorResponse(
      "`unknown_question`, or `invalid_survey` for a tag the question cannot carry; `path` names the question.",
    ),
  },
});

export function surveyRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  app.on("POST", ["/surveys", "/surveys/:id/tagging"], wholeOrganisationOnly(deps));
  // The tagging screen is an admin's tool for changing a questionnaire: the same whole-organisation rule.
  app.on("GET", "/surveys/:id/versions/:version/items", wholeOrganisationOnly(deps));
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
    .openapi(itemsRouteDef, async (c) => {
      const { id, version } = c.req.valid("param");
      return c.json(await taggingView(deps.db, id, version), 200);
    })
    .openapi(taggingRouteDef, async (c) => {
      const result = await applyTagging(deps.db, c.req.valid("param").id, c.req.valid("json"), {
        actor: c.var.user.username,
        now: deps.now(),
      });
      return c.json({ id: result.id, version: result.version }, result.created ? 201 : 200);
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
