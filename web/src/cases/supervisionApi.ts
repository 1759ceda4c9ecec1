// The supervision page's calls: a quarter's department scores, the overdue cases, and the two workbooks. Typed from
// the server's routes with Hono's client; kept in the cases chunk so no other page downloads them.
import { hc, type InferResponseType } from "hono/client";
import type { AppType } from "../../../server/app";
import { call } from "../api";
import { download } from "../staff/api";

const client = hc<AppType>("/");

export type QuarterScores = InferResponseType<typeof client.api.cases.scores.$get, 200>;
export type DepartmentScore = QuarterScores["departments"][number];
export type Figures = QuarterScores["totals"];
type CaseList = InferResponseType<typeof client.api.cases.$get, 200>;
export type ListedCase = CaseList["cases"][number];

export const fetchScores = (quarter: string | null) =>
  call<QuarterScores>(() => client.api.cases.scores.$get({ query: quarter ? { quarter } : {} }));

/** The cases past their deadline now, most overdue first (the list's own limit: 200). */
export const fetchOverdue = () =>
  call<CaseList>(() => client.api.cases.$get({ query: { overdue: "1", sort: "deadline", limit: "200" } }));

export const downloadScores = (quarter: string, lang: "zh-cn" | "en") =>
  download(() => client.api.cases["scores.xlsx"].$get({ query: { quarter, lang } }));

export const downloadCases = (lang: "zh-cn" | "en", overdue: boolean) =>
  download(() =>
    client.api.cases["export.xlsx"].$get({ query: overdue ? { lang, overdue: "1" } : { lang } }),
  );
