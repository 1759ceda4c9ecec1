// The case pages' calls: the list with its counts, the choices (meta), one case with its history, each step of the
// loop (with undoing a merge) and meeting demands. Results, never throws, as ../api.ts; steps are posted by path (one endpoint each).
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import type { AppType } from "../../../server/app";
import type {
  AdoptCase,
  AnswerCase,
  ApproveCase,
  ClassifyCase,
  MergeCase,
  RejectCase,
  ReplyCase,
  ReturnCase,
  RouteCase,
  UnmergeCase,
} from "../../../server/cases/actions";
import { type ApiResult, call } from "../api";

const client = hc<AppType>("/");
const cases = client.api.cases;

export type CaseList = InferResponseType<typeof cases.$get, 200>;
export type CaseQuery = InferRequestType<typeof cases.$get>["query"];
export type CaseCounts = CaseList["counts"];
export type Case = CaseList["cases"][number];
export type CaseMeta = InferResponseType<typeof cases.meta.$get, 200>;
export type MetaUnit = CaseMeta["units"][number];
export type CaseDetail = InferResponseType<(typeof cases)[":id"]["$get"], 200>;
export type CaseEvent = CaseDetail["history"][number];
export type MeetingInput = InferRequestType<typeof cases.$post>["json"];
export type MeetingResult = InferResponseType<typeof cases.$post, 201>;

export const fetchCases = (query: CaseQuery) => call<CaseList>(() => cases.$get({ query }));
export const fetchCaseMeta = () => call<CaseMeta>(() => cases.meta.$get());
export const fetchCase = (id: string) => call<CaseDetail>(() => cases[":id"].$get({ param: { id } }));
export const logMeetingDemand = (json: MeetingInput) => call<MeetingResult>(() => cases.$post({ json }));

export interface StepInputs {
  classify: ClassifyCase;
  merge: MergeCase;
  route: RouteCase;
  reply: ReplyCase;
  return: ReturnCase;
  answer: AnswerCase;
  approve: ApproveCase;
  reject: RejectCase;
  adopt: AdoptCase;
  unmerge: UnmergeCase;
}
export type StepName = keyof StepInputs;

/** One step of the loop; `case` is null when the step took the case out of the caller's reach. */
export const takeStep = <S extends StepName>(id: string, step: S, body: StepInputs[S]) =>
  call<{ case: Case | null }>(() =>
    fetch(`/api/cases/${encodeURIComponent(id)}/${step}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

/** The id of the case with this number (承办单号), found through the list's search, or null. */
export async function findCaseByNumber(n: number): Promise<string | null> {
  const found = await findCase(n);
  return found.ok ? (found.data?.id ?? null) : null;
}

/** The case with exactly this number among those the caller may see, or null; a failed call is reported. */
export async function findCase(n: number): Promise<ApiResult<Case | null>> {
  for (let offset = 0; ; offset += 200) {
    const res = await fetchCases({
      q: String(n),
      status: "new,routed,answered,published,closed,merged",
      limit: "200",
      offset: String(offset),
    });
    if (!res.ok) return res;
    // The search also matches the number inside texts and other numbers: only the exact number counts.
    const hit = res.data.cases.find((c) => c.number === n);
    if (hit) return { ok: true, status: 200, data: hit };
    if (offset + 200 >= res.data.total) return { ok: true, status: 200, data: null };
  }
}
