// The fill page's unit search: Chinese names mix scripts without spaces, and the shared root must not match.
import { describe, expect, it } from "vitest";
import { buildUnitTree, searchUnits, unitPath } from "../../web/src/fill/unitTree";

const unit = (id: string, parentId: string | null, zh: string, en: string) => ({
  id,
  parentId,
  name: { default: en, "zh-cn": zh },
  level: 0,
  headcount: 1,
});
const tree = buildUnitTree([
  unit("plant", null, "第三采油厂", "No. 3 Plant"),
  unit("a1", "plant", "第一作业区", "No. 1 Area"),
  unit("s1", "a1", "北1中心站", "Bei-1 Central Station"),
  unit("s3", "a1", "北3中心站", "Bei-3 Central Station"),
  unit("t31", "s3", "北3采油一班", "Bei-3 Oil Team 1"),
  unit("t32", "s3", "北3采油二班", "Bei-3 Oil Team 2"),
  unit("hr", "plant", "人力资源科", "Human Resources"),
]);
const ids = (query: string) => searchUnits(tree, query).map((u) => u.id);

describe("searchUnits", () => {
  it.each([
    ["中心站3", ["s3", "t31", "t32"]],
    ["北3", ["s3", "t31", "t32"]],
    ["3 采油二班", ["t32"]],
    ["station 3", ["s3", "t31", "t32"]],
    ["采油一班", ["t31"]],
    ["bei-3 team 2", ["t32"]],
    ["人力", ["hr"]],
    ["plant", ["plant"]],
    ["   ", []],
  ])("%s → %j", (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it("shows paths without the root", () => {
    expect(unitPath(tree, "t31", "zh-cn")).toBe("第一作业区 › 北3中心站 › 北3采油一班");
    expect(unitPath(tree, "t31", "en")).toBe("No. 1 Area › Bei-3 Central Station › Bei-3 Oil Team 1");
  });
});
