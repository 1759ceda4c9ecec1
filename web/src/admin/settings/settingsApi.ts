// The catalogue and settings pages' calls to the HTTP API, typed from the server's routes with Hono's client.
// Only these two admin pages import it, so no other route downloads it.
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import type { AppType } from "../../../../server/app";
import { call } from "../../api";

const client = hc<AppType>("/");

export type CatalogueKind = "topics" | "groups";
export type CatalogueEntry = InferResponseType<typeof client.api.topics.$get, 200>[number];
export type NewEntry = InferRequestType<typeof client.api.topics.$post>["json"];
export type OrgSettings = InferResponseType<typeof client.api.settings.$get, 200>;
export type SettingsUpdate = InferRequestType<typeof client.api.settings.$post>["json"];

const api = (kind: CatalogueKind) => (kind === "topics" ? client.api.topics : client.api.groups);

export const fetchCatalogue = (kind: CatalogueKind) => call<CatalogueEntry[]>(() => api(kind).$get());
export const createEntry = (kind: CatalogueKind, json: NewEntry) =>
  call<CatalogueEntry>(() => api(kind).$post({ json }));
export const renameEntry = (kind: CatalogueKind, id: string, json: { nameZh?: string; nameEn?: string }) =>
  call<CatalogueEntry>(() => api(kind)[":id"].$post({ param: { id }, json }));
export const orderEntries = (kind: CatalogueKind, ids: string[]) =>
  call<CatalogueEntry[]>(() => api(kind).order.$post({ json: { ids } }));
export const retireEntry = (kind: CatalogueKind, id: string, retired: boolean) =>
  call<CatalogueEntry>(() =>
    retired
      ? api(kind)[":id"].retire.$post({ param: { id } })
      : api(kind)[":id"].restore.$post({ param: { id } }),
  );

export const fetchSettings = () => call<OrgSettings>(() => client.api.settings.$get());
export const saveSettings = (json: SettingsUpdate) =>
  call<OrgSettings>(() => client.api.settings.$post({ json }));
