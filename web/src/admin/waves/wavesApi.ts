// The survey-round admin page's calls to the HTTP API, typed from the server's routes with Hono's client. Its own
// chunk: only /admin/waves loads it.
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import type { AppType } from "../../../../server/app";
import { call } from "../../api";

const client = hc<AppType>("/");
const wave = client.api.waves[":id"];

export type AdminWaves = InferResponseType<typeof client.api.admin.waves.$get, 200>;
export type AdminWave = AdminWaves["waves"][number];
export type WaveAction = AdminWave["actions"][number];
export type NewWave = InferRequestType<typeof client.api.waves.$post>["json"];
export type CreatedWave = InferResponseType<typeof client.api.waves.$post, 201>;
export type CopiedWave = InferResponseType<(typeof wave)["copy"]["$get"], 200>;
export type ScheduleChanges = InferRequestType<(typeof wave)["schedule"]["$post"]>["json"];
export type SurveySummary = InferResponseType<typeof client.api.surveys.$get, 200>[number];
export type Channel = NewWave["channels"][number];

const param = (id: string) => ({ param: { id: encodeURIComponent(id) } });

export const fetchAdminWaves = () => call<AdminWaves>(() => client.api.admin.waves.$get());
export const fetchSurveys = () => call<SurveySummary[]>(() => client.api.surveys.$get());
export const createWave = (json: NewWave) => call<CreatedWave>(() => client.api.waves.$post({ json }));
export const copyWave = (id: string) => call<CopiedWave>(() => wave.copy.$get(param(id)));
export const scheduleWave = (id: string, json: ScheduleChanges) =>
  call<CreatedWave>(() => wave.schedule.$post({ ...param(id), json }));
export const openWave = (id: string) => call<CreatedWave>(() => wave.open.$post(param(id)));
export const extendWave = (id: string, closesAt: string) =>
  call<CreatedWave>(() => wave.extend.$post({ ...param(id), json: { closesAt } }));
export const closeWave = (id: string) => call<CreatedWave>(() => wave.close.$post(param(id)));
