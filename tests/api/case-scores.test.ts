// Department scores per quarter on a fixed set of cases, each driven through the real lifecycle and writer steps on
// a fixed clock: on time, late, perfunctory, reopened, re-routed before and after the deadline, returned late, merged
// duplicates, answered on the spot, adopted; then the HTTP figures by scope, the XLSX files read back, bad quarters.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseViewer } from "../../server/cases/caseViews";
import {
  answerCase,
  approveCase,
  logMeetingCase,
  mergeCase,
  rejectAnswer,
  replyToCase,
  returnCase,
  routeCase,
} from "../../server/cases/lifecycle";
import { quarterScores } from "../../server/cases/scores";
import { rateAnswer, reopenCase } from "../../server/cases/writerCases";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";

const analyst: CaseViewer = { username: "analyst", role: "analyst", scopeUnitId: "plant" };
const hr: CaseViewer = { username: "hr", role: "handler", scopeUnitId: "dept-hr" };
const safety: CaseViewer = { username: "safety", role: "handler", scopeUnitId: "dept-safety" };

/** 10:00 at the plant (UTC+8) on a plant-local date. */
const at = (day: string) => new Date(`${day}T02:00:00.000Z`);
// The day the figures are read: every Q4 deadline below has passed but G's.
const readOn = at("2026-12-10");

let fixture: Fixture;
let db: Fixture["db"];
const numbers: Record<string, number> = {};
const reopenedDeadline = { value: "" };

interface Logged {
  id: string;
  receipt: string;
}

async function log(
  key: string,
  day: string,
  unitId = "team-1",
  category = "demand" as const,
): Promise<Logged> {
  const { case: view, receipt } = await logMeetingCase({ db, now: at(day) }, analyst, {
    unitId,
    text: `诉求 ${key}`,
    category: category as "demand",
  });
  numbers[key] = view.number;
  return { id: view.id, receipt };
}

const step = (day: string) => ({ db, now: at(day) });

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", at("2026-09-01"));
  db = fixture.db;
  await db.write.run(
    `INSERT INTO units (id, parent_id, name_zh, name_en, kind, level, path, headcount, sort)
     VALUES ('dept-safety', 'plant', '质量安全环保科', 'Safety Department', 'department', 1, '/plant/dept-safety/', 10, 99)`,
  );
  // Q3: J answered on time; K routed in Q3, due in Q4, answered late.
  const j = await log("J", "2026-09-01");
  await routeCase(step("2026-09-01"), analyst, j.id, { departmentId: "dept-hr", deadline: "2026-09-20" });
  await answerCase(step("2026-09-10"), hr, j.id, { answer: "已答复" });
  await approveCase(step("2026-09-11"), analyst, j.id, {});
  const k = await log("K", "2026-09-25", "dept-hr");
  await routeCase(step("2026-09-25"), analyst, k.id, { departmentId: "dept-hr", deadline: "2026-10-15" });
  await answerCase(step("2026-10-20"), hr, k.id, { answer: "迟到的答复" });
  await approveCase(step("2026-10-21"), analyst, k.id, {});

  // A: answered on time, rated satisfied; F repeats A and its writer rates A's answer "basically".
  const a = await log("A", "2026-11-02");
  const f = await log("F", "2026-11-02");
  await mergeCase(step("2026-11-02"), analyst, f.id, { into: numbers.A as number });
  await routeCase(step("2026-11-02"), analyst, a.id, { departmentId: "dept-hr", deadline: "2026-11-20" });
  await answerCase(step("2026-11-10"), hr, a.id, { answer: "已增加面食窗口" });
  await approveCase(step("2026-11-11"), analyst, a.id, { publicText: "食堂面食" });
  await rateAnswer(db, at("2026-11-12"), a.receipt, a.id, "satisfied");
  await rateAnswer(db, at("2026-11-12"), f.receipt, f.id, "basically");

  // B: a perfunctory answer rejected, the rework late; rated dissatisfied and reopened: the second cycle on time.
  const b = await log("B", "2026-11-02");
  await routeCase(step("2026-11-02"), analyst, b.id, { departmentId: "dept-hr", deadline: "2026-11-09" });
  await answerCase(step("2026-11-05"), hr, b.id, { answer: "研究研究" });
  await rejectAnswer(step("2026-11-06"), analyst, b.id, { reason: "答非所问", perfunctory: true });
  await answerCase(step("2026-11-12"), hr, b.id, { answer: "已调整排班" });
  await approveCase(step("2026-11-13"), analyst, b.id, {});
  await rateAnswer(db, at("2026-11-14"), b.receipt, b.id, "dissatisfied");
  const [reopened] = await reopenCase(db, at("2026-11-14"), b.receipt, b.id, "排班仍未调整");
  reopenedDeadline.value = reopened?.deadline ?? "";
  await answerCase(step("2026-11-20"), hr, b.id, { answer: "已按新排班执行" });
  await approveCase(step("2026-11-21"), analyst, b.id, {});
  await rateAnswer(db, at("2026-11-22"), b.receipt, b.id, "basically");

  // C: re-routed from safety to HR after safety's deadline had passed (overdue for safety), answered in time.
  const c = await log("C", "2026-11-02");
  await routeCase(step("2026-11-02"), analyst, c.id, { departmentId: "dept-safety", deadline: "2026-11-06" });
  await routeCase(step("2026-11-10"), analyst, c.id, { departmentId: "dept-hr", deadline: "2026-11-27" });
  await answerCase(step("2026-11-16"), hr, c.id, { answer: "已处理" });
  await approveCase(step("2026-11-17"), analyst, c.id, {});

  // D: re-routed before safety's deadline (not safety's fault); HR never answers by its deadline.
  const d = await log("D", "2026-11-02");
  await routeCase(step("2026-11-02"), analyst, d.id, { departmentId: "dept-safety", deadline: "2026-11-30" });
  await routeCase(step("2026-11-03"), analyst, d.id, { departmentId: "dept-hr", deadline: "2026-11-30" });

  // E: safety returns it after its deadline (overdue); the analyst then answers on the spot, rated satisfied.
  const e = await log("E", "2026-11-02");
  await routeCase(step("2026-11-02"), analyst, e.id, { departmentId: "dept-safety", deadline: "2026-11-05" });
  await returnCase(step("2026-11-09"), safety, e.id, { reason: "不属于本部门" });
  await replyToCase(step("2026-11-10"), analyst, e.id, { answer: "现场已答复" });
  await rateAnswer(db, at("2026-11-11"), e.receipt, e.id, "satisfied");

  // G: due after the reading day (pending). H: answered in time, awaiting approval after its deadline (pending).
  const g = await log("G", "2026-12-08");
  await routeCase(step("2026-12-08"), analyst, g.id, { departmentId: "dept-hr", deadline: "2026-12-22" });
  const h = await log("H", "2026-11-02");
  await routeCase(step("2026-11-02"), analyst, h.id, { departmentId: "dept-hr", deadline: "2026-11-16" });
  await answerCase(step("2026-11-13"), hr, h.id, { answer: "拟于下月解决" });

  // I: a suggestion from outside area-1, adopted with a reward on approval, rated satisfied.
  const i = await log("I", "2026-11-02", "dept-hr", "suggestion" as "demand");
  await routeCase(step("2026-11-02"), analyst, i.id, { departmentId: "dept-safety", deadline: "2026-11-30" });
  await answerCase(step("2026-11-20"), safety, i.id, { answer: "采纳，明年实施" });
  await approveCase(step("2026-11-23"), analyst, i.id, { adopted: true, reward: "500元" });
  await rateAnswer(db, at("2026-11-24"), i.receipt, i.id, "satisfied");
});

afterAll(() => fixture.db.close());

const rowOf = (scores: Awaited<ReturnType<typeof quarterScores>>, id: string) => {
  const row = scores.departments.find((r) => r.departmentId === id);
  if (!row) throw new Error(`no row for ${id}`);
  return row;
};

describe("department scores, 2026-Q4, plant-wide", () => {
  it("counts HR: two on time and a reopened cycle on time; late, unanswered and Q3-routed-late overdue", async () => {
    // 15 working days after Saturday 14 November, when the writer reopened B.
    expect(reopenedDeadline.value).toBe("2026-12-04");
    const scores = await quarterScores(db, analyst, "2026-Q4", readOn);
    expect([scores.quarter, scores.from, scores.to, scores.today]).toEqual([
      "2026-Q4",
      "2026-10-01",
      "2026-12-31",
      "2026-12-10",
    ]);
    const n = numbers as Record<string, number>;
    expect(rowOf(scores, "dept-hr")).toEqual({
      departmentId: "dept-hr",
      name: { default: "HR", "zh-cn": "人力资源科" },
      received: 6, // A, B (routed and reopened: once), C, D, G, H
      answered: 5, // K, A, B twice, C
      due: 8,
      onTime: 3, // A, B's second cycle, C
      overdue: 3, // B's first cycle (rework late), D (unanswered), K (due 10-15, written 10-20)
      pending: 2, // G not due yet, H answered in time and awaiting approval
      perfunctory: 1,
      deductions: -7,
      score: 93,
      onTimeRate: 0.5,
      rated: 4, // A satisfied, F (A's duplicate) basically, B dissatisfied then basically
      satisfied: 1,
      basically: 2,
      dissatisfied: 1,
      satisfactionRate: 0.75,
      satisfiedRate: 0.25,
      adopted: 0,
      overdueCases: [n.K, n.B, n.D].sort((x, y) => (x as number) - (y as number)),
      perfunctoryCases: [n.B],
      adoptions: [],
    });
  });

  it("counts safety: re-routed and returned after the deadline are overdue, re-routed before it is neither", async () => {
    const scores = await quarterScores(db, analyst, "2026-Q4", readOn);
    const row = rowOf(scores, "dept-safety");
    expect(row).toMatchObject({
      received: 4, // C, D, E, I
      answered: 1,
      due: 3, // C, E, I (D was taken away in time)
      onTime: 1,
      overdue: 2,
      pending: 0,
      perfunctory: 0,
      deductions: -4,
      score: 96,
      rated: 1,
      satisfactionRate: 1,
      adopted: 1,
      adoptions: [{ number: numbers.I, reward: "500元" }],
    });
    expect(row.onTimeRate).toBeCloseTo(1 / 3, 12);
    expect(row.overdueCases).toEqual([numbers.C, numbers.E]);
  });

  it("keeps the answer given on the spot out of the scores, and sums the departments", async () => {
    const scores = await quarterScores(db, analyst, "2026-Q4", readOn);
    expect(scores.onSpot).toEqual({ answered: 1, rated: 1, satisfied: 1, basically: 0, dissatisfied: 0 });
    expect(scores.totals).toMatchObject({
      received: 10,
      answered: 6,
      due: 11,
      onTime: 4,
      overdue: 5,
      pending: 2,
      perfunctory: 1,
      deductions: -11,
      score: null,
      rated: 5,
      satisfied: 2,
      basically: 2,
      dissatisfied: 1,
      satisfactionRate: 0.8,
      satisfiedRate: 0.4,
      adopted: 1,
    });
    expect(scores.totals.onTimeRate).toBeCloseTo(4 / 9, 12);
  });

  it("judges an open cycle by the reading day: before D's deadline it is pending, not overdue", async () => {
    const early = await quarterScores(db, analyst, "2026-Q4", at("2026-11-25"));
    // Read on 25 Nov: D (due 11-30) is pending like G and H, so only B's first cycle and K are overdue.
    expect(rowOf(early, "dept-hr")).toMatchObject({ overdue: 2, pending: 3, onTime: 3, deductions: -5 });
  });

  it("gives Q3 its own figures and lists departments with nothing as zeros", async () => {
    const q3 = await quarterScores(db, analyst, "2026-Q3", readOn);
    expect(rowOf(q3, "dept-hr")).toMatchObject({
      received: 2, // J, K
      answered: 1, // J
      due: 1,
      onTime: 1,
      overdue: 0,
      deductions: 0,
      score: 100,
      onTimeRate: 1,
      rated: 0,
      satisfactionRate: null,
    });
    expect(rowOf(q3, "dept-safety")).toMatchObject({
      received: 0,
      answered: 0,
      due: 0,
      deductions: 0,
      score: 100,
      onTimeRate: null,
      satisfactionRate: null,
      satisfiedRate: null,
      adopted: 0,
    });
    const q1 = await quarterScores(db, analyst, "2027-Q1", readOn);
    expect(q1.departments.map((r) => [r.departmentId, r.received, r.due, r.score])).toEqual([
      ["dept-hr", 0, 0, 100],
      ["dept-safety", 0, 0, 100],
    ]);
  });
});

describe("scores over HTTP", () => {
  let app: ReturnType<typeof appFor>["app"];
  let cookies: Record<string, string>;

  beforeAll(async () => {
    app = appFor(fixture, () => readOn).app;
    cookies = await signedIn(fixture, app, readOn, [
      ["http-analyst", "analyst", "plant"],
      ["area-analyst", "analyst", "area-1"],
      ["http-hr", "handler", "dept-hr"],
      ["http-leader", "leader", "plant"],
    ]);
  });

  const get = (path: string, as: string) => app.request(path, { headers: { cookie: cookies[as] as string } });

  it("defaults to the current quarter, with the same figures as the domain", async () => {
    const res = await get("/api/cases/scores", "http-analyst");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual(await quarterScores(db, analyst, "2026-Q4", readOn));
  });

  it("counts only the cases of writers in an area analyst's scope", async () => {
    const body = await (await get("/api/cases/scores?quarter=2026-Q4", "area-analyst")).json();
    // K and I were written in dept-hr, outside area-1.
    const hrRow = rowOf(body, "dept-hr");
    expect([hrRow.received, hrRow.answered, hrRow.onTime, hrRow.overdue, hrRow.pending]).toEqual([
      6, 4, 3, 2, 2,
    ]);
    const safetyRow = rowOf(body, "dept-safety");
    expect([
      safetyRow.received,
      safetyRow.answered,
      safetyRow.overdue,
      safetyRow.adopted,
      safetyRow.rated,
    ]).toEqual([3, 0, 2, 0, 0]);
  });

  it("gives a handler their own department's row only, from every case routed there", async () => {
    const body = await (await get("/api/cases/scores?quarter=2026-Q4", "http-hr")).json();
    const plant = await quarterScores(db, analyst, "2026-Q4", readOn);
    expect(body.departments).toEqual([rowOf(plant, "dept-hr")]);
    expect(body.totals).toMatchObject({ received: 6, overdue: 3, score: null });
    expect(body.onSpot).toEqual({ answered: 0, rated: 0, satisfied: 0, basically: 0, dissatisfied: 0 });
  });

  it("refuses leaders (figures come from the analytics API)", async () => {
    for (const path of ["/api/cases/scores", "/api/cases/scores.xlsx", "/api/cases/export.xlsx"]) {
      expect((await get(path, "http-leader")).status).toBe(403);
    }
  });

  it.each([
    ["2026-Q5", '"2026-Q5" is not a quarter: write the year and quarter like 2026-Q4 (Q1 to Q4).'],
    ["abc", '"abc" is not a quarter: write the year and quarter like 2026-Q4 (Q1 to Q4).'],
  ])("answers 400 for the quarter %s", async (quarter, message) => {
    for (const path of ["/api/cases/scores", "/api/cases/scores.xlsx"]) {
      const res = await get(`${path}?quarter=${quarter}`, "http-analyst");
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: "quarter_invalid", message, path: "quarter" } });
    }
  });

  it("refuses a query parameter it does not take", async () => {
    const res = await get("/api/cases/scores?quarter=2026-Q4&department=dept-hr", "http-analyst");
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_request");
  });

  async function workbook(res: Response) {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    return { sheet, rows };
  }

  it("writes the scores as XLSX: headers, a department row, the total and the on-the-spot answers", async () => {
    const res = await get("/api/cases/scores.xlsx?quarter=2026-Q4", "http-analyst");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="scores-2026-Q4.xlsx"; filename*=UTF-8''${encodeURIComponent("督办考核-2026-Q4.xlsx")}`,
    );
    const { sheet, rows } = await workbook(res);
    expect(sheet.name).toBe("督办考核 2026-Q4");
    expect(rows[0]?.slice(0, 11)).toEqual([
      "承办部门",
      "受理",
      "已答复",
      "本季到期",
      "按期",
      "超期",
      "待定",
      "按期办结率",
      "敷衍退回",
      "扣分",
      "得分(100+扣分)",
    ]);
    const n = numbers as Record<string, number>;
    const overdue = [n.K, n.B, n.D].sort((x, y) => (x as number) - (y as number)).join(", ");
    expect(rows[1]).toEqual([
      "人力资源科",
      6,
      5,
      8,
      3,
      3,
      2,
      0.5,
      1,
      -7,
      93,
      4,
      1,
      2,
      1,
      0.75,
      0.25,
      0,
      overdue,
      String(n.B),
    ]);
    expect(rows[2]?.[20]).toBe(`${n.I}: 500元`);
    // A score is one department's: the totals row has none, and says so with a dash rather than an empty cell.
    expect(rows[3]?.slice(0, 11)).toEqual(["合计", 10, 6, 11, 4, 5, 2, 4 / 9, 1, -11, "—"]);
    expect(rows[0]?.[16]).toBe("满意占比");
    expect(rows[4]?.[0]).toBe("现场答复（不计分）");
    expect(sheet.getColumn(8).numFmt).toBe("0.0%");
    const enRes = await get("/api/cases/scores.xlsx?quarter=2026-Q4&lang=en", "http-analyst");
    expect(enRes.headers.get("content-disposition")).toBe('attachment; filename="scores-2026-Q4.xlsx"');
    const en = await workbook(enRes);
    expect(en.rows[0]?.slice(0, 3)).toEqual(["Department", "Received", "Answered"]);
  });

  it("exports the matching cases as XLSX with their texts, one row each", async () => {
    const { rows } = await workbook(
      await get("/api/cases/export.xlsx?status=published,closed", "http-analyst"),
    );
    expect(rows[0]).toEqual([
      "承办单号",
      "收到日期",
      "单位",
      "调研批次",
      "渠道",
      "类别",
      "主题",
      "状态",
      "诉求内容",
      "承办部门",
      "答复时限",
      "超期",
      "答复日期",
      "按期答复",
      "答复内容",
      "采取的措施",
      "公示的诉求表述",
      "采纳",
      "奖励",
      "提出人评价",
      "重新办理",
    ]);
    // J, K, A, B, C, E, I are published or closed; newest first.
    expect(rows.slice(1).map((r) => r[0])).toEqual(
      ["J", "K", "A", "B", "C", "E", "I"]
        .map((k) => numbers[k])
        .sort((x, y) => (y as number) - (x as number)),
    );
    const b = rows.find((r) => r[0] === numbers.B) as unknown[];
    expect(b).toEqual([
      numbers.B,
      "2026-11-02",
      "第一作业区 / 中心站1 / 采油班",
      undefined,
      "会议",
      "诉求",
      undefined,
      "已办结",
      "诉求 B",
      "人力资源科",
      "2026-12-04",
      "否",
      "2026-11-20",
      "是",
      "已按新排班执行",
      undefined,
      undefined,
      "否",
      undefined,
      "基本满意",
      "是",
    ]);
  });

  it("exports only the handler's department's cases, and the overdue filter as the list has it", async () => {
    const mineRes = await get("/api/cases/export.xlsx?lang=en", "http-hr");
    expect(mineRes.headers.get("content-disposition")).toBe('attachment; filename="cases-2026-12-10.xlsx"');
    const mine = await workbook(mineRes);
    expect(mine.rows[0]?.[0]).toBe("Number");
    const expected = ["K", "J", "A", "B", "C", "D", "G", "H"]
      .map((k) => numbers[k])
      .sort((x, y) => (y as number) - (x as number));
    expect(mine.rows.slice(1).map((r) => r[0])).toEqual(expected);
    // In English the codes are words too, as the case pages show them.
    const b = mine.rows.find((r) => r[0] === numbers.B) as unknown[];
    expect([b[4], b[5], b[7], b[11], b[13], b[19], b[20]]).toEqual([
      "Meeting",
      "Demand",
      "Closed",
      "No",
      "Yes",
      "Basically satisfied",
      "Yes",
    ]);
    // The overdue list is a file of its own name: it does not overwrite the full export of the day.
    const overdueRes = await get("/api/cases/export.xlsx?overdue=1", "http-analyst");
    expect(overdueRes.headers.get("content-disposition")).toBe(
      `attachment; filename="cases-overdue-2026-12-10.xlsx"; filename*=UTF-8''${encodeURIComponent("超期承办单-2026-12-10.xlsx")}`,
    );
    const overdue = await workbook(overdueRes);
    expect(overdue.rows.slice(1).map((r) => [r[0], r[11]])).toEqual([[numbers.D, "是"]]);
    const bad = await get("/api/cases/export.xlsx?status=lost", "http-analyst");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("status_invalid");
  });
});
