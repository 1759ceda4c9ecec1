// The browser's only door to the HTTP API, typed from the server's routes with Hono's client (a type-only
// import: no server code reaches the bundle). Every call resolves to a result instead of throwing, so pages
// handle network failures and API errors (DESIGN.md: {"error":{code,message,path?}}) the same way.
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import type { AppType } from "../../server/app";

const client = hc<AppType>("/");

type FormEndpoint = (typeof client.api.waves)[":id"]["form"]["$get"];

export type WaveForm = InferResponseType<FormEndpoint, 200>;
export type Wave = WaveForm["wave"];
export type FormUnit = WaveForm["units"][number];
export type ResponseBody = InferRequestType<typeof client.api.responses.$post>["json"];
export type Receipt = InferResponseType<typeof client.api.responses.$post, 201>;

export interface ApiErrorInfo {
  code: string;
  message: string;
  path?: string;
}

/** `status` 0 means the request never got an answer (offline, DNS, connection reset). */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: ApiErrorInfo };

export async function call<T>(send: () => Promise<Response>): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await send();
  } catch (e) {
    return { ok: false, status: 0, error: { code: "network_error", message: String(e) } };
  }
  // 204 (logout) has no body: success all the same.
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok && (body !== null || res.status === 204))
    return { ok: true, status: res.status, data: body as T };
  const error = (body as { error?: ApiErrorInfo } | null)?.error;
  return {
    ok: false,
    status: res.status,
    // A proxy's HTML error page has no error envelope; keep the status so the caller can still decide.
    error: error ?? { code: `http_${res.status}`, message: res.statusText || `HTTP ${res.status}` },
  };
}

export const fetchWaves = () => call<Wave[]>(() => client.api.waves.$get());

export const fetchWaveForm = (waveId: string) =>
  call<WaveForm>(() => client.api.waves[":id"].form.$get({ param: { id: encodeURIComponent(waveId) } }));

export const postResponse = (body: ResponseBody) =>
  call<Receipt>(() => client.api.responses.$post({ json: body }));

/** What a short link /l/<code> opens (the server redirects itself; this is for a link it did not know). */
export const resolveLinkCode = (code: string) =>
  call<{ waveId: string; unitId: string }>(() =>
    client.api.links[":code"].$get({ param: { code: encodeURIComponent(code) } }),
  );

export type SlipState = "unused" | "used" | "unknown";

/** Whether a slip is still good for the unit, before the questionnaire; POST keeps the token out of URLs. */
export const checkSlip = (waveId: string, unitId: string, token: string, signal?: AbortSignal) =>
  call<{ state: SlipState }>(() =>
    client.api.waves[":id"].slips.check.$post(
      { param: { id: encodeURIComponent(waveId) }, json: { unitId, token } },
      signal ? { init: { signal } } : undefined,
    ),
  );
