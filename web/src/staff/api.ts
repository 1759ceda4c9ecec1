// The staff pages' calls to the HTTP API, typed from the server's routes with Hono's client. Kept apart from
// ../api.ts so the respondent route never downloads them.
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import type { AppType } from "../../../server/app";
import { type ApiErrorInfo, type ApiResult, call } from "../api";

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

export type UnitLink = InferResponseType<(typeof client.api.waves)[":id"]["links"]["$get"], 200>[number];
export type IssuedTokens = InferResponseType<(typeof client.api.waves)[":id"]["tokens"]["$post"], 201>;
export type TokenCount = InferResponseType<(typeof client.api.waves)[":id"]["tokens"]["$get"], 200>[number];

export const fetchLinks = (waveId: string, unitId: string) =>
  call<UnitLink[]>(() =>
    client.api.waves[":id"].links.$get({ param: { id: encodeURIComponent(waveId) }, query: { unitId } }),
  );
export const issueTokens = (waveId: string, unitId: string, count: number) =>
  call<IssuedTokens>(() =>
    client.api.waves[":id"].tokens.$post({
      param: { id: encodeURIComponent(waveId) },
      json: { unitId, count },
    }),
  );
export const fetchTokenCounts = (waveId: string, unitId: string) =>
  call<TokenCount[]>(() =>
    client.api.waves[":id"].tokens.$get({ param: { id: encodeURIComponent(waveId) }, query: { unitId } }),
  );

export type { ApiResult };

type AnalyticsApi = typeof client.api.analytics;
export type BreakdownQuery = InferRequestType<AnalyticsApi["query"]["$post"]>["json"];
export type BreakdownResult = InferResponseType<AnalyticsApi["query"]["$post"], 200>;
export type BreakdownRow = BreakdownResult["results"][number];
export type AnalyticsCatalogue = InferResponseType<AnalyticsApi["catalogue"]["$get"], 200>;
export type RawExportBody = InferRequestType<AnalyticsApi["raw"]["$post"]>["json"];

export const runBreakdown = (json: BreakdownQuery) =>
  call<BreakdownResult>(() => client.api.analytics.query.$post({ json }));
export const fetchAnalyticsCatalogue = (surveyId: string) =>
  call<AnalyticsCatalogue>(() => client.api.analytics.catalogue.$get({ query: { surveyId } }));

/** A file the server makes (an export): downloaded through a temporary link, or the API's error. */
export async function download(send: () => Promise<Response>): Promise<ApiResult<null>> {
  let res: Response;
  try {
    res = await send();
  } catch (e) {
    return { ok: false, status: 0, error: { code: "network_error", message: String(e) } };
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: ApiErrorInfo } | null;
    return {
      ok: false,
      status: res.status,
      error: body?.error ?? { code: `http_${res.status}`, message: res.statusText },
    };
  }
  const name = fileName(res.headers.get("content-disposition") ?? "");
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, status: res.status, data: null };
}

export const exportTable = (query: BreakdownQuery, format: "csv" | "xlsx", lang: "zh-cn" | "en") =>
  download(() => client.api.analytics.export.$post({ json: { query, format, lang } }));
export const exportRaw = (json: RawExportBody) => download(() => client.api.analytics.raw.$post({ json }));

export type CommentsQuery = InferRequestType<AnalyticsApi["comments"]["$post"]>["json"];
export type CommentsResult = InferResponseType<AnalyticsApi["comments"]["$post"], 200>;
export const runComments = (json: CommentsQuery) =>
  call<CommentsResult>(() => client.api.analytics.comments.$post({ json }));

export type Dashboard = import("../../../analytics/dashboard").Dashboard;
export type DashboardQuery = import("../../../analytics/dashboard").DashboardQuery;
export const fetchDashboard = (json: DashboardQuery) =>
  call<Dashboard>(() => client.api.dashboard.$post({ json }));

export type ReportData = import("../../../analytics/report").ReportData;
export type ReportSummary = import("../../../server/reports/reports").ReportSummary;
export const fetchReportData = (query: { surveyId?: string; unitId?: string; waveId?: string }) =>
  call<ReportData>(() => client.api.reports.data.$get({ query }));
export const makeReport = (json: {
  surveyId?: string;
  unitId?: string;
  waveId?: string;
  lang: "zh-cn" | "en";
}) => call<ReportSummary>(() => client.api.reports.$post({ json }));
export const fetchReports = () => call<ReportSummary[]>(() => client.api.reports.$get());

export type ReportSchedule = import("../../../server/reports/schedules").Schedule;
export const fetchSchedules = () => call<ReportSchedule[]>(() => client.api["report-schedules"].$get());
export const createSchedule = (json: {
  surveyId: string;
  unitId?: string;
  cadence: "monthly" | "quarterly";
  lang: "zh-cn" | "en";
}) => call<ReportSchedule>(() => client.api["report-schedules"].$post({ json }));
export const deleteSchedule = (id: string) =>
  call<null>(() => client.api["report-schedules"][":id"].$delete({ param: { id } }));

/** The name a download is saved under: the UTF-8 `filename*` (Chinese names) when the server gives one. */
function fileName(disposition: string): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (utf8) {
    try {
      return decodeURIComponent(utf8);
    } catch {
      // A malformed escape: fall back to the plain name below.
    }
  }
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? "export";
}
