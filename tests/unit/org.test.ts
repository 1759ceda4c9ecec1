// The organisation tree and its CSV format against a real DuckDB: placement, row-level errors, all-or-nothing.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../server/errors";
import { checkOrgRows, orgColumns } from "../../server/org/checkOrgRows";
import { readGroupsCsv, readUnitsCsv } from "../../server/org/loadOrgCsv";
import {
  listFormUnits,
  maxTreeLevels,
  placeUnits,
  replaceOrganisation,
  type UnitInput,
  upsertGroups,
} from "../../server/org/units";
import { openDatabase, queryRows } from "../../server/storage/database";
import { migrate } from "../../server/storage/migrate";

const u = (id: string, parentId: string | null): UnitInput => ({
  id,
  parentId,
  nameZh: id,
  nameEn: id,
  kind: "team",
  headcount: 1,
});

describe("placeUnits", () => {
  it("orders parent-first with level and path", () => {
    const placed = placeUnits([u("t", "s"), u("s", "a"), u("a", "p"), u("p", null)]);
    expect(placed.map((p) => [p.id, p.level, p.path])).toEqual([
      ["p", 0, "/p/"],
      ["a", 1, "/p/a/"],
      ["s", 2, "/p/a/s/"],
      ["t", 3, "/p/a/s/t/"],
    ]);
  });

  it.each([
    [
      "two roots",
      [u("p", null), u("q", null)],
      "bad_unit_tree",
      "exactly one root unit (a unit with no parent); found 2",
    ],
    ["no root", [u("a", "b"), u("b", "a")], "bad_unit_tree", "found 0"],
    ["a duplicate id", [u("p", null), u("p", null)], "duplicate_unit", 'Unit id "p" appears twice.'],
    ["an unknown parent", [u("p", null), u("a", "zz")], "unknown_parent", 'names parent "zz"'],
    ["a cycle", [u("p", null), u("a", "b"), u("b", "a")], "bad_unit_tree", "its parents form a cycle"],
  ])("refuses %s", (_name, units, code, message) => {
    try {
      placeUnits(units);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe(code);
      expect((error as ApiError).message).toContain(message);
    }
  });
});

describe("placeUnits on deep trees", () => {
  // unit i's parent is unit i-1; listed deepest first, the order that made recursion and memo-less walks slow.
  const chain = (n: number) =>
    Array.from({ length: n }, (_, i) => u(`u${i}`, i === 0 ? null : `u${i - 1}`)).reverse();

  it(`places a tree of ${maxTreeLevels} levels`, () => {
    const placed = placeUnits(chain(maxTreeLevels));
    expect(placed.at(-1)).toMatchObject({ id: `u${maxTreeLevels - 1}`, level: maxTreeLevels - 1 });
  });

  it.each([maxTreeLevels + 1, 20_000])("refuses a chain %i deep, naming the unit one level too deep", (n) => {
    const units = chain(n);
    try {
      placeUnits(units);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe("tree_too_deep");
      expect((error as ApiError).message).toBe(
        `Unit "u${maxTreeLevels}" would be on level ${maxTreeLevels + 1} of the tree (the root is level 1); an organisation may have at most ${maxTreeLevels} levels.`,
      );
      expect((error as ApiError).path).toBe(`${n - 1 - maxTreeLevels}/parentId`);
    }
  });
});

describe("checkOrgRows on large trees", () => {
  // Rows as a file lists them, from row 2; `parentOf(i)` gives row i's parent id.
  const rows = (n: number, id: (i: number) => string, parentOf: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => ({
      row: i + 2,
      cells: new Map<string, string>([
        ["id", id(i)],
        ["parent_id", parentOf(i)],
        ["name_zh", id(i)],
        ["kind", i === n - 1 ? "plant" : "team"],
        ["headcount", "1"],
      ]),
    }));

  it("refuses a 20,000-row chain listed deepest first for its depth, naming the first unit too deep", () => {
    const n = 20_000;
    // Row i is unit c(n-1-i): the deepest first, the root (c0) last.
    const { problems } = checkOrgRows(
      orgColumns,
      rows(
        n,
        (i) => `c${n - 1 - i}`,
        (i) => (i === n - 1 ? "" : `c${n - 2 - i}`),
      ),
    );
    expect(problems).toEqual([
      {
        row: n + 1 - maxTreeLevels,
        column: "parent_id",
        code: "too_deep",
        message: `unit "c${maxTreeLevels}" would be on level ${maxTreeLevels + 1} of the tree (the root is level 1); an organisation may have at most ${maxTreeLevels} levels: check its parent_id.`,
        value: `c${maxTreeLevels}`,
      },
    ]);
  });

  it("reports every unit of a 20,000-unit cycle as on a cycle", () => {
    const n = 20_000;
    // A root, then units c0…c(n-1) each under the next, the last under the first.
    const cycle = rows(
      n,
      (i) => `c${i}`,
      (i) => `c${(i + 1) % n}`,
    );
    const root = {
      row: n + 2,
      cells: new Map([
        ["id", "p"],
        ["name_zh", "p"],
        ["kind", "plant"],
        ["headcount", "1"],
      ]),
    };
    const { problems } = checkOrgRows(orgColumns, [...cycle, root]);
    expect(problems).toHaveLength(n);
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set(["cycle"]));
    expect(problems[0]).toEqual({
      row: 2,
      column: "parent_id",
      code: "cycle",
      message: 'unit "c0" does not lead up to the root: its parent_id chain goes round in a circle.',
      value: "c0",
    });
  });

  it("accepts a tree of the most levels allowed, listed deepest first", () => {
    const n = maxTreeLevels;
    const { problems } = checkOrgRows(
      orgColumns,
      rows(
        n,
        (i) => `c${n - 1 - i}`,
        (i) => (i === n - 1 ? "" : `c${n - 2 - i}`),
      ),
    );
    expect(problems).toEqual([]);
  });
});

describe("organisation CSV", () => {
  it("loads the documented format into the database", async () => {
    const db = await openDatabase(":memory:");
    await migrate(db);
    await replaceOrganisation(db, readUnitsCsv("tests/fixtures/org.csv"));
    expect(
      (await listFormUnits(db)).map((x) => [x.id, x.parentId, x.level, x.headcount, x.name["zh-cn"]]),
    ).toEqual([
      ["plant", null, 0, 20, "第三采油厂"],
      ["area-1", "plant", 1, 12, "第一作业区"],
      ["st-1", "area-1", 2, 6, "中心站1"],
      ["team-1", "st-1", 3, 35, "采油班"],
      ["dept-hr", "plant", 1, 14, "人力资源科"],
    ]);
    await upsertGroups(db, readGroupsCsv("tests/fixtures/groups.csv"));
    expect(await queryRows(db.read, "SELECT id, name_zh FROM groups ORDER BY sort")).toEqual([
      { id: "staff", name_zh: "职工" },
      { id: "contractor", name_zh: "外包人员" },
    ]);
    db.close();
  });

  it("lists every bad row at once", () => {
    expect(() => readUnitsCsv("tests/fixtures/org-bad.csv")).toThrow(
      [
        "tests/fixtures/org-bad.csv has 4 problem(s):",
        'row 3: id "" must be 1-100 letters, digits, _ . or -.',
        'row 4: parent_id "area-9" is not the id of any unit in the file.',
        'row 4: headcount "x" must be a whole number ≥ 0.',
        'row 5: kind "squad" must be one of plant, area, station, team, department.',
      ].join("\n"),
    );
  });

  it("keeps the old tree when the new one is bad (all or nothing)", async () => {
    const db = await openDatabase(":memory:");
    await migrate(db);
    await replaceOrganisation(db, readUnitsCsv("tests/fixtures/org.csv"));
    await expect(replaceOrganisation(db, [u("p", null), u("a", "missing")])).rejects.toThrow(ApiError);
    expect((await listFormUnits(db)).length).toBe(5);
    db.close();
  });
});
