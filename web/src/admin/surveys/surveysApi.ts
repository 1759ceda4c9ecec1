// The questionnaire pages' calls: the register of surveys and versions, one version's definition, uploading a
// definition, the tagging items of a version and saving tags. Results, never throws, as ../../api.ts.
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import type { AppType } from "../../../../server/app";
import { call } from "../../api";

const client = hc<AppType>("/");
type Surveys = typeof client.api.surveys;
type Version = Surveys[":id"]["versions"][":version"];

export type SurveySummary = InferResponseType<Surveys["$get"], 200>[number];
export type SurveyVersion = InferResponseType<Version["$get"], 200>;
export type TaggingView = InferResponseType<Version["items"]["$get"], 200>;
export type TaggingItem = TaggingView["items"][number];
export type TaggingRequest = InferRequestType<Surveys[":id"]["tagging"]["$post"]>["json"];
export type TaggingChange = TaggingRequest["changes"][number];
export type SavedVersion = InferResponseType<Surveys["$post"], 201>;

const versionParam = (id: string, version: number) => ({
  id: encodeURIComponent(id),
  version: String(version),
});

export const fetchSurveys = () => call<SurveySummary[]>(() => client.api.surveys.$get());

export const fetchSurveyVersion = (id: string, version: number) =>
  call<SurveyVersion>(() =>
    client.api.surveys[":id"].versions[":version"].$get({ param: versionParam(id, version) }),
  );

export const uploadSurvey = (id: string, definition: Record<string, unknown>) =>
  call<SavedVersion>(() => client.api.surveys.$post({ json: { id, definition } }));

export const fetchTaggingView = (id: string, version: number) =>
  call<TaggingView>(() =>
    client.api.surveys[":id"].versions[":version"].items.$get({ param: versionParam(id, version) }),
  );

export const saveTagging = (id: string, json: TaggingRequest) =>
  call<SavedVersion>(() =>
    client.api.surveys[":id"].tagging.$post({ param: { id: encodeURIComponent(id) }, json }),
  );

export const previewPath = (id: string, version: number) =>
  `/admin/surveys/${encodeURIComponent(id)}/${version}/preview`;
export const taggingPath = (id: string, version: number) =>
  `/admin/surveys/${encodeURIComponent(id)}/${version}/tagging`;
/** The waves page (another part of the admin) opens its creation form on this survey version. */
export const newWavePath = (id: string, version: number) =>
  `/admin/waves?${new URLSearchParams({ survey: id, version: String(version) })}`;
