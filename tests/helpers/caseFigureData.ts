// A fixed set of 20 cases made through the real lifecycle steps on fixed clocks, for the case figures tests: which
// status, deadline verdict, rating and adoption each ends with is listed beside it, so expected figures can be
// counted by hand. Needs units area-2 and dept-safety (addCaseUnits) beside the fixture's organisation.
import type { CaseViewer } from "../../server/cases/caseViews";
import {
  adoptSuggestion,
  answerCase,
  approveCase,
  logMeetingCase,
  mergeCase,
  rejectAnswer,
  replyToCase,
  routeCase,
} from "../../server/cases/lifecycle";
import { rateAnswer } from "../../server/cases/writerCases";
import type { Database } from "../../server/storage/database";

/** The day the figures are read on: Tuesday 1 December 2026, 10:00 at the plant. */
export const figuresDay = new Date("2026-12-01T02:00:00.000Z");

export async function addCaseUnits(db: Database): Promise<void> {
  await db.write.run(
    `INSERT INTO units (id, parent_id, name_zh, name_en, kind, level, path, headcount, sort) VALUES
     ('area-2', 'plant', '第二作业区', 'Area 2', 'area', 1, '/plant/area-2/', 40, 50),
     ('dept-safety', 'plant', '质量安全环保科', 'Safety Department', 'department', 1, '/plant/dept-safety/', 10, 99)`,
  );
}

const analyst: CaseViewer = { username: "figures-analyst", role: "analyst", scopeUnitId: "plant" };
const hr: CaseViewer = { username: "figures-hr", role: "handler", scopeUnitId: "dept-hr" };
const safety: CaseViewer = { username: "figures-safety", role: "handler", scopeUnitId: "dept-safety" };

// Plant-local 10:00 on each day (UTC+8).
const at = (day: string) => new Date(`${day}T02:00:00.000Z`);

/**
 * 2026-Q3 (received Mon 3 Aug, due 24 Aug): q1–q5 from team-1, topic pay, to dept-hr, answered 10 Aug, published;
 * rated satisfied ×3, dissatisfied ×2.
 * 2026-Q4 (received Mon 2 Nov; a demand is due 23 Nov, a complaint 16 Nov, a suggestion 30 Nov):
 *  team-1  c1–c3 pay→dept-hr answered 10 Nov, published, rated satisfied / basically / dissatisfied;
 *          c4 pay→dept-hr answered 30 Nov (late), published; c5 pay→dept-hr unanswered (overdue);
 *          c6 no topic→dept-hr answered 10 Nov, rejected as perfunctory 11 Nov (overdue again);
 *          c7 no topic in triage; c8 no topic answered on the spot (published, no deadline);
 *          c9 suggestion safety→dept-safety answered 10 Nov, published and adopted;
 *          c10 pay merged into c1, rated satisfied by its own writer.
 *  area-2  c11–c15 complaints safety→dept-safety: c11, c12 answered 10 Nov and published (c12 rated satisfied);
 *          c13–c15 unanswered (overdue).
 */
export async function seedCaseFigures(
  db: Database,
): Promise<Record<string, { id: string; receipt: string }>> {
  const made: Record<string, { id: string; receipt: string; number: number }> = {};
  const clock = (day: string) => ({ db, now: at(day) });
  const log = async (
    name: string,
    day: string,
    unitId: string,
    topic: string | null,
    category: "demand" | "suggestion" | "complaint" = "demand",
  ) => {
    const { case: c, receipt } = await logMeetingCase(clock(day), analyst, {
      unitId,
      text: `${name} 的诉求`,
      category,
      topic,
    });
    made[name] = { id: c.id, receipt, number: c.number };
  };
  const id = (name: string) => (made[name] as { id: string }).id;
  const route = (name: string, day: string, departmentId: string) =>
    routeCase(clock(day), analyst, id(name), { departmentId });
  const answer = (name: string, day: string, handler = hr) =>
    answerCase(clock(day), handler, id(name), { answer: `对 ${name} 的答复` });
  const approve = (name: string, day: string) => approveCase(clock(day), analyst, id(name), {});
  const rate = (name: string, day: string, rating: "satisfied" | "basically" | "dissatisfied") =>
    rateAnswer(db, at(day), (made[name] as { receipt: string }).receipt, id(name), rating);

  for (const [i, rating] of (
    ["satisfied", "satisfied", "satisfied", "dissatisfied", "dissatisfied"] as const
  ).entries()) {
    const q = `q${i + 1}`;
    await log(q, "2026-08-03", "team-1", "pay");
    await route(q, "2026-08-03", "dept-hr");
    await answer(q, "2026-08-10");
    await approve(q, "2026-08-10");
    await rate(q, "2026-08-12", rating);
  }

  for (const c of ["c1", "c2", "c3", "c4", "c5"]) await log(c, "2026-11-02", "team-1", "pay");
  for (const c of ["c6", "c7", "c8"]) await log(c, "2026-11-02", "team-1", null);
  await log("c9", "2026-11-02", "team-1", "safety", "suggestion");
  await log("c10", "2026-11-02", "team-1", "pay");
  for (const c of ["c11", "c12", "c13", "c14", "c15"])
    await log(c, "2026-11-02", "area-2", "safety", "complaint");

  for (const c of ["c1", "c2", "c3", "c4", "c5", "c6"]) await route(c, "2026-11-02", "dept-hr");
  await route("c9", "2026-11-02", "dept-safety");
  for (const c of ["c11", "c12", "c13", "c14", "c15"]) await route(c, "2026-11-02", "dept-safety");
  await mergeCase(clock("2026-11-02"), analyst, id("c10"), { into: (made.c1 as { number: number }).number });
  await replyToCase(clock("2026-11-02"), analyst, id("c8"), { answer: "当场答复" });

  for (const c of ["c1", "c2", "c3", "c6"]) await answer(c, "2026-11-10");
  for (const c of ["c9", "c11", "c12"]) await answer(c, "2026-11-10", safety);
  await rejectAnswer(clock("2026-11-11"), analyst, id("c6"), { reason: "答非所问", perfunctory: true });
  for (const c of ["c1", "c2", "c3", "c9", "c11", "c12"]) await approve(c, "2026-11-11");
  await adoptSuggestion(clock("2026-11-11"), analyst, id("c9"), { adopted: true, reward: "金点子二等奖" });
  await answer("c4", "2026-11-30");
  await approve("c4", "2026-11-30");

  await rate("c1", "2026-11-12", "satisfied");
  await rate("c2", "2026-11-12", "basically");
  await rate("c3", "2026-11-12", "dissatisfied");
  await rate("c10", "2026-11-12", "satisfied");
  await rate("c12", "2026-11-12", "satisfied");
  return made;
}
