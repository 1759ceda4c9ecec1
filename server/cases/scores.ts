// Department scores per plant-local quarter (督办考核), read from the cases' history: received, answered, on time,
// overdue, perfunctory answers, deductions, on-time and satisfaction rates, adopted suggestions. No HTTP, no writes.
//
// The plant's rules, as counted here (a quarter is `2026-Q4`, its days plant-local):
// - A routing cycle is one stretch of a case with one department and one deadline: it starts with a `route` event
//   (triage, a re-route, a handler's meeting demand) or a writer's `reopen` that sends the case back to the same
//   department with a new deadline. It ends with the approval of an answer, a re-route or a return to triage.
// - received: cases whose cycle with the department started in the quarter, each case once per department.
// - answered: answers of the department approved in the quarter (a reopened case answered twice counts twice).
// - on time / overdue: every cycle whose deadline falls in the quarter. On time if the answer finally approved was
//   written by the deadline (rejected drafts do not count). Overdue if it was written after the deadline, if none
//   was written and the deadline has passed, or if the case was re-routed or returned after its deadline had
//   passed. A cycle taken away before its deadline is neither; one not due yet, or answered in time and awaiting
//   approval, is `pending` until it is decided.
// - perfunctory: answers rejected as perfunctory (敷衍) in the quarter.
// - deductions (扣分) = −1 per perfunctory rejection − 2 per overdue cycle; `score` = 100 + deductions, a mark out of
//   100 for reading the table at a glance (not clamped: a department can fall below zero).
// - on-time rate = on time ÷ (on time + overdue); satisfaction rate = (satisfied + basically) ÷ rated, and the
//   satisfied share = satisfied ÷ rated, over the writers' ratings given in the quarter. Each rating counts for the
//   department whose answer it rates (a merged duplicate's writer rates the case it joined), and every answer a
//   writer rated counts, also one the writer then reopened.
// - adopted: suggestions whose adoption (金点子) was last set in the quarter, for the department the case is with.
// - Cases answered on the spot in triage have no department: not scored, reported apart as `onSpot`.
// Scope: analysts and admins count the cases of writers in their scope, for every live department; a handler gets
// the rows of the departments in their own scope (their department), from every case routed there.
import { readSettings } from "../../analytics/catalogue";
import type { Role } from "../auth/accounts";
import { ApiError } from "../errors";
import { type Database, queryRows, toUtcTimestamp } from "../storage/database";
import { localDate, quarterDates, quarterOf } from "./calendar";
import type { Bilingual } from "./caseViews";
import type { CaseRating } from "./categories";

export interface ScoreViewer {
  role: Role;
  scopeUnitId: string;
}

export interface Figures {
  received: number;
  answered: number;
  /** Cycles whose deadline falls in the quarter: onTime + overdue + pending. */
  due: number;
  onTime: number;
  overdue: number;
  pending: number;
  perfunctory: number;
  /** −1 per perfunctory rejection, −2 per overdue cycle (0 or negative). */
  deductions: number;
  /** 100 + deductions; null in the totals: a score is one department's, summing them means nothing. */
  score: number | null;
  onTimeRate: number | null;
  rated: number;
  satisfied: number;
  basically: number;
  dissatisfied: number;
  satisfactionRate: number | null;
  satisfiedRate: number | null;
  adopted: number;
}

export interface DepartmentScore extends Figures {
  departmentId: string;
  name: Bilingual;
  /** Case numbers behind the deductions and the adoptions, for whoever checks the table. */
  overdueCases: number[];
  perfunctoryCases: number[];
  adoptions: { number: number; reward: string | null }[];
}

export interface QuarterScores {
  quarter: string;
  from: string;
  to: string;
  /** The plant-local date the figures were read on: pending and overdue depend on it. */
  today: string;
  departments: DepartmentScore[];
  /** The departments' figures summed (rates from the summed parts). */
  totals: Figures;
  /** Answered on the spot in triage (no department, not scored). */
  onSpot: { answered: number; rated: number; satisfied: number; basically: number; dissatisfied: number };
}

const quarterPattern = /^(\d{4})-Q([1-4])$/;

export function parseQuarter(text: string): string {
  if (!quarterPattern.test(text)) {
    throw new ApiError(
      400,
      "quarter_invalid",
      `"${text}" is not a quarter: write the year and quarter like 2026-Q4 (Q1 to Q4).`,
      "quarter",
    );
  }
  return text;
}

interface EventRow {
  case_id: string;
  number: number;
  department_id: string | null;
  event_at: Date;
  action: string;
  details: string;
}

interface Cycle {
  departmentId: string;
  deadline: string;
  answeredOn: string | null;
}

type Outcome = "onTime" | "overdue" | "pending" | "withdrawn";

interface Tally {
  received: Set<string>;
  answered: number;
  onTime: number;
  overdue: number;
  pending: number;
  overdueCases: Set<number>;
  perfunctoryCases: number[];
  ratings: Record<CaseRating, number>;
  adoptions: { number: number; reward: string | null }[];
}

const emptyTally = (): Tally => ({
  received: new Set(),
  answered: 0,
  onTime: 0,
  overdue: 0,
  pending: 0,
  overdueCases: new Set(),
  perfunctoryCases: [],
  ratings: { satisfied: 0, basically: 0, dissatisfied: 0 },
  adoptions: [],
});

// A deadline is at most a year after routing (lifecycle's checkDeadline): cases quiet for longer than this before
// the quarter cannot have a cycle due in it, nor any event in it.
const lookBackDays = 400;

export async function quarterScores(
  db: Database,
  viewer: ScoreViewer,
  quarterInput: string | undefined,
  now: Date,
): Promise<QuarterScores> {
  const { tzOffsetMinutes } = await readSettings(db.read);
  const today = localDate(now, tzOffsetMinutes);
  const quarter = quarterInput === undefined ? quarterOf(today) : parseQuarter(quarterInput);
  const [from, to] = quarterDates(quarter);
  const inQuarter = (day: string) => day >= from && day <= to;
  const day = (at: Date) => localDate(at, tzOffsetMinutes);

  const departments = await queryRows<{ id: string; name_zh: string; name_en: string }>(
    db.read,
    `SELECT d.id, d.name_zh, d.name_en FROM units d
     WHERE d.kind = 'department' AND d.retired_at IS NULL
       ${viewer.role === "handler" ? "AND starts_with(d.path, (SELECT s.path FROM units s WHERE s.id = $scope))" : ""}
     ORDER BY d.sort, d.id`,
    viewer.role === "handler" ? { scope: viewer.scopeUnitId } : {},
  );
  const merged = new Map(
    (
      await queryRows<{ old_unit_id: string; unit_id: string }>(
        db.read,
        "SELECT old_unit_id, unit_id FROM unit_map",
      )
    ).map((m) => [m.old_unit_id, m.unit_id]),
  );
  const live = (id: unknown) => (typeof id === "string" ? (merged.get(id) ?? id) : null);

  const since = new Date(Date.parse(`${from}T00:00:00Z`) - lookBackDays * 86_400_000);
  // Analysts count their writers' cases; a handler's rows come from every case, whoever wrote it.
  const reach =
    viewer.role === "handler"
      ? ""
      : "AND starts_with(u.path, (SELECT s.path FROM units s WHERE s.id = $scope))";
  const events = await queryRows<EventRow>(
    db.read,
    `SELECT e.case_id::VARCHAR AS case_id, c.number, c.department_id, e.event_at, e.action,
            e.details::VARCHAR AS details
     FROM case_events e
     JOIN current_cases c ON c.id = e.case_id
     JOIN units u ON u.id = c.unit_id
     WHERE e.case_id IN (SELECT case_id FROM case_events WHERE event_at >= $since::TIMESTAMP) ${reach}
     ORDER BY e.case_id, e.seq`,
    { since: toUtcTimestamp(since), ...(reach ? { scope: viewer.scopeUnitId } : {}) },
  );

  const tallies = new Map(departments.map((d) => [d.id, emptyTally()]));
  const onSpot = { answered: 0, rated: 0, satisfied: 0, basically: 0, dissatisfied: 0 };
  const tallyOf = (id: string | null) => (id === null ? undefined : tallies.get(id));
  // Answers given on the spot are triage's, no department's: a handler's figures leave them out.
  const countOnSpot = viewer.role !== "handler";

  const closeCycle = (cycle: Cycle, outcome: Outcome, number: number) => {
    const tally = tallyOf(live(cycle.departmentId));
    if (!tally || !inQuarter(cycle.deadline) || outcome === "withdrawn") return;
    tally[outcome] += 1;
    if (outcome === "overdue") tally.overdueCases.add(number);
  };

  const byCase = new Map<string, EventRow[]>();
  for (const e of events) {
    const list = byCase.get(e.case_id);
    if (list) list.push(e);
    else byCase.set(e.case_id, [e]);
  }
  for (const [caseId, history] of byCase) {
    const last = history[history.length - 1] as EventRow;
    const number = last.number;
    let cycle: Cycle | null = null;
    let adoption: { adopted: boolean; on: string; reward: string | null } | null = null;
    const startCycle = (d: Record<string, unknown>, on: string): Cycle => {
      if (inQuarter(on)) tallyOf(live(d.departmentId))?.received.add(caseId);
      return { departmentId: d.departmentId as string, deadline: d.deadline as string, answeredOn: null };
    };
    for (const e of history) {
      const d = JSON.parse(e.details) as Record<string, unknown>;
      const on = day(e.event_at);
      switch (e.action) {
        case "route": {
          const previous = d.previous as { overdue?: boolean } | undefined;
          if (cycle) closeCycle(cycle, previous?.overdue ? "overdue" : "withdrawn", number);
          cycle = startCycle(d, on);
          break;
        }
        case "return":
          if (cycle) closeCycle(cycle, d.overdue === true ? "overdue" : "withdrawn", number);
          cycle = null;
          break;
        case "answer":
          if (cycle) cycle.answeredOn = on;
          break;
        case "reject":
          if (cycle) cycle.answeredOn = null;
          if (d.perfunctory === true && inQuarter(on)) {
            tallyOf(live(d.departmentId))?.perfunctoryCases.push(number);
          }
          break;
        case "approve":
          if (cycle) closeCycle(cycle, d.onTime === false ? "overdue" : "onTime", number);
          cycle = null;
          if (inQuarter(on)) {
            const tally = tallyOf(live(d.departmentId));
            if (tally) tally.answered += 1;
          }
          if (typeof d.adopted === "boolean") {
            adoption = { adopted: d.adopted, on, reward: (d.reward as string | null) ?? null };
          }
          break;
        case "reply":
          if (countOnSpot && inQuarter(on)) onSpot.answered += 1;
          break;
        case "reopen":
          // Back to the department that answered, with a new deadline; a merged duplicate leaving its merge, or
          // a case answered on the spot, goes back to triage instead (no cycle).
          if (typeof d.departmentId === "string") {
            cycle = startCycle(d, on);
          }
          break;
        case "rate": {
          if (!inQuarter(on)) break;
          const rating = d.rating as CaseRating;
          const tally = tallyOf(live(d.departmentId));
          if (tally) tally.ratings[rating] += 1;
          // Only an answer given on the spot has no department (also when a duplicate's writer rates it).
          else if (countOnSpot && d.departmentId == null) {
            onSpot.rated += 1;
            onSpot[rating] += 1;
          }
          break;
        }
        case "adopt":
          adoption = { adopted: d.adopted === true, on, reward: (d.reward as string | null) ?? null };
          break;
      }
    }
    // A cycle still open is decided by today's date: past its deadline with no answer, or answered late, is
    // overdue; otherwise it waits (not due yet, or answered in time and awaiting approval).
    if (cycle) {
      const late = cycle.answeredOn === null ? today > cycle.deadline : cycle.answeredOn > cycle.deadline;
      closeCycle(cycle, late ? "overdue" : "pending", number);
    }
    if (adoption?.adopted && inQuarter(adoption.on)) {
      tallyOf(live(last.department_id))?.adoptions.push({ number, reward: adoption.reward });
    }
  }

  const rows: DepartmentScore[] = departments.map((dep) => {
    const t = tallies.get(dep.id) as Tally;
    return {
      departmentId: dep.id,
      name: { default: dep.name_en, "zh-cn": dep.name_zh },
      ...figures({
        received: t.received.size,
        answered: t.answered,
        onTime: t.onTime,
        overdue: t.overdue,
        pending: t.pending,
        perfunctory: t.perfunctoryCases.length,
        ...t.ratings,
        adopted: t.adoptions.length,
      }),
      overdueCases: [...t.overdueCases].sort((a, b) => a - b),
      perfunctoryCases: t.perfunctoryCases.sort((a, b) => a - b),
      adoptions: t.adoptions.sort((a, b) => a.number - b.number),
    };
  });
  const sum = (key: keyof Parts) => rows.reduce((n, r) => n + r[key], 0);
  const totals = figures({
    received: sum("received"),
    answered: sum("answered"),
    onTime: sum("onTime"),
    overdue: sum("overdue"),
    pending: sum("pending"),
    perfunctory: sum("perfunctory"),
    satisfied: sum("satisfied"),
    basically: sum("basically"),
    dissatisfied: sum("dissatisfied"),
    adopted: sum("adopted"),
  });
  return { quarter, from, to, today, departments: rows, totals: { ...totals, score: null }, onSpot };
}

type Parts = Pick<
  Figures,
  | "received"
  | "answered"
  | "onTime"
  | "overdue"
  | "pending"
  | "perfunctory"
  | "satisfied"
  | "basically"
  | "dissatisfied"
  | "adopted"
>;

/** The derived figures from the counted parts: ratios of summed parts, never averages of rates. */
function figures(p: Parts): Figures {
  const deductions = 0 - p.perfunctory - 2 * p.overdue;
  const rated = p.satisfied + p.basically + p.dissatisfied;
  const decided = p.onTime + p.overdue;
  return {
    ...p,
    due: p.onTime + p.overdue + p.pending,
    deductions,
    score: 100 + deductions,
    onTimeRate: decided > 0 ? p.onTime / decided : null,
    rated,
    satisfactionRate: rated > 0 ? (p.satisfied + p.basically) / rated : null,
    satisfiedRate: rated > 0 ? p.satisfied / rated : null,
  };
}
