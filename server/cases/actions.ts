// What staff may ask of a case, one schema per step (the routes validate with these, so the OpenAPI document
// and the domain agree). Texts are trimmed; an answer or a reason that is only spaces is no answer.
import { z } from "zod";
import { caseCategories, maxCaseText } from "./categories";

const Text = (max = maxCaseText) => z.string().trim().min(1).max(max);

/**
 * The last history step the page showed (its `seq`): when given, a step on a case someone else changed since is
 * refused (409 `case_changed`) rather than applied over what the person did not see.
 */
const Seen = { seen: z.number().int().min(1).optional() };
const IsoDate = z.iso.date();

export const ClassifyCase = z.strictObject({
  ...Seen,
  category: z.enum(caseCategories).optional(),
  /** A topic id of the catalogue, or null for "no topic". */
  topic: z.string().min(1).max(100).nullable().optional(),
});
export type ClassifyCase = z.infer<typeof ClassifyCase>;

export const MergeCase = z.strictObject({
  ...Seen,
  /** The case number (承办单号) of the case this one repeats. */
  into: z.number().int().min(1),
});
export type MergeCase = z.infer<typeof MergeCase>;

export const RouteCase = z.strictObject({
  ...Seen,
  departmentId: z.string().min(1).max(200),
  /** Plant-local date; default: the category's working days from today. */
  deadline: IsoDate.optional(),
});
export type RouteCase = z.infer<typeof RouteCase>;

export const AnswerCase = z.strictObject({
  ...Seen,
  answer: Text(),
  actionTaken: Text().nullable().optional(),
});
export type AnswerCase = z.infer<typeof AnswerCase>;

export const ReplyCase = AnswerCase.extend({
  /** The wording of the demand to show on the public board; null or absent: the board shows the answer only. */
  publicText: Text(1000).nullable().optional(),
});
export type ReplyCase = z.infer<typeof ReplyCase>;

export const ReturnCase = z.strictObject({
  ...Seen,
  reason: Text(1000),
});
export type ReturnCase = z.infer<typeof ReturnCase>;

export const ApproveCase = z.strictObject({
  ...Seen,
  publicText: Text(1000).nullable().optional(),
  adopted: z.boolean().optional(),
  reward: Text(200).nullable().optional(),
});
export type ApproveCase = z.infer<typeof ApproveCase>;

export const RejectCase = z.strictObject({
  ...Seen,
  reason: Text(1000),
  /** The answer dodges the demand (敷衍): the department loses a point for it. */
  perfunctory: z.boolean(),
});
export type RejectCase = z.infer<typeof RejectCase>;

export const AdoptCase = z.strictObject({
  ...Seen,
  adopted: z.boolean(),
  reward: Text(200).nullable().optional(),
});
export type AdoptCase = z.infer<typeof AdoptCase>;

export const UnmergeCase = z.strictObject({ ...Seen });
export type UnmergeCase = z.infer<typeof UnmergeCase>;

export const MeetingCase = z.strictObject({
  unitId: z.string().min(1).max(200),
  text: Text(),
  category: z.enum(caseCategories).default("demand"),
  topic: z.string().min(1).max(100).nullable().optional(),
  waveId: z.string().min(1).max(200).nullable().optional(),
});
export type MeetingCase = z.infer<typeof MeetingCase>;
