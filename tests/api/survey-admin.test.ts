// The topic-tagging API through app.request against a real DuckDB: the items of a version as the tagging screen
// shows them, and saving tags as a new version (never editing the base), with every refusal changing nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readAudit } from "../../server/auth/audit";
import { queryRows } from "../../server/storage/database";
import { compatSurveys } from "../helpers/compatSurveys";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";

const start = new Date("2026-11-02T08:00:00.000Z");
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let cookies: Record<string, string>;

beforeEach(async () => {
  fixture = await prepareDatabase(":memory:", start);
  app = appFor(fixture, () => start).app;
  cookies = await signedIn(fixture, app, start, [
    ["admin", "admin", "plant"],
    ["admin-a1", "admin", "area-1"],
    ["analyst", "analyst", "plant"],
  ]);
});
afterEach(() => fixture.db.close());

function send(method: string, url: string, body?: unknown, cookie = cookies.admin ?? "") {
  return app.request(url, {
    method,
    headers: { cookie, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** As SurveyJS Creator exports it: no minyi properties, a panel, a dynamic panel, a matrix. */
const designed = {
  title: { default: "Depot check", "zh-cn": "库房检查" },
  logoPosition: "right",
  pages: [
    {
      name: "page1",
      title: { default: "Work", "zh-cn": "工作" },
      elements: [
        { type: "rating", name: "tools", title: { default: "Tools are fit", "zh-cn": "工具好用" } },
        {
          type: "matrix",
          name: "shifts",
          title: "Shifts",
          columns: [1, 2, 3, 4, 5],
          rows: [
            { value: "day", text: { default: "Day shift", "zh-cn": "白班" } },
            { value: "night", text: "Night shift" },
          ],
        },
        {
          type: "panel",
          name: "more",
          elements: [{ type: "radiogroup", name: "bus", choices: [1, 2, 3] }],
        },
        { type: "html", name: "note", html: "<p>Thanks</p>" },
      ],
    },
    {
      name: "page2",
      elements: [
        { type: "rating", name: "recommend", rateMin: 0, rateMax: 10 },
        { type: "checkbox", name: "wishes", choices: ["a", "b"] },
        {
          type: "paneldynamic",
          name: "kids",
          templateElements: [{ type: "rating", name: "age" }],
        },
        { type: "comment", name: "ideas" },
      ],
    },
  ],
};

const texts = (en: string, zh = en) => ({ default: en, "zh-cn": zh });
const page1 = { name: "page1", title: texts("Work", "工作") };
const page2 = { name: "page2", title: texts("page2") };

async function uploadDesigned(id = "depot") {
  const res = await send("POST", "/api/surveys", { id, definition: designed });
  expect(res.status).toBe(201);
}

const items = async (version: number, id = "depot") => {
  const res = await send("GET", `/api/surveys/${id}/versions/${version}/items`);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    latestVersion: number;
    title: unknown;
    items: Record<string, unknown>[];
    topics: unknown[];
    usedByWaves: string[];
  };
};
const tag = (body: unknown, id = "depot", cookie?: string) =>
  send("POST", `/api/surveys/${id}/tagging`, body, cookie);
const storedVersions = async (id = "depot") =>
  (
    await queryRows<{ version: number }>(
      fixture.db.read,
      "SELECT version FROM surveys WHERE id = $1 ORDER BY version",
      [id],
    )
  ).map((r) => r.version);
const definitionOf = async (version: number, id = "depot") =>
  ((await (await send("GET", `/api/surveys/${id}/versions/${version}`)).json()) as { definition: unknown })
    .definition;

describe("POST /api/surveys with a designer's embedded images", () => {
  it("takes a definition over 256 KiB, as SurveyJS Creator writes one with an uploaded logo", async () => {
    const definition = { ...designed, logo: `data:image/png;base64,${"iVBORw0KGgo".repeat(40_000)}` };
    const res = await send("POST", "/api/surveys", { id: "with-logo", definition });
    expect(res.status).toBe(201);
    expect(await definitionOf(1, "with-logo")).toEqual(definition);
  });
});

describe("GET /api/surveys/:id/versions/:version/items", () => {
  it("lists every question and matrix row in survey order with what each can carry", async () => {
    await uploadDesigned();
    const view = await items(1);
    const scale = (min: number, max: number, fav: number, unfav: number) => ({
      scale: [min, max],
      favourableMin: fav,
      unfavourableMax: unfav,
      defaultFavourableMin: fav,
      defaultUnfavourableMax: unfav,
    });
    const noScale = {
      scale: null,
      favourableMin: null,
      unfavourableMax: null,
      defaultFavourableMin: null,
      defaultUnfavourableMax: null,
    };
    const common = {
      topic: null,
      ownFavourableMin: null,
      ownUnfavourableMax: null,
      enps: false,
      demand: false,
    };
    const shifts = {
      ...common,
      name: "shifts",
      page: page1,
      type: "matrix",
      ...scale(1, 5, 4, 2),
    };
    const rowCannot = { topic: "matrix_row", enps: "matrix_row", demand: "matrix_row" };
    expect(view.items).toEqual([
      {
        ...common,
        name: "tools",
        itemId: "tools",
        row: null,
        page: page1,
        title: texts("Tools are fit", "工具好用"),
        type: "rating",
        ...scale(1, 5, 4, 2),
        cannot: { topic: null, enps: "not_rating_0_10", demand: "not_text" },
      },
      {
        ...shifts,
        itemId: "shifts",
        row: null,
        title: texts("Shifts"),
        cannot: { topic: null, enps: "not_rating_0_10", demand: "not_text" },
      },
      { ...shifts, itemId: "shifts.day", row: "day", title: texts("Day shift", "白班"), cannot: rowCannot },
      { ...shifts, itemId: "shifts.night", row: "night", title: texts("Night shift"), cannot: rowCannot },
      {
        ...common,
        name: "bus",
        itemId: "bus",
        row: null,
        page: page1,
        title: texts("bus"),
        type: "radiogroup",
        // Three points leave room for one on each side.
        ...scale(1, 3, 3, 1),
        cannot: { topic: null, enps: "not_rating_0_10", demand: "not_text" },
      },
      {
        ...common,
        name: "recommend",
        itemId: "recommend",
        row: null,
        page: page2,
        title: texts("recommend"),
        type: "rating",
        ...scale(0, 10, 9, 1),
        cannot: { topic: null, enps: null, demand: "not_text" },
      },
      {
        ...common,
        name: "wishes",
        itemId: "wishes",
        row: null,
        page: page2,
        title: texts("wishes"),
        type: "checkbox",
        ...noScale,
        cannot: { topic: "not_a_scale", enps: "not_rating_0_10", demand: "not_text" },
      },
      {
        ...common,
        name: "kids",
        itemId: "kids",
        row: null,
        page: page2,
        title: texts("kids"),
        type: "paneldynamic",
        ...noScale,
        cannot: { topic: "not_a_scale", enps: "not_rating_0_10", demand: "not_text" },
      },
      {
        ...common,
        name: "age",
        itemId: "age",
        row: null,
        page: page2,
        title: texts("age"),
        type: "rating",
        ...scale(1, 5, 4, 2),
        cannot: { topic: "in_dynamic_panel", enps: "in_dynamic_panel", demand: "in_dynamic_panel" },
      },
      {
        ...common,
        name: "ideas",
        itemId: "ideas",
        row: null,
        page: page2,
        title: texts("ideas"),
        type: "comment",
        ...noScale,
        cannot: { topic: "not_a_scale", enps: "not_rating_0_10", demand: null },
      },
    ]);
    expect(view.topics[0]).toEqual({ id: "safety", name: texts("Safety and environment", "安全环保") });
    expect(view.topics).toHaveLength(11);
    expect(view.latestVersion).toBe(1);
    expect(view.title).toEqual(texts("Depot check", "库房检查"));
    expect(view.usedByWaves).toEqual([]);
  });

  it("shows the tags and own thresholds a definition carries, rows with their matrix's topic", async () => {
    const res = await send("GET", "/api/surveys/plant-satisfaction/versions/1/items");
    expect(res.status).toBe(200);
    const view = (await res.json()) as { items: Record<string, unknown>[]; usedByWaves: string[] };
    expect(view.usedByWaves).toEqual(["wave-closed", "wave-open"]);
    const byId = new Map(view.items.map((i) => [i.itemId, i]));
    expect(byId.get("enps")).toMatchObject({ enps: true, topic: null, scale: [0, 10] });
    expect(byId.get("demands")).toMatchObject({ demand: true, type: "comment" });
    const rows = view.items.filter((i) => i.row !== null);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const matrix = byId.get(row.name as string);
      expect(row.topic).toBe(matrix?.topic);
      expect(row.topic).not.toBeNull();
    }
  });

  it("offers live topics, and a retired one only to a version that already carries it", async () => {
    await uploadDesigned();
    expect((await send("POST", "/api/topics/canteen/retire")).status).toBe(200);
    const ids = (view: { topics: unknown[] }) => view.topics.map((t) => (t as { id: string }).id);
    expect(ids(await items(1))).not.toContain("canteen");
    expect(ids(await items(1))).toHaveLength(10);
    expect(ids(await items(1, "plant-satisfaction"))).toContain("canteen");
  });

  it("answers 404 for a version that does not exist", async () => {
    await uploadDesigned();
    const res = await send("GET", "/api/surveys/depot/versions/2/items");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "survey_not_found", message: 'Survey "depot" has no version 2.', path: "version" },
    });
  });

  it("is for admins of the whole organisation only", async () => {
    const path = "/api/surveys/plant-satisfaction/versions/1/items";
    expect((await send("GET", path, undefined, cookies.analyst)).status).toBe(403);
    const area = await send("GET", path, undefined, cookies["admin-a1"]);
    expect(area.status).toBe(403);
    expect(((await area.json()) as { error: { code: string } }).error.code).toBe("whole_organisation_only");
  });
});

describe("POST /api/surveys/:id/tagging", () => {
  it("saves tags as a new version, nested questions included, and leaves the base as it was", async () => {
    await uploadDesigned();
    const res = await tag({
      baseVersion: 1,
      changes: [
        { name: "tools", topic: "safety", favourableMin: 5 },
        { name: "shifts", topic: "production" },
        { name: "bus", topic: "commute" },
        { name: "recommend", enps: true },
        { name: "ideas", demand: true },
      ],
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: "depot", version: 2 });
    expect(await definitionOf(1)).toEqual(designed);
    const tagged = (await items(2)).items;
    expect(
      tagged.map((i) => [i.itemId, i.topic, i.favourableMin, i.ownFavourableMin, i.enps, i.demand]),
    ).toEqual([
      ["tools", "safety", 5, 5, false, false],
      ["shifts", "production", 4, null, false, false],
      ["shifts.day", "production", 4, null, false, false],
      ["shifts.night", "production", 4, null, false, false],
      ["bus", "commute", 3, null, false, false],
      ["recommend", null, 9, null, true, false],
      ["wishes", null, null, null, false, false],
      ["kids", null, null, null, false, false],
      ["age", null, 4, null, false, false],
      ["ideas", null, null, null, false, true],
    ]);
    // The analysable items analytics reads were derived for the new version.
    const derived = await queryRows<{ item_id: string; kind: string; topic: string | null }>(
      fixture.db.read,
      "SELECT item_id, kind, topic FROM survey_items WHERE survey_id = 'depot' AND survey_version = 2 ORDER BY sort",
    );
    expect(derived.map((d) => [d.item_id, d.kind, d.topic])).toEqual([
      ["tools", "scale", "safety"],
      ["shifts.day", "scale", "production"],
      ["shifts.night", "scale", "production"],
      ["bus", "scale", "commute"],
      ["recommend", "enps", null],
      ["ideas", "demand", null],
    ]);
    const audit = (await readAudit(fixture.db.read)).at(-1);
    expect([audit?.actor, audit?.action, audit?.target, JSON.parse(audit?.detail ?? "null")]).toEqual([
      "admin",
      "survey_tagged",
      "depot",
      { version: 2, baseVersion: 1, questions: ["tools", "shifts", "bus", "recommend", "ideas"] },
    ]);
  });

  it("answers 200 with the base version when nothing changes", async () => {
    await uploadDesigned();
    expect((await tag({ baseVersion: 1, changes: [{ name: "tools", topic: "safety" }] })).status).toBe(201);
    const seq = (await readAudit(fixture.db.read)).length;
    const same = await tag({
      baseVersion: 2,
      changes: [
        { name: "tools", topic: "safety", enps: false },
        { name: "wishes", demand: false },
        { name: "shifts", topic: null, favourableMin: null },
      ],
    });
    expect(same.status).toBe(200);
    expect(await same.json()).toEqual({ id: "depot", version: 2 });
    expect(await storedVersions()).toEqual([1, 2]);
    expect((await readAudit(fixture.db.read)).length).toBe(seq);
  });

  it("removes a topic together with its thresholds, and an own threshold on its own", async () => {
    await uploadDesigned();
    await tag({
      baseVersion: 1,
      changes: [
        { name: "tools", topic: "safety", favourableMin: 5, unfavourableMax: 1 },
        { name: "shifts", topic: "production", unfavourableMax: 1 },
      ],
    });
    const res = await tag({
      baseVersion: 2,
      changes: [
        { name: "tools", topic: null },
        { name: "shifts", unfavourableMax: null },
      ],
    });
    expect(res.status).toBe(201);
    const pages = (await definitionOf(3)) as typeof designed;
    expect(pages.pages[0]?.elements[0]).toEqual(designed.pages[0]?.elements[0]);
    expect(pages.pages[0]?.elements[1]).toEqual({ ...designed.pages[0]?.elements[1], topic: "production" });
  });

  it("makes a new version of one a wave has used; the wave keeps its own", async () => {
    const res = await tag({ baseVersion: 1, changes: [{ name: "enps", enps: false }] }, "plant-satisfaction");
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: "plant-satisfaction", version: 2 });
    const waves = (await (await send("GET", "/api/waves")).json()) as { id: string; surveyVersion: number }[];
    expect(waves.map((w) => [w.id, w.surveyVersion])).toEqual([
      ["wave-open", 1],
      ["wave-closed", 1],
    ]);
    expect(await definitionOf(1, "plant-satisfaction")).toEqual(fixture.definition);
  });

  it("refuses a base version that is no longer the latest with 409 stale_version", async () => {
    await uploadDesigned();
    await tag({ baseVersion: 1, changes: [{ name: "tools", topic: "safety" }] });
    const res = await tag({ baseVersion: 1, changes: [{ name: "bus", topic: "commute" }] });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: "stale_version",
        message:
          'Version 1 of "depot" is no longer the latest (version 2 is): reload and make the changes on the latest version.',
        path: "baseVersion",
      },
    });
    expect(await storedVersions()).toEqual([1, 2]);
  });

  const refusals: [string, unknown[], number, { code: string; message: string; path: string }][] = [
    [
      "a topic on a multiple-choice question",
      [{ name: "wishes", topic: "safety" }],
      422,
      {
        code: "invalid_survey",
        message:
          "wishes: topic needs a numeric scale question (rating, matrix, radiogroup, dropdown); this one is a checkbox",
        path: "wishes",
      },
    ],
    [
      "a topic the catalogue does not have",
      [{ name: "tools", topic: "weather" }],
      422,
      {
        code: "invalid_survey",
        message: 'tools: topic "weather" is not in the topic catalogue (topics.json)',
        path: "tools",
      },
    ],
    [
      "a threshold outside the scale",
      [{ name: "tools", topic: "safety", favourableMin: 7 }],
      422,
      { code: "invalid_survey", message: "tools: favourableMin (7) is outside the scale 1–5", path: "tools" },
    ],
    [
      "enps on a 1–5 rating",
      [{ name: "tools", enps: true }],
      422,
      {
        code: "invalid_survey",
        message:
          "tools: enps needs a rating question from 0 to 10 (rateMin 0, rateMax 10); this one has the points 1, 2, 3, 4, 5",
        path: "tools",
      },
    ],
    [
      "a topic inside a dynamic panel",
      [{ name: "age", topic: "welfare" }],
      422,
      {
        code: "invalid_survey",
        message:
          'age: topic, enps and demand cannot be used inside dynamic panel "kids"; move the question out of the panel',
        path: "age",
      },
    ],
    [
      "a question the version does not have",
      [
        { name: "tools", topic: "safety" },
        { name: "nothing", topic: "safety" },
      ],
      422,
      {
        code: "unknown_question",
        message: 'Version 1 has no question named "nothing".',
        path: "changes/1/name",
      },
    ],
    [
      "a matrix row",
      [{ name: "shifts.day", topic: "safety" }],
      422,
      {
        code: "unknown_question",
        message:
          'Version 1 has no question named "shifts.day". A matrix row takes its topic from its matrix: change "shifts" instead.',
        path: "changes/0/name",
      },
    ],
    [
      "the same question twice",
      [
        { name: "tools", topic: "safety" },
        { name: "tools", topic: "pay" },
      ],
      400,
      {
        code: "invalid_request",
        message: 'Field "changes": name each question at most once.',
        path: "changes",
      },
    ],
  ];
  it.each(refusals)("refuses %s and stores nothing", async (_what, changes, status, error) => {
    await uploadDesigned();
    const seq = (await readAudit(fixture.db.read)).length;
    const res = await tag({ baseVersion: 1, changes });
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
    expect(await storedVersions()).toEqual([1]);
    expect((await readAudit(fixture.db.read)).length).toBe(seq);
  });

  it("answers 404 for a survey or base version that does not exist", async () => {
    const res = await tag({ baseVersion: 1, changes: [] }, "nowhere");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "survey_not_found", message: 'Survey "nowhere" has no version 1.', path: "baseVersion" },
    });
  });

  it("is for admins of the whole organisation only", async () => {
    const body = { baseVersion: 1, changes: [{ name: "enps", enps: false }] };
    expect((await tag(body, "plant-satisfaction", cookies.analyst)).status).toBe(403);
    const area = await tag(body, "plant-satisfaction", cookies["admin-a1"]);
    expect(area.status).toBe(403);
    expect(((await area.json()) as { error: { code: string } }).error.code).toBe("whole_organisation_only");
    expect(await storedVersions("plant-satisfaction")).toEqual([1]);
  });
});

describe("the compatibility surveys", () => {
  // What the tagging screen offers must be what the checker accepts: every offered topic, eNPS and demand
  // saves, and a topic on a question the screen says cannot carry one is refused.
  it.each(compatSurveys().map((s) => [s.file, s.definition] as const))(
    "%s: every tag the screen offers is accepted, a refused one is not",
    async (file, definition) => {
      const id = file.replace(/\.json$/, "");
      expect((await send("POST", "/api/surveys", { id, definition })).status).toBe(201);
      const view = await items(1, id);
      expect(view.items.length).toBeGreaterThan(0);
      const questions = view.items.filter((i) => i.row === null) as {
        name: string;
        cannot: { topic: string | null; enps: string | null; demand: string | null };
      }[];
      const enps = questions.find((q) => q.cannot.enps === null);
      const changes = questions.flatMap((q): Record<string, unknown>[] => {
        if (q === enps) return [{ name: q.name, enps: true }];
        if (q.cannot.topic === null) return [{ name: q.name, topic: "safety" }];
        if (q.cannot.demand === null) return [{ name: q.name, demand: true }];
        return [];
      });
      const saved = await tag({ baseVersion: 1, changes }, id);
      expect(saved.status, await saved.clone().text()).toBe(changes.length > 0 ? 201 : 200);

      const latest = changes.length > 0 ? 2 : 1;
      const refused = questions.find((q) => q.cannot.topic !== null && q.cannot.topic !== "matrix_row");
      if (!refused) return;
      const res = await tag({ baseVersion: latest, changes: [{ name: refused.name, topic: "safety" }] }, id);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { path: string } }).error.path).toBe(refused.name);
    },
  );
});
