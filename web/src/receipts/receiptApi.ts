// The writer's side of the API, typed from the server's routes: cases by receipt code, rating and reopening, and the
// public board with its filters. Kept apart from ../api.ts so the fill page never downloads it.
import { hc, type InferRequestType, type InferResponseType } from "hono/client";
import type { AppType } from "../../../server/app";
import { call } from "../api";

const client = hc<AppType>("/");
const byReceipt = client.api.receipts[":receipt"];

export type WriterCase = InferResponseType<typeof byReceipt.$get, 200>["cases"][number];
export type CaseRating = InferRequestType<
  (typeof byReceipt.cases)[":caseId"]["rating"]["$post"]
>["json"]["rating"];
export type BoardPage = InferResponseType<typeof client.api.board.$get, 200>;
export type BoardCase = BoardPage["cases"][number];
export type BoardQuery = InferRequestType<typeof client.api.board.$get>["query"];
export type BoardMeta = InferResponseType<typeof client.api.board.meta.$get, 200>;
export type CaseCategory = BoardMeta["categories"][number];

type Cases = { cases: WriterCase[] };
// Path segments are the user's input: encoded, so a typed "/" or "?" stays part of the code the server refuses.
const param = (receipt: string, caseId?: string) => ({
  receipt: encodeURIComponent(receipt),
  caseId: encodeURIComponent(caseId ?? ""),
});

export const fetchWriterCases = (receipt: string) =>
  call<Cases>(() => byReceipt.$get({ param: { receipt: param(receipt).receipt } }));

export const rateAnswer = (receipt: string, caseId: string, rating: CaseRating) =>
  call<Cases>(() =>
    byReceipt.cases[":caseId"].rating.$post({ param: param(receipt, caseId), json: { rating } }),
  );

export const reopenCase = (receipt: string, caseId: string, comment: string) =>
  call<Cases>(() =>
    byReceipt.cases[":caseId"].reopen.$post({ param: param(receipt, caseId), json: { comment } }),
  );

export const fetchBoard = (query: BoardQuery) => call<BoardPage>(() => client.api.board.$get({ query }));

export const fetchBoardMeta = () => call<BoardMeta>(() => client.api.board.meta.$get());
