// The organisation page's calls: single-unit changes, the change history, and the whole-tree import (preview,
// apply) with the file sent as it is. Results, never throws, as ../../api.ts.
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import type { AppType } from "../../../../server/app";
import { type ApiErrorInfo, type ApiResult, call } from "../../api";

const client = hc<AppType>("/");
const units = client.api.units;

export type NewUnit = InferRequestType<typeof units.$post>["json"];
export type HistoryPage = InferResponseType<typeof units.history.$get, 200>;
export type UnitChange = HistoryPage["entries"][number];
export type OrgDiff = InferResponseType<typeof units.import.preview.$post, 200>;
export type RetiredUnit = InferResponseType<typeof units.retired.$get, 200>[number];

export interface OrgProblem {
  row: number | null;
  column: string | null;
  code: string;
  message: string;
  value?: string;
}
/** An API error; for `invalid_org_file`, every problem of the file (nothing was changed). */
export type OrgImportError = ApiErrorInfo & { errors?: OrgProblem[] };

const param = (id: string) => ({ param: { id: encodeURIComponent(id) } });

export const addUnit = (json: NewUnit) => call<{ id: string }>(() => units.$post({ json }));
// Rename, move and merge by path: the typed client does not reach them through the :id routes' merged types.
const postJson = (path: string, body: unknown) =>
  call<null>(() =>
    fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
const unitPath = (id: string, action: string) => `/api/units/${encodeURIComponent(id)}/${action}`;
export const renameUnit = (id: string, nameZh: string, nameEn: string) =>
  postJson(unitPath(id, "rename"), { nameZh, nameEn });
export const moveUnit = (id: string, parentId: string) => postJson(unitPath(id, "move"), { parentId });
export const mergeUnit = (id: string, intoUnitId: string) => postJson(unitPath(id, "merge"), { intoUnitId });
export const retireUnit = (id: string) => call<null>(() => units[":id"].retire.$post(param(id)));
export const restoreUnit = (id: string) => call<null>(() => units[":id"].restore.$post(param(id)));
export const fetchRetiredUnits = () => call<RetiredUnit[]>(() => units.retired.$get());
export const setHeadcount = (id: string, headcount: number) =>
  call<null>(() => units[":id"].headcount.$post({ ...param(id), json: { headcount } }));

export const fetchHistory = (query: { unitId?: string; before?: number }) =>
  call<HistoryPage>(() =>
    units.history.$get({
      query: {
        limit: "20",
        ...(query.unitId ? { unitId: query.unitId } : {}),
        ...(query.before ? { before: String(query.before) } : {}),
      },
    }),
  );

export const exportCsvUrl = "/api/units/export.csv";

export const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export type ImportOutcome = ApiResult<OrgDiff> & { error?: OrgImportError };

function sendFile(path: string, file: Blob, type: string, query: Record<string, string>) {
  return call<OrgDiff>(() =>
    fetch(`${path}?${new URLSearchParams(query)}`, {
      method: "POST",
      headers: { "content-type": type },
      body: file,
    }),
  ) as Promise<ImportOutcome>;
}

export const previewImport = (file: File, type: string) =>
  sendFile("/api/units/import/preview", file, type, { fileName: file.name.slice(0, 200) });
export const applyImport = (file: File, type: string, baseFingerprint: string) =>
  sendFile("/api/units/import/apply", file, type, { baseFingerprint, fileName: file.name.slice(0, 200) });
