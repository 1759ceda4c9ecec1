// The paper pages' pure logic against the real plant questionnaire's template columns (from a real DuckDB): the
// printed outline, conditions in words, what a keyer's digits become as cells, echoes, unit type-ahead, the next
// form number, and which fields the survey's logic hides.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPaperForm } from "../../server/paper/paperForm";
import { cellOf, echoOf, nextFormNo, unitMatches } from "../../web/src/paper/keying";
import { buildOutline, conditionText } from "../../web/src/paper/outline";
import type { PaperDescription } from "../../web/src/paper/paperApi";
import { hiddenColumns, surveyModel } from "../../web/src/paper/visibility";
import { type Fixture, prepareDatabase } from "../helpers/fixture";

let fixture: Fixture;
let paper: PaperDescription;

beforeAll(async () => {
  const now = new Date();
  fixture = await prepareDatabase(":memory:", now);
  const user = { id: "u-1", username: "grid", role: "collector" as const, scopeUnitId: "area-1" };
  paper = JSON.parse(JSON.stringify(await getPaperForm(fixture.db, "wave-open", user, now)));
});
afterAll(() => fixture.db.close());

const column = (name: string) => {
  const found = paper.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
};

describe("paper outline", () => {
  it("puts the envelope in the header and numbers every question once, matrices and 'other' texts included", () => {
    const outline = buildOutline(paper.columns, paper.survey);
    expect(outline.header.map((c) => c.name)).toEqual(["form_no", "unit_id", "group_id", "filled_on"]);
    const questions = outline.sections.flatMap((s) => s.questions);
    expect(questions).toHaveLength(52);
    expect(outline.sections[0]?.title).toEqual({
      default: "Safety, environment and production",
      "zh-cn": "安全环保与原油生产",
    });
    const byName = new Map(questions.map((q) => [q.name, q]));
    expect(byName.get("commute_route")?.columns.map((c) => c.name)).toEqual([
      "commute_route",
      "commute_route-Comment",
    ]);
    expect(byName.get("office_attitude")?.columns).toHaveLength(7);
    expect(byName.get("production_workload")?.number).toBe(9);
  });

  it.each([
    ["{production_workload} <= 2", "第9题 ≤ 2"],
    [
      "{commute_route} notempty and {commute_route} <> 'no_bus'",
      "第40题 已作答 且 第40题 ≠ “不乘坐通勤班车”",
    ],
    ["{canteen_food} <= 2 or {unknown_q} = 1", "第35题 ≤ 2 或 unknown_q = 1"],
  ])("says %s as %s", (expression, words) => {
    const outline = buildOutline(paper.columns, paper.survey);
    const zh = { question: (n: number) => `第${n}题`, answered: "已作答", and: "且", or: "或" };
    const choice = (v: string) => {
      const text = outline.choiceTexts.get(v);
      return text && typeof text !== "string" ? text["zh-cn"] : undefined;
    };
    expect(conditionText(expression, outline.numberOf, zh, choice)).toBe(words);
  });
});

describe("keying cells", () => {
  it.each([
    ["group_id", "1", "staff"],
    ["group_id", "staff", "staff"],
    ["group_id", "99", "99"],
    ["filled_on", "20261015", "2026-10-15"],
    ["filled_on", "2026-10-15", "2026-10-15"],
    ["commute_route", "1", "route_1"],
    ["commute_route", "7", "other"],
    ["commute_route", "route_2", "route_2"],
    ["safety_ppe", "4", "4"],
    ["office_attitude.hr_dept", "5", "5"],
    ["demands", "  食堂太远  ", "  食堂太远"],
    ["safety_ppe", "   ", null],
  ])("%s typed %j → %j", (name, typed, cell) => {
    expect(cellOf(column(name), typed, paper)).toBe(cell);
  });

  it("joins several choices by number with ; and keeps a boolean's 1/2 as 1/0", () => {
    const multi = { ...column("commute_route"), kind: "multi_choice" as const, multiple: true };
    expect(cellOf(multi, "1 3, 7", paper)).toBe("route_1;route_3;other");
    const yesNo = { ...column("safety_ppe"), kind: "boolean" as const };
    expect([cellOf(yesNo, "1", paper), cellOf(yesNo, "2", paper), cellOf(yesNo, "0", paper)]).toEqual([
      "1",
      "0",
      "0",
    ]);
  });

  it.each([
    ["commute_route", "2", "2号线:生活基地—第二作业区"],
    ["commute_route", "9", "?"],
    ["group_id", "1", "职工"],
    ["unit_id", "st-1", "中心站1"],
    // A scale point is its own label; a number off the scale shows the scale.
    ["safety_ppe", "5", ""],
    ["safety_ppe", "9", "1–5"],
    ["safety_ppe", "", ""],
  ])("echoes %s typed %j as %j", (name, typed, echo) => {
    expect(echoOf(column(name), typed, paper, "zh-cn")).toBe(echo);
  });

  it.each([
    ["中心站", ["st-1"]],
    ["team", ["team-1"]],
    ["AREA-1", ["area-1"]],
    ["1", ["area-1", "st-1", "team-1"]],
    ["hr", []],
    ["", []],
  ])("finds units in scope for %j", (typed, ids) => {
    expect(unitMatches(paper, typed).map((u) => u.id)).toEqual(ids);
  });

  it.each([
    ["0012", "0013"],
    ["A-7", "A-8"],
    ["K-099", "K-100"],
    ["9", "10"],
    ["abc", ""],
  ])("after form %s comes %s", (formNo, next) => {
    expect(nextFormNo(formNo)).toBe(next);
  });
});

describe("fields the survey hides", () => {
  it.each([
    [{ production_workload: "3" }, "workload_reason", true],
    [{ production_workload: "1" }, "workload_reason", false],
    [{ commute_route: "6" }, "commute_timetable", true],
    [{ commute_route: "1" }, "commute_timetable", false],
    [{}, "canteen_improve", true],
    [{ canteen_variety: "2" }, "canteen_improve", false],
  ])("with %j, %s hidden: %s", (typed, name, hidden) => {
    expect(hiddenColumns(surveyModel(paper), paper, typed).has(name)).toBe(hidden);
  });
});
