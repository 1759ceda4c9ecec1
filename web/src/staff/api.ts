// The staff pages' calls to the HTTP API, typed from the server's routes with Hono's client. Kept apart from
// ../api.ts so the respondent route never downloads them.
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import type { AppType } from "../../../server/app";
import { type ApiResult, call } from "../api";

const client = hc<AppType>("/");

export type CurrentUser = InferResponseType<typeof client.api.auth.me.$get, 200>;
export type Role = CurrentUser["role"];
export type Account = InferResponseType<typeof client.api.users.$get, 200>[number];
export type NewAccount = InferRequestType<typeof client.api.users.$post>["json"];
export type AccountChanges = InferRequestType<(typeof client.api.users)[":username"]["$patch"]>["json"];
export type AuditQuery = InferRequestType<typeof client.api.audit.$get>["query"];
export type AuditPage = InferResponseType<typeof client.api.audit.$get, 200>;
export type AuditEntry = AuditPage["entries"][number];
export type ScopedUnit = InferResponseType<typeof client.api.units.$get, 200>[number];
export type WaveProgress = InferResponseType<(typeof client.api.waves)[":id"]["progress"]["$get"], 200>;
export type UnitProgress = WaveProgress["units"][number];

export const fetchMe = () => call<CurrentUser>(() => client.api.auth.me.$get());
export const login = (username: string, password: string) =>
  call<CurrentUser>(() => client.api.auth.login.$post({ json: { username, password } }));
export const logout = () => call<null>(() => client.api.auth.logout.$post());
export const changeOwnPassword = (currentPassword: string, newPassword: string) =>
  call<CurrentUser>(() => client.api.auth.password.$post({ json: { currentPassword, newPassword } }));

export const fetchAccounts = () => call<Account[]>(() => client.api.users.$get());
export const createAccount = (json: NewAccount) =>
  call<{ account: Account; password?: string }>(() => client.api.users.$post({ json }));
export const updateAccount = (username: string, json: AccountChanges) =>
  call<Account>(() => client.api.users[":username"].$patch({ param: { username }, json }));
export const resetPassword = (username: string, password?: string) =>
  call<{ password?: string }>(() =>
    client.api.users[":username"].password.$post({
      param: { username },
      json: password === undefined ? {} : { password },
    }),
  );

export const fetchAudit = (query: AuditQuery) => call<AuditPage>(() => client.api.audit.$get({ query }));
export const fetchUnits = () => call<ScopedUnit[]>(() => client.api.units.$get());
export const fetchProgress = (waveId: string, unitId?: string) =>
  call<WaveProgress>(() =>
    client.api.waves[":id"].progress.$get({
      param: { id: encodeURIComponent(waveId) },
      query: unitId === undefined ? {} : { unitId },
    }),
  );

export type { ApiResult };
