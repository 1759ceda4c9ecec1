// A case through every status over the real HTTP stack and a real DuckDB, on a fixed clock: intake from responses
// of each channel, triage, routing with working-day deadlines, answering, rejection, approval, the writer's rating
// and reopening by receipt, merging, answering on the spot, suggestions adopted, meeting demands, and the history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../server/storage/database";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase, signedIn, testPassword } from "../helpers/fixture";

// Monday 2 November 2026, 16:00 at the plant (UTC+8).
const start = new Date("2026-11-02T08:00:00.000Z");
let now = start;
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let cookies: Record<string, string>;

// Bodies are checked field by field with exact values below; a loose type keeps those checks readable.
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the API under test
type Json = any;

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

async function call(
  path: string,
  init: { method?: string; body?: unknown; as?: string } = {},
): Promise<{ status: number; body: Json }> {
  const res = await app.request(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      "content-type": "application/json",
      ...(init.as ? { cookie: cookies[init.as] as string } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: await res.json() };
}

/** Posts a response whose demand and suggestion answers are given (undefined: left out); returns its receipt. */
async function respond(
  n: number,
  texts: { demands?: string; suggestions?: string },
  unitId = "team-1",
  channel = "online",
): Promise<string> {
  const data = { ...validAnswers(fixture.definition, n) };
  delete data.demands;
  delete data.suggestions;
  Object.assign(data, texts);
  const res = await call("/api/responses", {
    body: {
      id: uuid(n),
      waveId: fixture.openWaveId,
      unitId,
      groupId: "staff",
      channel,
      submittedAt: now.toISOString(),
      data,
    },
  });
  expect(res.status).toBe(201);
  return res.body.receipt as string;
}

/** Moves the clock; sessions time out over days, so every account logs in again. */
async function setClock(at: string) {
  now = new Date(at);
  for (const username of Object.keys(cookies)) {
    const res = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: testPassword }),
    });
    cookies[username] = res.headers.get("set-cookie")?.split(";")[0] ?? "";
  }
}

async function caseByText(text: string, as = "analyst") {
  const res = await call(`/api/cases?q=${encodeURIComponent(text)}`, { as });
  expect(res.status).toBe(200);
  return res.body.cases[0];
}

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", start);
  await fixture.db.write.run(
    `INSERT INTO units (id, parent_id, name_zh, name_en, kind, level, path, headcount, sort)
     VALUES ('dept-safety', 'plant', '质量安全环保科', 'Safety Department', 'department', 1, '/plant/dept-safety/', 10, 99)`,
  );
  app = appFor(fixture, () => now).app;
  cookies = await signedIn(fixture, app, start, [
    ["analyst", "analyst", "plant"],
    ["handler", "handler", "dept-hr"],
    ["safety", "handler", "dept-safety"],
    ["leader", "leader", "area-1"],
    ["areaanalyst", "analyst", "area-1"],
  ]);
});

afterAll(() => fixture.db.close());

describe("intake", () => {
  it("makes a case of every non-empty demand answer, with the response's unit, wave, channel and receipt", async () => {
    const receipt = await respond(1, {
      demands: "  食堂饭菜品种单一，希望增加面食。 ",
      suggestions: "建议增开夜班通勤车。",
    });
    await respond(2, { demands: "   " }, "st-1", "onsite");
    const res = await call("/api/cases", { as: "analyst" });
    expect(res.status).toBe(200);
    const mine = res.body.cases.filter(
      (c: { text: string }) => c.text.includes("食堂") || c.text.includes("通勤"),
    );
    expect(mine.map((c: Json) => [c.text, c.category, c.status, c.channel, c.unitId, c.waveId])).toEqual([
      ["建议增开夜班通勤车。", "suggestion", "new", "online", "team-1", "wave-open"],
      ["食堂饭菜品种单一，希望增加面食。", "demand", "new", "online", "team-1", "wave-open"],
    ]);
    expect(res.body.total).toBe(2);
    // Staff never see the receipt: whoever holds it can rate as the writer.
    expect(JSON.stringify(res.body)).not.toContain(receipt);
    expect(mine[0].receivedOn).toBe("2026-11-02");
    expect(mine[0].unitPath).toEqual({
      default: "Area 1 / Station 1 / Production team",
      "zh-cn": "第一作业区 / 中心站1 / 采油班",
    });
    const rows = await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM cases");
    expect(rows[0]?.n).toBe(2);
  });

  it("takes on-site demands too, and a resend makes no second case", async () => {
    await respond(3, { demands: "中心站宿舍暖气不热。" }, "st-1", "onsite");
    const again = await call("/api/responses", {
      body: {
        id: uuid(3),
        waveId: fixture.openWaveId,
        unitId: "st-1",
        groupId: "staff",
        channel: "onsite",
        submittedAt: now.toISOString(),
        data: {
          ...(() => {
            const d = { ...validAnswers(fixture.definition, 3) };
            delete d.suggestions;
            return d;
          })(),
          demands: "中心站宿舍暖气不热。",
        },
      },
    });
    expect(again.status).toBe(200);
    const found = await call(`/api/cases?q=${encodeURIComponent("暖气")}`, { as: "analyst" });
    expect(found.body.cases.map((c: Json) => [c.channel, c.unitId])).toEqual([["onsite", "st-1"]]);
  });

  it("shows handlers nothing until a case is routed to their department, and leaders no list at all", async () => {
    const handler = await call("/api/cases", { as: "handler" });
    expect(handler.body).toMatchObject({ cases: [], total: 0 });
    const one = await caseByText("食堂");
    expect((await call(`/api/cases/${one.id}`, { as: "handler" })).status).toBe(404);
    expect((await call("/api/cases", { as: "leader" })).status).toBe(403);
    // An analyst of another part of the tree reaches only writers in its scope.
    const area = await call("/api/cases", { as: "areaanalyst" });
    expect(area.body.total).toBe(3);
  });
});

describe("a demand through every status", () => {
  let id = "";
  let receipt = "";

  it("is classified and routed with a deadline of 15 working days", async () => {
    receipt = await respond(10, { demands: "夜班下班后食堂已经关门，希望提供夜班餐。" });
    id = (await caseByText("夜班餐")).id;
    const badTopic = await call(`/api/cases/${id}/classify`, { as: "analyst", body: { topic: "nonsense" } });
    expect(badTopic.status).toBe(400);
    expect(badTopic.body.error).toMatchObject({ code: "topic_not_found", path: "topic" });
    const classified = await call(`/api/cases/${id}/classify`, { as: "analyst", body: { topic: "canteen" } });
    expect(classified.status).toBe(200);
    expect(classified.body.case).toMatchObject({ topic: "canteen", category: "demand", status: "new" });
    // Handlers may not triage.
    expect(
      (await call(`/api/cases/${id}/route`, { as: "handler", body: { departmentId: "dept-hr" } })).status,
    ).toBe(403);
    const notDept = await call(`/api/cases/${id}/route`, { as: "analyst", body: { departmentId: "team-1" } });
    expect(notDept.body.error).toMatchObject({ code: "department_not_found", path: "departmentId" });
    const past = await call(`/api/cases/${id}/route`, {
      as: "analyst",
      body: { departmentId: "dept-hr", deadline: "2026-11-01" },
    });
    expect(past.body.error.code).toBe("deadline_invalid");
    const routed = await call(`/api/cases/${id}/route`, { as: "analyst", body: { departmentId: "dept-hr" } });
    expect(routed.status).toBe(200);
    expect(routed.body.case).toMatchObject({
      status: "routed",
      departmentId: "dept-hr",
      departmentName: { default: "HR", "zh-cn": "人力资源科" },
      routedOn: "2026-11-02",
      deadline: "2026-11-23",
      daysLeft: 21,
      overdue: false,
      dueSoon: false,
    });
  });

  it("is answered by its department only, and a perfunctory answer is sent back", async () => {
    expect((await call(`/api/cases/${id}`, { as: "safety" })).status).toBe(404);
    const wrongDept = await call(`/api/cases/${id}/answer`, { as: "safety", body: { answer: "已处理。" } });
    expect(wrongDept.status).toBe(404);
    const blank = await call(`/api/cases/${id}/answer`, { as: "handler", body: { answer: "   " } });
    expect(blank.status).toBe(400);
    const answered = await call(`/api/cases/${id}/answer`, { as: "handler", body: { answer: "已转食堂。" } });
    expect(answered.body.case).toMatchObject({
      status: "answered",
      answer: "已转食堂。",
      answeredBy: "handler",
    });
    const rejected = await call(`/api/cases/${id}/reject`, {
      as: "analyst",
      body: { reason: "没有说明何时提供夜班餐。", perfunctory: true },
    });
    expect(rejected.body.case).toMatchObject({ status: "routed", answer: "已转食堂。", answeredOn: null });
  });

  it("is flagged overdue after its deadline, on the reminder list three days before it", async () => {
    await setClock("2026-11-20T02:00:00.000Z"); // Friday 20 November, 3 days before
    const soon = await call("/api/cases?dueSoon=1", { as: "handler" });
    expect(soon.body.cases.map((c: Json) => c.id)).toEqual([id]);
    expect(soon.body.counts).toMatchObject({ dueSoon: 1, overdue: 0, routed: 1 });
    await setClock("2026-11-24T02:00:00.000Z"); // Tuesday 24 November
    const overdue = await call("/api/cases?overdue=1", { as: "analyst" });
    expect(overdue.body.cases.map((c: Json) => [c.id, c.overdue, c.daysLeft])).toEqual([[id, true, -1]]);
    expect((await call("/api/cases?dueSoon=1", { as: "handler" })).body.total).toBe(0);
  });

  it("is answered late, approved with the wording for the board, and published", async () => {
    const answered = await call(`/api/cases/${id}/answer`, {
      as: "handler",
      body: {
        answer: "自12月1日起食堂为夜班人员供应夜班餐。",
        actionTaken: "食堂增设22:00—次日2:00供餐窗口。",
      },
    });
    expect(answered.body.case).toMatchObject({
      status: "answered",
      answeredOn: "2026-11-24",
      answeredLate: true,
      overdue: true,
    });
    // Nothing is on the writer's page or the board before approval.
    const before = await call(`/api/receipts/${receipt}`);
    expect(before.body.cases[0]).toMatchObject({ stage: "in_progress", answer: null, canRate: false });
    const approved = await call(`/api/cases/${id}/approve`, {
      as: "analyst",
      body: { publicText: "希望为夜班人员提供夜班餐。" },
    });
    expect(approved.body.case).toMatchObject({
      status: "published",
      publishedOn: "2026-11-24",
      overdue: false,
    });
    const board = await call("/api/board?unitId=st-1");
    expect(board.body.cases).toEqual([
      {
        number: approved.body.case.number,
        unitName: { default: "Production team", "zh-cn": "采油班" },
        category: "demand",
        topic: "canteen",
        publicText: "希望为夜班人员提供夜班餐。",
        departmentName: { default: "HR", "zh-cn": "人力资源科" },
        answer: "自12月1日起食堂为夜班人员供应夜班餐。",
        actionTaken: "食堂增设22:00—次日2:00供餐窗口。",
        publishedOn: "2026-11-24",
        adopted: false,
        reward: null,
      },
    ]);
    expect((await call("/api/board?unitId=dept-hr")).body.total).toBe(0);
  });

  it("is read and rated once by its writer's receipt, in any spelling of the code", async () => {
    const spelled = receipt.toLowerCase().replace("-", " ");
    const mine = await call(`/api/receipts/${encodeURIComponent(spelled)}`);
    expect(mine.status).toBe(200);
    expect(mine.body.cases).toEqual([
      expect.objectContaining({
        id,
        text: "夜班下班后食堂已经关门，希望提供夜班餐。",
        stage: "answered",
        answer: "自12月1日起食堂为夜班人员供应夜班餐。",
        canRate: true,
        canReopen: true,
      }),
    ]);
    const bad = await call(`/api/receipts/${receipt}/cases/${id}/rating`, { body: { rating: "great" } });
    expect(bad.status).toBe(400);
    const rated = await call(`/api/receipts/${receipt}/cases/${id}/rating`, {
      body: { rating: "basically" },
    });
    expect(rated.body.cases[0]).toMatchObject({ stage: "closed", rating: "basically", canRate: false });
    const twice = await call(`/api/receipts/${receipt}/cases/${id}/rating`, {
      body: { rating: "satisfied" },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe("already_rated");
    expect((await call(`/api/cases/${id}`, { as: "analyst" })).body.case).toMatchObject({
      status: "closed",
      rating: "basically",
    });
  });

  it("cannot be read or rated with another receipt", async () => {
    const other = await respond(11, { demands: "班车车况老旧。" });
    const theirs = await call(`/api/receipts/${other}`);
    expect(theirs.body.cases.map((c: Json) => c.text)).toEqual(["班车车况老旧。"]);
    const foreign = await call(`/api/receipts/${other}/cases/${id}/rating`, {
      body: { rating: "dissatisfied" },
    });
    expect(foreign.status).toBe(404);
    expect((await call("/api/receipts/ABCDE-23456")).body.error.code).toBe("receipt_not_found");
    expect((await call("/api/receipts/not-a-code")).body.error.code).toBe("receipt_invalid");
  });

  it("is reopened once with a comment, back with its department under a new deadline", async () => {
    const reopened = await call(`/api/receipts/${receipt}/cases/${id}/reopen`, {
      body: { comment: "夜班餐只有两天供应。" },
    });
    expect(reopened.body.cases[0]).toMatchObject({
      stage: "in_progress",
      reopened: true,
      rating: null,
      canReopen: false,
    });
    const staff = await call(`/api/cases/${id}`, { as: "handler" });
    expect(staff.body.case).toMatchObject({
      status: "routed",
      reopenComment: "夜班餐只有两天供应。",
      deadline: "2026-12-15",
      overdue: false,
    });
    expect((await call("/api/board?unitId=st-1")).body.total).toBe(0);
    await call(`/api/cases/${id}/answer`, { as: "handler", body: { answer: "已改为每天供应。" } });
    await call(`/api/cases/${id}/approve`, { as: "analyst", body: {} });
    const again = await call(`/api/receipts/${receipt}/cases/${id}/reopen`, {
      body: { comment: "还是不行。" },
    });
    expect(again.body.error.code).toBe("already_reopened");
    const rated = await call(`/api/receipts/${receipt}/cases/${id}/rating`, {
      body: { rating: "satisfied" },
    });
    expect(rated.body.cases[0]).toMatchObject({
      rating: "satisfied",
      stage: "closed",
      answer: "已改为每天供应。",
    });
    // Approved without public wording: on the board with the answer alone.
    const board = await call("/api/board?unitId=st-1");
    expect(board.body.cases[0]).toMatchObject({ publicText: null, answer: "已改为每天供应。" });
  });

  it("keeps every step in its history", async () => {
    const res = await call(`/api/cases/${id}`, { as: "analyst" });
    expect(res.body.history.map((e: Json) => [e.actor, e.action, e.fromStatus, e.toStatus])).toEqual([
      ["system", "received", null, "new"],
      ["analyst", "classify", "new", "new"],
      ["analyst", "route", "new", "routed"],
      ["handler", "answer", "routed", "answered"],
      ["analyst", "reject", "answered", "routed"],
      ["handler", "answer", "routed", "answered"],
      ["analyst", "approve", "answered", "published"],
      ["writer", "rate", "published", "closed"],
      ["writer", "reopen", "closed", "routed"],
      ["handler", "answer", "routed", "answered"],
      ["analyst", "approve", "answered", "published"],
      ["writer", "rate", "published", "closed"],
    ]);
    const byAction = (a: string) =>
      res.body.history.filter((e: Json) => e.action === a).map((e: Json) => e.details);
    expect(byAction("reject")).toEqual([
      {
        departmentId: "dept-hr",
        reason: "没有说明何时提供夜班餐。",
        perfunctory: true,
        answer: "已转食堂。",
      },
    ]);
    expect(
      byAction("approve").map((d: Json) => [d.departmentId, d.deadline, d.answeredOn, d.onTime]),
    ).toEqual([
      ["dept-hr", "2026-11-23", "2026-11-24", false],
      ["dept-hr", "2026-12-15", "2026-11-24", true],
    ]);
    expect(byAction("rate")).toEqual([
      { rating: "basically", departmentId: "dept-hr" },
      { rating: "satisfied", departmentId: "dept-hr" },
    ]);
    // The writer's steps are kept to the hour only.
    expect(
      res.body.history.filter((e: Json) => e.actor === "writer").every((e: Json) => e.at.endsWith(":00:00Z")),
    ).toBe(true);
  });
});

describe("other ways through", () => {
  it("merges a duplicate: its writer reads the answer of the case it joined and rates it for themself", async () => {
    await setClock("2026-11-25T02:00:00.000Z");
    const firstReceipt = await respond(20, { demands: "冬季劳保棉服不保暖。" });
    const dupReceipt = await respond(21, { demands: "劳保棉服太薄了，冬天不保暖。" });
    const first = await caseByText("冬季劳保棉服");
    const dup = await caseByText("劳保棉服太薄");
    const self = await call(`/api/cases/${dup.id}/merge`, { as: "analyst", body: { into: dup.number } });
    expect(self.body.error.code).toBe("merge_into_itself");
    const merged = await call(`/api/cases/${dup.id}/merge`, { as: "analyst", body: { into: first.number } });
    expect(merged.body.case).toMatchObject({ status: "merged", mergedInto: first.number });
    expect((await call(`/api/cases/${first.id}`, { as: "analyst" })).body.case.duplicates).toEqual([
      dup.number,
    ]);
    const intoMerged = await call(`/api/cases/${(await caseByText("班车车况")).id}/merge`, {
      as: "analyst",
      body: { into: dup.number },
    });
    expect(intoMerged.body.error.code).toBe("merge_target_merged");
    await call(`/api/cases/${first.id}/route`, {
      as: "analyst",
      body: { departmentId: "dept-safety", deadline: "2026-12-04" },
    });
    expect((await call(`/api/receipts/${dupReceipt}`)).body.cases[0]).toMatchObject({
      stage: "in_progress",
      departmentName: { default: "Safety Department", "zh-cn": "质量安全环保科" },
      deadline: "2026-12-04",
    });
    await call(`/api/cases/${first.id}/answer`, { as: "safety", body: { answer: "已更换加厚棉服。" } });
    await call(`/api/cases/${first.id}/approve`, { as: "analyst", body: {} });
    const dupView = await call(`/api/receipts/${dupReceipt}`);
    expect(dupView.body.cases[0]).toMatchObject({
      text: "劳保棉服太薄了，冬天不保暖。",
      answer: "已更换加厚棉服。",
      canRate: true,
    });
    await call(`/api/receipts/${dupReceipt}/cases/${dup.id}/rating`, { body: { rating: "dissatisfied" } });
    expect((await call(`/api/receipts/${firstReceipt}`)).body.cases[0]).toMatchObject({
      rating: null,
      canRate: true,
    });
    // Reopening a duplicate takes it out of the merge, back to triage.
    const out = await call(`/api/receipts/${dupReceipt}/cases/${dup.id}/reopen`, {
      body: { comment: "我说的是单位发的棉服，不是劳保。" },
    });
    expect(out.body.cases[0]).toMatchObject({ stage: "received", reopened: true });
    expect((await call(`/api/cases/${dup.id}`, { as: "analyst" })).body.case).toMatchObject({
      status: "new",
      mergedInto: null,
    });
  });

  it("answers on the spot, adopts suggestions only, and refuses steps the status does not allow", async () => {
    const suggestion = await caseByText("夜班通勤车");
    const adoptDemand = await call(`/api/cases/${(await caseByText("班车车况")).id}/adopt`, {
      as: "analyst",
      body: { adopted: true, reward: "200元" },
    });
    expect(adoptDemand.body.error.code).toBe("not_a_suggestion");
    const early = await call(`/api/cases/${suggestion.id}/approve`, { as: "analyst", body: {} });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "case_status" });
    expect(early.body.error.message).toContain("waiting for triage");
    const reply = await call(`/api/cases/${suggestion.id}/reply`, {
      as: "analyst",
      body: { answer: "已采纳，12月起增开22:30班次。", publicText: "建议增开夜班通勤车。" },
    });
    expect(reply.body.case).toMatchObject({ status: "published", departmentId: null, answeredBy: "analyst" });
    const adopted = await call(`/api/cases/${suggestion.id}/adopt`, {
      as: "analyst",
      body: { adopted: true, reward: "金点子奖 200 元" },
    });
    expect(adopted.body.case).toMatchObject({
      adopted: true,
      reward: "金点子奖 200 元",
      status: "published",
    });
    const board = await call("/api/board?category=suggestion");
    expect(board.body).toMatchObject({ total: 1, adopted: 1 });
  });

  it("logs meeting demands: a handler's to their own department, an analyst's to triage, each with a receipt", async () => {
    const bad = await call("/api/cases", { as: "analyst", body: { unitId: "nowhere", text: "x" } });
    expect(bad.body.error).toMatchObject({ code: "unit_not_found", path: "unitId" });
    const fromAnalyst = await call("/api/cases", {
      as: "analyst",
      body: { unitId: "st-1", text: "八级慧谈会上：希望中心站配备洗衣机。", topic: "welfare" },
    });
    expect(fromAnalyst.status).toBe(201);
    expect(fromAnalyst.body.case).toMatchObject({
      channel: "meeting",
      status: "new",
      topic: "welfare",
      unitId: "st-1",
    });
    expect(fromAnalyst.body.receipt).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    const fromHandler = await call("/api/cases", {
      as: "handler",
      body: { unitId: "team-1", text: "职工座谈会：希望公开技能鉴定报名时间。", category: "question" },
    });
    // Wednesday 25 November + 5 working days.
    expect(fromHandler.body.case).toMatchObject({
      status: "routed",
      departmentId: "dept-hr",
      deadline: "2026-12-02",
    });
    const byReceipt = await call(`/api/receipts/${fromHandler.body.receipt}`);
    expect(byReceipt.body.cases[0]).toMatchObject({
      stage: "in_progress",
      text: "职工座谈会：希望公开技能鉴定报名时间。",
    });
  });

  it("lets a handler send a case back to triage, after which it is out of their reach", async () => {
    const c = await caseByText("暖气");
    await call(`/api/cases/${c.id}/route`, { as: "analyst", body: { departmentId: "dept-hr" } });
    const back = await call(`/api/cases/${c.id}/return`, {
      as: "handler",
      body: { reason: "宿舍归机关服务中心管。" },
    });
    expect(back.status).toBe(200);
    expect(back.body.case).toBeNull();
    expect((await call(`/api/cases/${c.id}`, { as: "analyst" })).body.case).toMatchObject({
      status: "new",
      departmentId: null,
    });
    expect((await call(`/api/cases/${c.id}`, { as: "handler" })).status).toBe(404);
  });

  it("keeps a merge's history on duplicates carried along, and lets them rate again after the case they joined is reopened", async () => {
    const aReceipt = await respond(30, { demands: "计量间报警仪经常误报。" });
    const bReceipt = await respond(31, { demands: "报警仪误报太多了。" });
    await respond(32, { demands: "可燃气体报警仪误报，希望检修。" });
    const [a, b, c] = [
      await caseByText("计量间报警仪"),
      await caseByText("报警仪误报太多"),
      await caseByText("可燃气体报警仪误报"),
    ];
    await call(`/api/cases/${b.id}/merge`, { as: "analyst", body: { into: a.number } });
    await call(`/api/cases/${a.id}/merge`, { as: "analyst", body: { into: c.number } });
    const carried = await call(`/api/cases/${b.id}`, { as: "analyst" });
    expect(carried.body.case.mergedInto).toBe(c.number);
    expect(
      carried.body.history.filter((e: Json) => e.action === "merge").map((e: Json) => e.details),
    ).toEqual([
      { into: a.number, carried: [] },
      { into: c.number, carriedFrom: a.number },
    ]);
    await call(`/api/cases/${c.id}/route`, { as: "analyst", body: { departmentId: "dept-safety" } });
    await call(`/api/cases/${c.id}/answer`, { as: "safety", body: { answer: "已校验全部报警仪。" } });
    await call(`/api/cases/${c.id}/approve`, { as: "analyst", body: {} });
    await call(`/api/receipts/${bReceipt}/cases/${b.id}/rating`, { body: { rating: "satisfied" } });
    const [stored] = await queryRows<{ minutes: number }>(
      fixture.db.read,
      "SELECT minute(rated_at) + second(rated_at) AS minutes FROM cases WHERE id = $1::UUID",
      [b.id],
    );
    expect(stored?.minutes).toBe(0);
    // The writer of a (the case merged along) reopens c's answer through their own receipt? No: only c's writer can;
    // a's writer reads c's answer and rates it.
    expect((await call(`/api/receipts/${aReceipt}`)).body.cases[0]).toMatchObject({
      canRate: true,
      answer: "已校验全部报警仪。",
    });
    const cReceipt = (
      await queryRows<{ receipt: string }>(fixture.db.read, "SELECT receipt FROM cases WHERE id = $1::UUID", [
        c.id,
      ])
    )[0]?.receipt as string;
    await call(`/api/receipts/${cReceipt}/cases/${c.id}/reopen`, { body: { comment: "还是误报。" } });
    expect((await call(`/api/receipts/${bReceipt}`)).body.cases[0]).toMatchObject({
      rating: null,
      canRate: false,
      stage: "in_progress",
    });
    await call(`/api/cases/${c.id}/answer`, { as: "safety", body: { answer: "已更换3台报警仪。" } });
    await call(`/api/cases/${c.id}/approve`, { as: "analyst", body: {} });
    const again = await call(`/api/receipts/${bReceipt}/cases/${b.id}/rating`, {
      body: { rating: "basically" },
    });
    expect(again.body.cases[0]).toMatchObject({ rating: "basically", answer: "已更换3台报警仪。" });
    const history = (await call(`/api/cases/${b.id}`, { as: "analyst" })).body.history;
    expect(history.map((e: Json) => [e.actor, e.action])).toContainEqual(["system", "rating_cleared"]);
  });

  it("takes an adoption away from a case reclassified as something other than a suggestion", async () => {
    const suggestion = await caseByText("夜班通勤车");
    const res = await call(`/api/cases/${suggestion.id}/classify`, {
      as: "analyst",
      body: { category: "demand" },
    });
    expect(res.body.case).toMatchObject({ category: "demand", adopted: false, reward: null });
  });

  it("logs an analyst's meeting demand only for a unit in its scope, and stores nothing otherwise", async () => {
    const before = await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM cases");
    const outside = await call("/api/cases", {
      as: "areaanalyst",
      body: { unitId: "dept-hr", text: "会上提出：希望增加培训。" },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error).toEqual({
      code: "unit_not_found",
      message: 'There is no unit "dept-hr".',
      path: "unitId",
    });
    expect(await queryRows(fixture.db.read, "SELECT count(*) AS n FROM cases")).toEqual(before);
    const inside = await call("/api/cases", {
      as: "areaanalyst",
      body: { unitId: "team-1", text: "会上提出：希望增加培训。" },
    });
    expect(inside.status).toBe(201);
  });

  it("refuses a step over a change the page did not show, and takes a duplicate out of a mistaken merge", async () => {
    await respond(40, { demands: "希望增加单身宿舍。" });
    await respond(41, { demands: "希望通勤车增加座位。" });
    const [dorm, bus] = [await caseByText("单身宿舍"), await caseByText("通勤车增加座位")];
    const opened = (await call(`/api/cases/${bus.id}`, { as: "analyst" })).body.history.length;
    // Someone else routes it meanwhile; the page that still shows the case in triage is refused.
    await call(`/api/cases/${bus.id}/route`, {
      as: "analyst",
      body: { departmentId: "dept-hr", seen: opened },
    });
    const stale = await call(`/api/cases/${bus.id}/route`, {
      as: "analyst",
      body: { departmentId: "dept-safety", seen: opened },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("case_changed");
    expect((await call(`/api/cases/${bus.id}`, { as: "analyst" })).body.case.departmentId).toBe("dept-hr");
    // A merge into the wrong number is undone: the duplicate is its own case again, in triage.
    await call(`/api/cases/${dorm.id}/merge`, { as: "analyst", body: { into: bus.number } });
    expect((await call(`/api/cases/${dorm.id}/unmerge`, { as: "handler", body: {} })).status).toBe(403);
    const undone = await call(`/api/cases/${dorm.id}/unmerge`, { as: "analyst", body: {} });
    expect(undone.body.case).toMatchObject({ status: "new", mergedInto: null });
    const again = await call(`/api/cases/${dorm.id}/unmerge`, { as: "analyst", body: {} });
    expect(again.body.error.code).toBe("case_status");
    const history = (await call(`/api/cases/${dorm.id}`, { as: "analyst" })).body.history;
    expect(history.slice(-2).map((e: Json) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ["merge", "new", "merged"],
      ["unmerge", "merged", "new"],
    ]);
  });

  it("refuses a malformed filter and an unknown case", async () => {
    const res = await call("/api/cases?status=open", { as: "analyst" });
    expect(res.body.error).toMatchObject({ code: "status_invalid", path: "status" });
    expect(
      (await call("/api/cases/00000000-0000-4000-8000-000000000000", { as: "analyst" })).body.error.code,
    ).toBe("case_not_found");
    expect((await call("/api/cases/nonsense", { as: "analyst" })).status).toBe(404);
  });
});
