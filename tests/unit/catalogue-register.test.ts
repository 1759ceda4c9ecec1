import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalHash } from "../../server/catalogue/canonicalJson";
import { loadCatalogue } from "../../server/catalogue/loadCatalogue";
import { getSurveyVersion, registerSurvey, syncCatalogue } from "../../server/catalogue/registerSurvey";
import type { SurveyDefinition } from "../../server/catalogue/types";
import { ApiError } from "../../server/errors";
import { type Database, openDatabase, queryRows } from "../../server/storage/database";
import { migrate } from "../../server/storage/migrate";

const t = (en: string, zh: string) => ({ default: en, "zh-cn": zh });
const catalogue = {
  topics: [
    { id: "safety", name: t("Safety", "安全环保") },
    { id: "canteen", name: t("Canteen", "食堂") },
  ],
  groups: [{ id: "staff", name: t("Staff", "职工") }],
  surveys: [],
};
const small: SurveyDefinition = {
  title: t("Small", "小问卷"),
  elements: [
    { type: "rating", name: "food", topic: "canteen", title: t("Food", "饭菜") },
    { type: "rating", name: "enps", enps: true, rateMin: 0, rateMax: 10 },
  ],
};

let db: Database;
beforeEach(async () => {
  db = await openDatabase(":memory:");
  await migrate(db);
  await syncCatalogue(db, catalogue);
});
afterEach(() => db.close());

const itemRows = (version: number) =>
  queryRows(
    db.read,
    `SELECT item_id, question_name, kind, topic, scale_min, scale_max, favourable_min, unfavourable_max,
       title_zh, title_en, sort FROM survey_items WHERE survey_id = 's' AND survey_version = $1 ORDER BY sort`,
    [version],
  );

describe("registerSurvey", () => {
  it("writes version 1 with its items", async () => {
    expect(await registerSurvey(db, "s", small)).toEqual({ id: "s", version: 1, created: true });
    expect(await itemRows(1)).toEqual([
      {
        item_id: "food",
        question_name: "food",
        kind: "scale",
        topic: "canteen",
        scale_min: 1,
        scale_max: 5,
        favourable_min: 4,
        unfavourable_max: 2,
        title_zh: "饭菜",
        title_en: "Food",
        sort: 0,
      },
      {
        item_id: "enps",
        question_name: "enps",
        kind: "enps",
        topic: null,
        scale_min: 0,
        scale_max: 10,
        favourable_min: 9,
        unfavourable_max: 6,
        title_zh: "enps",
        title_en: "enps",
        sort: 1,
      },
    ]);
    expect(await getSurveyVersion(db, "s")).toEqual({
      id: "s",
      version: 1,
      definition: small,
      hash: canonicalHash(small),
    });
  });

  it.each([
    {
      name: "an identical definition",
      change: (d: SurveyDefinition) => structuredClone(d),
      version: 1,
      created: false,
    },
    {
      name: "the same definition with keys in another order",
      change: (d: SurveyDefinition) =>
        JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(d).reverse()))),
      version: 1,
      created: false,
    },
    {
      name: "a changed title",
      change: (d: SurveyDefinition) => ({ ...d, title: t("Small v2", "小问卷2") }),
      version: 2,
      created: true,
    },
  ])("registers $name as version $version", async ({ change, version, created }) => {
    await registerSurvey(db, "s", small);
    expect(await registerSurvey(db, "s", change(small))).toEqual({ id: "s", version, created });
    const versions = await queryRows(db.read, "SELECT version FROM surveys WHERE id = 's' ORDER BY version");
    expect(versions.map((r) => r.version)).toEqual(version === 1 ? [1] : [1, 2]);
    expect((await itemRows(version)).map((r) => r.item_id)).toEqual(["food", "enps"]);
  });

  it("keeps old versions readable", async () => {
    await registerSurvey(db, "s", small);
    const changed = { ...small, title: "v2" };
    await registerSurvey(db, "s", changed);
    expect((await getSurveyVersion(db, "s", 1))?.definition).toEqual(small);
    expect((await getSurveyVersion(db, "s"))?.definition).toEqual(changed);
    expect(await getSurveyVersion(db, "s", 3)).toBeNull();
    expect(await getSurveyVersion(db, "nope")).toBeNull();
  });

  it("refuses a definition that fails the check, writing nothing", async () => {
    const bad = {
      elements: [
        { type: "rating", name: "q", topic: "weather" },
        { type: "ratingx", name: "x" },
      ],
    };
    const error = await registerSurvey(db, "s", bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).toBody()).toEqual({
      error: {
        code: "invalid_survey",
        message:
          'x: survey-core does not know the element type "ratingx"; q: topic "weather" is not in the topic catalogue (topics.json)',
        path: "x",
      },
    });
    expect((error as ApiError).status).toBe(422);
    expect(await queryRows(db.read, "SELECT count(*) AS n FROM surveys")).toEqual([{ n: 0 }]);
  });
});

describe("syncCatalogue", () => {
  it("adds the topics and groups the database lacks, leaves the ones it has, and registers surveys once", async () => {
    const next = {
      topics: [
        { id: "canteen", name: t("Canteens", "职工食堂") },
        { id: "housing", name: t("Housing", "住房") },
        ...catalogue.topics.slice(0, 1),
      ],
      groups: catalogue.groups,
      surveys: [{ id: "s", file: "s.json", definition: small }],
    };
    expect(await syncCatalogue(db, next)).toEqual([{ id: "s", version: 1, created: true }]);
    expect(await syncCatalogue(db, next)).toEqual([{ id: "s", version: 1, created: false }]);
    // The database is the truth once an entry exists (admins rename and reorder there); a new one goes last.
    expect(await queryRows(db.read, "SELECT id, name_zh, name_en, sort FROM topics ORDER BY sort")).toEqual([
      { id: "safety", name_zh: "安全环保", name_en: "Safety", sort: 0 },
      { id: "canteen", name_zh: "食堂", name_en: "Canteen", sort: 1 },
      { id: "housing", name_zh: "住房", name_en: "Housing", sort: 2 },
    ]);
    expect(await queryRows(db.read, "SELECT id, name_zh, name_en, sort FROM groups")).toEqual([
      { id: "staff", name_zh: "职工", name_en: "Staff", sort: 0 },
    ]);
  });
});

describe("loadCatalogue", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "minyi-catalogue-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("reads the real surveys directory", async () => {
    const loaded = await loadCatalogue("surveys");
    expect(loaded.topics.map((x) => x.id)).toEqual([
      "safety",
      "production",
      "welfare",
      "team_building",
      "pay",
      "promotion",
      "station_reform",
      "canteen",
      "commute",
      "management",
      "office_style",
    ]);
    expect(loaded.groups).toHaveLength(8);
    expect(loaded.surveys.map((s) => [s.id, s.file])).toEqual([
      ["plant-satisfaction", "plant-satisfaction.json"],
    ]);
  });

  it("lists every problem of a bad directory in one error, by file and question", async () => {
    const dir = join(root, "surveys");
    mkdirSync(dir);
    const write = (file: string, value: unknown) =>
      writeFileSync(join(dir, file), typeof value === "string" ? value : JSON.stringify(value));
    write("topics.json", [
      { id: "canteen", name: t("Canteen", "食堂") },
      { id: "Bad-Id", name: { default: "Bad", "zh-cn": " " } },
      { id: "canteen", name: t("Again", "重复") },
    ]);
    write("groups.json", [{ id: "staff", name: t("Staff", "职工") }]);
    const broken = '{"elements": [';
    write("a-broken.json", broken);
    write("b-survey.json", {
      elements: [
        { type: "rating", name: "food", topic: "weather" },
        { type: "rating", name: "price", topic: "canteen", favourableMin: 9 },
      ],
    });
    write("c-fine.json", { elements: [{ type: "rating", name: "food", topic: "canteen" }] });
    write("d bad name.json", { elements: [{ type: "text", name: "x" }] });
    const parseError = (() => {
      try {
        JSON.parse(broken);
      } catch (error) {
        return (error as Error).message;
      }
    })();

    await expect(loadCatalogue(dir)).rejects.toThrow(
      new Error(
        [
          `The survey catalogue in ${dir} has 7 problems:`,
          "  surveys/topics.json: 1/id: must be snake_case (a-z, 0-9 and _)",
          "  surveys/topics.json: 1/name/zh-cn: must not be empty",
          '  surveys/topics.json: 2/id: duplicate id "canteen"',
          `  surveys/a-broken.json: is not valid JSON: ${parseError}`,
          '  surveys/b-survey.json: food: topic "weather" is not in the topic catalogue (topics.json)',
          "  surveys/b-survey.json: price: favourableMin (9) is outside the scale 1–5",
          "  surveys/d bad name.json: the file name is the survey id: use letters, digits, - and _ only",
        ].join("\n"),
      ),
    );
  });

  it("reports duplicate topic ids and a missing groups file", async () => {
    const dir = join(root, "surveys");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "topics.json"),
      JSON.stringify([
        { id: "canteen", name: t("Canteen", "食堂") },
        { id: "canteen", name: t("Again", "重复") },
      ]),
    );
    const message = await loadCatalogue(dir).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(message).toMatch(/^The survey catalogue in .* has 2 problems:\n/);
    expect(message.split("\n").slice(1)).toEqual([
      '  surveys/topics.json: 1/id: duplicate id "canteen"',
      expect.stringMatching(/^ {2}surveys\/groups\.json: cannot be read: ENOENT/),
    ]);
  });
});
