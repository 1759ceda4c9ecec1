// The writer's side of cases, reached only by the receipt code shown after submitting: read one's own cases (the
// text whatever the group size — it is the writer's own), rate the published answer once, reopen once with a
// comment. A merged duplicate shows the answer of the case it joined but keeps its own rating and reopening.
// Nothing here is signed in, so nothing here says anything about other receipts.
import { readSettings } from "../../analytics/catalogue";
import { ApiError } from "../errors";
import { normaliseReceipt } from "../ingest/receipt";
import { readCalendarOverrides } from "../settings/calendarOverrides";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { addWorkingDays, type CalendarOverrides, hourOf, localDate } from "./calendar";
import type { Bilingual } from "./caseViews";
import { type CaseCategory, type CaseRating, type CaseStatus, defaultDeadlineDays } from "./categories";
import { type Step, writeStep } from "./lifecycle";

/** What the writer sees of where a case stands. */
export type WriterStage = "received" | "in_progress" | "answered" | "closed";

export interface WriterCase {
  id: string;
  number: number;
  text: string;
  category: CaseCategory;
  topic: string | null;
  stage: WriterStage;
  receivedOn: string;
  departmentName: Bilingual | null;
  deadline: string | null;
  answer: string | null;
  actionTaken: string | null;
  publishedOn: string | null;
  adopted: boolean;
  reward: string | null;
  rating: CaseRating | null;
  canRate: boolean;
  canReopen: boolean;
  reopened: boolean;
  reopenComment: string | null;
}

function receiptOrThrow(input: string): string {
  const receipt = normaliseReceipt(input);
  if (receipt === null) {
    throw new ApiError(
      400,
      "receipt_invalid",
      "A receipt code is 10 letters and digits, like 7KQ2M-XR4PD, as shown after you submitted the questionnaire.",
      "receipt",
    );
  }
  return receipt;
}

interface WriterRow {
  id: string;
  number: number;
  text: string;
  category: CaseCategory;
  topic: string | null;
  status: CaseStatus;
  created_at: Date;
  reopened: boolean;
  reopen_comment: string | null;
  rating: CaseRating | null;
  adopted: boolean;
  reward: string | null;
  // From the case that answers it: itself, or the case it was merged into.
  a_status: CaseStatus;
  department_id: string | null;
  dept_zh: string | null;
  dept_en: string | null;
  deadline: string | null;
  answer: string | null;
  action_taken: string | null;
  published_at: Date | null;
  a_adopted: boolean;
  a_reward: string | null;
}

const writerSelect = `SELECT c.id::VARCHAR AS id, c.number, c.text, c.category, c.topic, c.status, c.created_at,
    c.reopened, c.reopen_comment, c.rating, c.adopted, c.reward,
    a.status AS a_status, a.department_id, d.name_zh AS dept_zh, d.name_en AS dept_en, a.deadline::VARCHAR AS deadline,
    a.answer, a.action_taken, a.published_at, a.adopted AS a_adopted, a.reward AS a_reward
  FROM current_cases c
  JOIN current_cases a ON a.id = coalesce(c.merged_into, c.id)
  LEFT JOIN units d ON d.id = a.department_id`;

const isPublished = (s: CaseStatus) => s === "published" || s === "closed";

function toWriterCase(row: WriterRow, tzOffsetMinutes: number): WriterCase {
  const published = isPublished(row.a_status);
  const stage: WriterStage =
    row.status === "closed"
      ? "closed"
      : published
        ? "answered"
        : row.a_status === "new" && row.status !== "merged"
          ? "received"
          : "in_progress";
  const rated = row.rating !== null;
  return {
    id: row.id,
    number: row.number,
    text: row.text,
    category: row.category,
    topic: row.topic,
    stage: stage === "answered" && rated ? "closed" : stage,
    receivedOn: localDate(row.created_at, tzOffsetMinutes),
    departmentName:
      row.dept_zh === null || row.dept_en === null ? null : { default: row.dept_en, "zh-cn": row.dept_zh },
    deadline: published ? null : row.deadline,
    // An answer is the writer's to read only once approved: a draft awaiting approval stays with staff.
    answer: published ? row.answer : null,
    actionTaken: published ? row.action_taken : null,
    publishedOn: published && row.published_at ? localDate(row.published_at, tzOffsetMinutes) : null,
    adopted: row.adopted || row.a_adopted,
    reward: row.reward ?? row.a_reward,
    rating: row.rating,
    canRate: published && !rated,
    canReopen: published && !row.reopened,
    reopened: row.reopened,
    reopenComment: row.reopen_comment,
  };
}

export async function casesByReceipt(db: Database, input: string): Promise<WriterCase[]> {
  const receipt = receiptOrThrow(input);
  const { tzOffsetMinutes } = await readSettings(db.read);
  const rows = await queryRows<WriterRow>(db.read, `${writerSelect} WHERE c.receipt = $1 ORDER BY c.number`, [
    receipt,
  ]);
  if (rows.length === 0) {
    throw new ApiError(
      404,
      "receipt_not_found",
      "No demand or suggestion was written with this receipt code. Check the code; a questionnaire without a demand or suggestion has nothing to follow here.",
      "receipt",
    );
  }
  return rows.map((r) => toWriterCase(r, tzOffsetMinutes));
}

async function writerStep(
  db: Database,
  now: Date,
  input: string,
  caseId: string,
  decide: (row: WriterRow, today: string, hour: string, calendar: CalendarOverrides) => Step,
  after?: (row: WriterRow, step: Step, hour: Date) => Promise<void>,
): Promise<WriterCase[]> {
  const receipt = receiptOrThrow(input);
  const { tzOffsetMinutes } = await readSettings(db.read);
  const today = localDate(now, tzOffsetMinutes);
  const calendar = await readCalendarOverrides(db.read);
  // The writer's own step is kept to the hour, like the response it came with: its time and every time it sets.
  const hour = hourOf(now);
  await inTransaction(db.write, async () => {
    const [row] = await queryRows<WriterRow>(
      db.write,
      `${writerSelect} WHERE c.receipt = $receipt AND c.id::VARCHAR = $id`,
      { receipt, id: caseId },
    );
    if (!row) {
      throw new ApiError(404, "case_not_found", "This receipt code has no such case.", "caseId");
    }
    const step = decide(row, today, toUtcTimestamp(hour), calendar);
    await writeStep({ db, now: hour }, row.id, row.status, step, "writer", hour);
    await after?.(row, step, hour);
  });
  return casesByReceipt(db, receipt);
}

export function rateAnswer(db: Database, now: Date, receipt: string, caseId: string, rating: CaseRating) {
  return writerStep(db, now, receipt, caseId, (row, _today, hour) => {
    if (!isPublished(row.a_status)) {
      throw new ApiError(409, "not_answered_yet", "This case has no published answer to rate yet.");
    }
    if (row.rating !== null) {
      throw new ApiError(
        409,
        "already_rated",
        "You have already rated this answer; each answer is rated once.",
      );
    }
    return {
      action: "rate",
      to: row.status === "published" ? "closed" : row.status,
      set: { rating, rated_at: hour },
      details: { rating, departmentId: row.department_id },
    };
  });
}

export function reopenCase(db: Database, now: Date, receipt: string, caseId: string, comment: string) {
  return writerStep(
    db,
    now,
    receipt,
    caseId,
    (row, today, hour, calendar): Step => {
      if (!isPublished(row.a_status)) {
        throw new ApiError(
          409,
          "not_answered_yet",
          "This case is still being handled; it can be reopened once answered.",
        );
      }
      if (row.reopened) {
        throw new ApiError(
          409,
          "already_reopened",
          "This case has been reopened once already; it cannot be reopened again.",
        );
      }
      const previous = { rating: row.rating };
      if (row.status === "merged") {
        // The writer says their case is not the one it was merged with: it leaves the merge and goes back to triage.
        return {
          action: "reopen",
          to: "new",
          set: { merged_into: null, reopened: true, reopen_comment: comment, rating: null, rated_at: null },
          details: { comment, detached: true, previous },
        };
      }
      const department = row.department_id;
      const deadline = department ? addWorkingDays(today, defaultDeadlineDays[row.category], calendar) : null;
      return {
        action: "reopen",
        to: department ? "routed" : "new",
        set: {
          reopened: true,
          reopen_comment: comment,
          rating: null,
          rated_at: null,
          published_at: null,
          answered_at: null,
          deadline,
          ...(department ? { routed_at: hour } : {}),
        },
        details: { comment, departmentId: department, deadline, previous },
      };
    },
    clearDuplicateRatings(db),
  );
}

/**
 * A reopened case will get a new answer: its merged duplicates' writers may rate that one too, so their rating of
 * the old answer is cleared (it stays in their history) with a step of its own.
 */
function clearDuplicateRatings(db: Database) {
  return async (row: WriterRow, step: Step, hour: Date) => {
    if (step.details.detached === true) return;
    const rated = await queryRows<{ id: string; rating: string }>(
      db.write,
      "SELECT id::VARCHAR AS id, rating FROM cases WHERE merged_into = $1::UUID AND rating IS NOT NULL",
      [row.id],
    );
    for (const duplicate of rated) {
      await writeStep(
        { db, now: hour },
        duplicate.id,
        "merged",
        {
          action: "rating_cleared",
          to: "merged",
          set: { rating: null, rated_at: null },
          details: { reason: "reopened", case: row.number, previous: { rating: duplicate.rating } },
        },
        "system",
        hour,
      );
    }
  };
}
