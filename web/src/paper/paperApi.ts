// The paper-form pages' calls: a round's paper description (questions as template columns), importing rows
// (a file, or one keyed form as JSON), and the files to download. Results, never throws, as ../api.ts.
import { hc, type InferResponseType } from "hono/client";
import type { AppType } from "../../../server/app";
import { type ApiErrorInfo, type ApiResult, call } from "../api";

const client = hc<AppType>("/");
type PaperEndpoint = (typeof client.api.waves)[":id"]["paper"]["$get"];

/** A round's paper description: its survey, the caller's units, the groups and the template's columns. */
export type PaperDescription = InferResponseType<PaperEndpoint, 200>;
/** `name` is the template's header (`q1`, `matrix.row`, `q-Comment`): the key of a row sent for import. */
export type PaperColumn = PaperDescription["columns"][number];

export interface ImportResult {
  imported: number;
  unchanged: number;
  rows: { row: number; formNo: string; id: string; status: string }[];
}

export interface ImportProblem {
  row: number;
  column: string | null;
  code: string;
  message: string;
  /** The cell as found and the allowed range, or the row a duplicate form number is first on. */
  params?: { value?: string; min?: number; max?: number; firstRow?: number };
}

/** An API error; for `import_invalid`, every problem found (nothing was stored). */
export type ImportError = ApiErrorInfo & { problems?: ImportProblem[] };

const paperPath = (waveId: string) => `/api/waves/${encodeURIComponent(waveId)}/paper`;

export const fetchPaper = (waveId: string) =>
  call<PaperDescription>(() =>
    client.api.waves[":id"].paper.$get({ param: { id: encodeURIComponent(waveId) } }),
  );

export const templateUrl = (waveId: string, format: "xlsx" | "csv") =>
  `${paperPath(waveId)}/template.${format}`;
export const formPdfUrl = (waveId: string, lang: string, unitId?: string) =>
  `${paperPath(waveId)}/form.pdf?${new URLSearchParams({ lang, ...(unitId ? { unitId } : {}) })}`;
export const printPageUrl = (waveId: string, lang: string) =>
  `/print/paper/${encodeURIComponent(waveId)}?${new URLSearchParams({ lang })}`;

export const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface ImportOptions {
  dryRun: boolean;
  overrideClosed: boolean;
}

function importUrl(waveId: string, options: ImportOptions): string {
  const q = new URLSearchParams();
  if (options.dryRun) q.set("dryRun", "1");
  if (options.overrideClosed) q.set("overrideClosed", "1");
  const query = q.toString();
  return `${paperPath(waveId)}/import${query ? `?${query}` : ""}`;
}

export type ImportOutcome = ApiResult<ImportResult> & { error?: ImportError };

export const importFile = (waveId: string, file: Blob, type: string, options: ImportOptions) =>
  call<ImportResult>(() =>
    fetch(importUrl(waveId, options), { method: "POST", headers: { "content-type": type }, body: file }),
  ) as Promise<ImportOutcome>;

export const importRows = (waveId: string, rows: Record<string, string>[], options: ImportOptions) =>
  call<ImportResult>(() =>
    fetch(importUrl(waveId, options), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rows }),
    }),
  ) as Promise<ImportOutcome>;
