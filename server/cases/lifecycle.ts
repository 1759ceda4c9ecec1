// The steps of a case, each one checked against the case's status and the actor's reach, then applied with its
// history entry in one transaction: a step either happens whole or not at all, and nothing skips the history.
// It decides what may happen; the routes only validate input and report.
import { randomUUID } from "node:crypto";
import { readSettings } from "../../analytics/catalogue";
import { unitInScope } from "../auth/scope";
import { ApiError } from "../errors";
import { newReceipt } from "../ingest/receipt";
import { readCalendarOverrides } from "../settings/calendarOverrides";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import type {
  AdoptCase,
  AnswerCase,
  ApproveCase,
  ClassifyCase,
  MeetingCase,
  MergeCase,
  RejectCase,
  ReplyCase,
  ReturnCase,
  RouteCase,
  UnmergeCase,
} from "./actions";
import { addWorkingDays, daysBetween, localDate } from "./calendar";
import {
  type CaseRow,
  type CaseView,
  type CaseViewer,
  caseSelect,
  isUuid,
  reachClause,
  readCase,
} from "./caseViews";
import { type CaseStatus, defaultDeadlineDays } from "./categories";

export interface CaseClock {
  db: Database;
  now: Date;
}

export type Value = string | number | boolean | null;

export interface Step {
  action: string;
  to: CaseStatus;
  set: Record<string, Value>;
  details: Record<string, unknown>;
}

const statusWords: Record<CaseStatus, string> = {
  new: "waiting for triage",
  routed: "with its department",
  answered: "answered and waiting for approval",
  published: "published",
  closed: "rated and closed",
  merged: "merged into another case",
};

export const caseNotFound = () =>
  new ApiError(404, "case_not_found", "There is no such case, or it is outside what your account may see.");

/** Applies one step to a case the viewer may reach, if its status allows; returns the case as it is after. */
async function applyStep(
  clock: CaseClock,
  viewer: CaseViewer,
  id: string,
  allowed: readonly CaseStatus[],
  decide: (row: CaseRow, today: string) => Promise<Step> | Step,
  seen?: number,
): Promise<CaseView | null> {
  if (!isUuid(id)) throw caseNotFound();
  const { tzOffsetMinutes } = await readSettings(clock.db.read);
  const today = localDate(clock.now, tzOffsetMinutes);
  await inTransaction(clock.db.write, async () => {
    const [row] = await queryRows<CaseRow>(
      clock.db.write,
      `${caseSelect} WHERE c.id = $id::UUID AND ${reachClause(viewer, "$scope")}`,
      { id, scope: viewer.scopeUnitId },
    );
    if (!row) throw caseNotFound();
    if (seen !== undefined) {
      const [last] = await queryRows<{ seq: number }>(
        clock.db.write,
        "SELECT max(seq) AS seq FROM case_events WHERE case_id = $1::UUID",
        [id],
      );
      if (last?.seq !== seen) {
        throw new ApiError(
          409,
          "case_changed",
          `Case ${row.number} was changed by someone else since you opened it (it is ${statusWords[row.status]} now). Reload the case to see what changed, then try again.`,
        );
      }
    }
    if (!allowed.includes(row.status)) {
      throw new ApiError(
        409,
        "case_status",
        `Case ${row.number} is ${statusWords[row.status]} now, so this cannot be done to it. Reload the case to see where it stands.`,
      );
    }
    const step = await decide(row, today);
    await writeStep(clock, id, row.status, step, viewer.username);
  });
  // Null when the step took the case out of the viewer's reach (a handler returning it to triage).
  return readCase(clock.db, viewer, id, today, tzOffsetMinutes);
}

/** Updates the case row and appends its history entry (inside the caller's transaction on db.write). */
export async function writeStep(
  clock: CaseClock,
  id: string,
  from: CaseStatus | null,
  step: Step,
  actor: string,
  at: Date = clock.now,
): Promise<void> {
  const set = { ...step.set, status: step.to, updated_at: toUtcTimestamp(clock.now) };
  const columns = Object.keys(set);
  await clock.db.write.run(
    `UPDATE cases SET ${columns.map((c) => `${c} = $${c}`).join(", ")} WHERE id = $id::UUID`,
    { ...set, id },
  );
  await clock.db.write.run(
    `INSERT INTO case_events SELECT $id::UUID, coalesce(max(seq), 0) + 1, $at::TIMESTAMP, $actor, $action,
       $from, $to, $details::JSON FROM case_events WHERE case_id = $id::UUID`,
    {
      id,
      at: toUtcTimestamp(at),
      actor,
      action: step.action,
      from,
      to: step.to,
      details: JSON.stringify(step.details),
    },
  );
}

export function classifyCase(clock: CaseClock, viewer: CaseViewer, id: string, input: ClassifyCase) {
  // Any case but a duplicate (it follows the case it joined): figures and scores count by category and topic, so a
  // published one may still be put right.
  return applyStep(
    clock,
    viewer,
    id,
    ["new", "routed", "answered", "published", "closed"],
    async (row) => {
      const topic = input.topic === undefined ? row.topic : input.topic;
      if (topic !== null) await requireTopic(clock.db, topic);
      const category = input.category ?? row.category;
      // Only a suggestion can be adopted: one reclassified as something else is no longer a 金点子.
      const adoption: Record<string, Value> =
        category === "suggestion" ? {} : { adopted: false, reward: null };
      return {
        action: "classify",
        to: row.status,
        set: { category, topic, ...adoption },
        details: { category, topic, previous: { category: row.category, topic: row.topic } },
      };
    },
    input.seen,
  );
}

export function mergeCase(clock: CaseClock, viewer: CaseViewer, id: string, input: MergeCase) {
  return applyStep(
    clock,
    viewer,
    id,
    ["new"],
    async (row) => {
      if (input.into === row.number) {
        throw new ApiError(
          400,
          "merge_into_itself",
          "A case cannot be merged into itself: give another case's number.",
          "into",
        );
      }
      const [target] = await queryRows<{ id: string; status: CaseStatus }>(
        clock.db.write,
        `SELECT c.id::VARCHAR AS id, c.status FROM current_cases c JOIN units u ON u.id = c.unit_id
       LEFT JOIN units d ON d.id = c.department_id WHERE c.number = $n AND ${reachClause(viewer, "$scope")}`,
        { n: input.into, scope: viewer.scopeUnitId },
      );
      if (!target) {
        throw new ApiError(
          404,
          "merge_target_not_found",
          `There is no case ${input.into} you may see.`,
          "into",
        );
      }
      if (target.status === "merged") {
        throw new ApiError(
          409,
          "merge_target_merged",
          `Case ${input.into} is itself merged into another case: merge into that one instead.`,
          "into",
        );
      }
      // Duplicates of this case follow it, so a chain never forms and each writer still reads one answer.
      const carried = await queryRows<{ id: string; number: number }>(
        clock.db.write,
        "SELECT id::VARCHAR AS id, number FROM cases WHERE merged_into = $1::UUID ORDER BY number",
        [row.id],
      );
      for (const duplicate of carried) {
        await writeStep(
          clock,
          duplicate.id,
          "merged",
          {
            action: "merge",
            to: "merged",
            set: { merged_into: target.id },
            details: { into: input.into, carriedFrom: row.number },
          },
          viewer.username,
        );
      }
      return {
        action: "merge",
        to: "merged",
        set: { merged_into: target.id },
        details: { into: input.into, carried: carried.map((c) => c.number) },
      };
    },
    input.seen,
  );
}

export function routeCase(clock: CaseClock, viewer: CaseViewer, id: string, input: RouteCase) {
  return applyStep(
    clock,
    viewer,
    id,
    ["new", "routed"],
    async (row, today) => {
      await requireDepartment(clock.db, input.departmentId);
      const deadline =
        input.deadline ??
        addWorkingDays(today, defaultDeadlineDays[row.category], await readCalendarOverrides(clock.db.read));
      checkDeadline(deadline, today);
      return {
        action: "route",
        to: "routed",
        set: {
          department_id: input.departmentId,
          deadline,
          routed_at: toUtcTimestamp(clock.now),
          answered_at: null,
          answered_by: null,
        },
        details: {
          departmentId: input.departmentId,
          deadline,
          ...(row.status === "routed"
            ? {
                previous: {
                  departmentId: row.department_id,
                  deadline: row.deadline,
                  overdue: overdue(row, today),
                },
              }
            : {}),
        },
      };
    },
    input.seen,
  );
}

/** An analyst answers in triage: no department, published at once (the analyst is the approver). */
export function replyToCase(clock: CaseClock, viewer: CaseViewer, id: string, input: ReplyCase) {
  return applyStep(
    clock,
    viewer,
    id,
    ["new"],
    () => ({
      action: "reply",
      to: "published",
      set: {
        answer: input.answer,
        action_taken: input.actionTaken ?? null,
        answered_at: toUtcTimestamp(clock.now),
        answered_by: viewer.username,
        public_text: input.publicText ?? null,
        published_at: toUtcTimestamp(clock.now),
        department_id: null,
        deadline: null,
      },
      details: { onSpot: true, publicText: input.publicText != null },
    }),
    input.seen,
  );
}

/** A handler sends a case back to triage: it is not their department's to answer. */
export function returnCase(clock: CaseClock, viewer: CaseViewer, id: string, input: ReturnCase) {
  return applyStep(
    clock,
    viewer,
    id,
    ["routed"],
    (row, today) => ({
      action: "return",
      to: "new",
      set: { department_id: null, deadline: null, routed_at: null },
      details: {
        departmentId: row.department_id,
        deadline: row.deadline,
        overdue: overdue(row, today),
        reason: input.reason,
      },
    }),
    input.seen,
  );
}

export function answerCase(clock: CaseClock, viewer: CaseViewer, id: string, input: AnswerCase) {
  return applyStep(
    clock,
    viewer,
    id,
    ["routed"],
    (row, today) => ({
      action: "answer",
      to: "answered",
      set: {
        answer: input.answer,
        action_taken: input.actionTaken ?? null,
        answered_at: toUtcTimestamp(clock.now),
        answered_by: viewer.username,
      },
      details: {
        departmentId: row.department_id,
        deadline: row.deadline,
        onTime: row.deadline === null || today <= row.deadline,
      },
    }),
    input.seen,
  );
}

export function approveCase(clock: CaseClock, viewer: CaseViewer, id: string, input: ApproveCase) {
  return applyStep(
    clock,
    viewer,
    id,
    ["answered"],
    async (row) => {
      const { tzOffsetMinutes } = await readSettings(clock.db.read);
      const answeredOn = row.answered_at === null ? null : localDate(row.answered_at, tzOffsetMinutes);
      const adoption = adoptionOf(row, input.adopted, input.reward);
      return {
        action: "approve",
        to: "published",
        set: {
          public_text: input.publicText ?? null,
          published_at: toUtcTimestamp(clock.now),
          ...adoption,
        },
        details: {
          departmentId: row.department_id,
          deadline: row.deadline,
          answeredOn,
          onTime: row.deadline === null || answeredOn === null || answeredOn <= row.deadline,
          publicText: input.publicText != null,
          ...(input.adopted === undefined ? {} : { adopted: adoption.adopted, reward: adoption.reward }),
        },
      };
    },
    input.seen,
  );
}

export function rejectAnswer(clock: CaseClock, viewer: CaseViewer, id: string, input: RejectCase) {
  // The rejected answer stays on the case for the handler to rework; its time goes, so lateness is judged on the
  // answer that is finally approved.
  return applyStep(
    clock,
    viewer,
    id,
    ["answered"],
    (row) => ({
      action: "reject",
      to: "routed",
      set: { answered_at: null },
      details: {
        departmentId: row.department_id,
        reason: input.reason,
        perfunctory: input.perfunctory,
        answer: row.answer,
      },
    }),
    input.seen,
  );
}

export function adoptSuggestion(clock: CaseClock, viewer: CaseViewer, id: string, input: AdoptCase) {
  return applyStep(
    clock,
    viewer,
    id,
    ["new", "routed", "answered", "published", "closed"],
    (row) => {
      const adoption = adoptionOf(row, input.adopted, input.reward);
      return { action: "adopt", to: row.status, set: adoption, details: adoption };
    },
    input.seen,
  );
}

/** Takes a duplicate out of a merge made by mistake: back to triage, its own case again. */
export function unmergeCase(clock: CaseClock, viewer: CaseViewer, id: string, input: UnmergeCase) {
  return applyStep(
    clock,
    viewer,
    id,
    ["merged"],
    (row) => ({
      action: "unmerge",
      to: "new",
      set: { merged_into: null, rating: null, rated_at: null },
      details: { from: row.merged_into, previous: { rating: row.rating } },
    }),
    input.seen,
  );
}

/** Logs a demand raised in a meeting. A handler's goes straight to their own department; an analyst's to triage. */
export async function logMeetingCase(
  clock: CaseClock,
  viewer: CaseViewer,
  input: MeetingCase,
): Promise<{ case: CaseView; receipt: string }> {
  const { tzOffsetMinutes } = await readSettings(clock.db.read);
  const today = localDate(clock.now, tzOffsetMinutes);
  const [unit] = await queryRows<{ id: string }>(
    clock.db.read,
    "SELECT id FROM units WHERE id = $1 AND retired_at IS NULL",
    [input.unitId],
  );
  // A handler logs what was raised in its meetings wherever the writer works (the case comes to its own department);
  // an analyst's case goes to triage, so its unit must be one the analyst reaches, answered as for no unit.
  const reachable =
    unit !== undefined &&
    (viewer.role === "handler" || (await unitInScope(clock.db, viewer.scopeUnitId, unit.id)));
  if (!reachable) throw new ApiError(400, "unit_not_found", `There is no unit "${input.unitId}".`, "unitId");
  if (input.topic) await requireTopic(clock.db, input.topic);
  if (input.waveId) {
    const [wave] = await queryRows(clock.db.read, "SELECT 1 FROM waves WHERE id = $1", [input.waveId]);
    if (!wave)
      throw new ApiError(400, "wave_not_found", `There is no survey round "${input.waveId}".`, "waveId");
  }
  let department: string | null = null;
  if (viewer.role === "handler") {
    department = viewer.scopeUnitId;
    await requireDepartment(clock.db, department);
  }
  const calendar = await readCalendarOverrides(clock.db.read);
  const id = randomUUID();
  const receipt = newReceipt();
  const at = toUtcTimestamp(clock.now);
  await inTransaction(clock.db.write, async () => {
    await clock.db.write.run(
      `INSERT INTO cases (id, channel, wave_id, unit_id, receipt, text, category, topic, status, created_at, updated_at)
       VALUES ($id::UUID, 'meeting', $wave, $unit, $receipt, $text, $category, $topic, 'new', $at, $at)`,
      {
        id,
        wave: input.waveId ?? null,
        unit: input.unitId,
        receipt,
        text: input.text,
        category: input.category,
        topic: input.topic ?? null,
        at,
      },
    );
    await writeStep(clock, id, null, { action: "logged", to: "new", set: {}, details: {} }, viewer.username);
    if (department !== null) {
      const deadline = addWorkingDays(today, defaultDeadlineDays[input.category], calendar);
      await writeStep(
        clock,
        id,
        "new",
        {
          action: "route",
          to: "routed",
          set: { department_id: department, deadline, routed_at: at },
          details: { departmentId: department, deadline },
        },
        viewer.username,
      );
    }
  });
  const view = await readCase(clock.db, viewer, id, today, tzOffsetMinutes);
  if (view === null) throw new Error(`meeting case ${id} not readable by its author`);
  return { case: view, receipt };
}

function adoptionOf(
  row: CaseRow,
  adopted: boolean | undefined,
  reward: string | null | undefined,
): Record<string, Value> {
  if (adopted === undefined) return {};
  if (adopted && row.category !== "suggestion") {
    throw new ApiError(
      400,
      "not_a_suggestion",
      `Case ${row.number} is classified as a ${row.category}: only a suggestion can be adopted. Classify it as a suggestion first.`,
      "adopted",
    );
  }
  return { adopted, reward: adopted ? (reward ?? null) : null };
}

function overdue(row: CaseRow, today: string): boolean {
  return row.deadline !== null && row.answered_at === null && today > row.deadline;
}

function checkDeadline(deadline: string, today: string): void {
  const days = daysBetween(today, deadline);
  if (days < 0 || days > 366) {
    throw new ApiError(
      400,
      "deadline_invalid",
      `The deadline ${deadline} must be between today (${today}) and a year from now.`,
      "deadline",
    );
  }
}

async function requireDepartment(db: Database, unitId: string): Promise<void> {
  const rows = await queryRows(
    db.read,
    "SELECT 1 FROM units WHERE id = $1 AND kind = 'department' AND retired_at IS NULL",
    [unitId],
  );
  if (rows.length === 0) {
    throw new ApiError(
      400,
      "department_not_found",
      `"${unitId}" is not a department of the organisation: choose one of the office departments.`,
      "departmentId",
    );
  }
}

async function requireTopic(db: Database, topic: string): Promise<void> {
  const rows = await queryRows(db.read, "SELECT 1 FROM topics WHERE id = $1", [topic]);
  if (rows.length === 0) {
    throw new ApiError(400, "topic_not_found", `There is no topic "${topic}" in the catalogue.`, "topic");
  }
}
