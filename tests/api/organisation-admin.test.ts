// Keeping the organisation current over HTTP against a real DuckDB: adding, retiring and setting headcounts, the
// change history, the CSV export, and whole-tree imports (preview, apply, refusals) — each refusal changes nothing,
// and a round that has closed keeps the organisation it had while an open one takes the new tree.
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { queryRows } from "../../server/storage/database";
import { insertResponses, type SeedResponse } from "../helpers/breakdownData";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";

const start = new Date("2026-11-02T08:00:00.000Z");
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let cookies: Record<string, string> = {};

beforeEach(async () => {
  fixture = await prepareDatabase(":memory:", start);
  app = appFor(fixture, () => start).app;
  cookies = await signedIn(fixture, app, start, [["adm", "admin", "plant"]]);
  return () => fixture.db.close();
});

const post = (path: string, body?: unknown) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: cookies.adm ?? "" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const get = (path: string) => app.request(path, { headers: { cookie: cookies.adm ?? "" } });
const sendFile = (path: string, body: string | Uint8Array, type = "text/csv") =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": type, cookie: cookies.adm ?? "" },
    body: body as BodyInit,
  });

/** Everything a refused change must leave as it was. */
async function state() {
  const db = fixture.db.read;
  return {
    units: await queryRows(db, "SELECT * FROM units ORDER BY id"),
    changes: await queryRows(db, "SELECT count(*) AS n FROM unit_changes"),
    waveUnits: await queryRows(db, "SELECT * FROM wave_units ORDER BY wave_id, unit_id"),
    audit: await queryRows(db, "SELECT count(*) AS n FROM audit_log"),
  };
}

const liveIds = async () => ((await (await get("/api/units")).json()) as { id: string }[]).map((u) => u.id);
const snapshot = async (wave: string) =>
  (
    await queryRows<{ unit_id: string }>(
      fixture.db.read,
      "SELECT unit_id FROM wave_units WHERE wave_id = $1 ORDER BY unit_id",
      [wave],
    )
  ).map((r) => r.unit_id);
const lastAudit = async () =>
  (
    await queryRows<{ action: string; target: string | null; detail: string }>(
      fixture.db.read,
      "SELECT action, target, detail::VARCHAR AS detail FROM audit_log ORDER BY seq DESC LIMIT 1",
    )
  )[0];
const respond = (unitId: string, n: number) =>
  app.request("/api/responses", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      waveId: "wave-open",
      unitId,
      groupId: "staff",
      channel: "online",
      data: validAnswers(fixture.definition, n),
    }),
  });

describe("POST /api/units", () => {
  it("adds a unit under a live parent: listed, in the open round's organisation, recorded and audited", async () => {
    const res = await post("/api/units", {
      id: "team-2",
      parentId: "st-1",
      nameZh: "集输班",
      nameEn: "Gathering team",
      kind: "team",
      headcount: 14,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: "team-2" });
    const units = (await (await get("/api/units")).json()) as unknown[];
    expect(units.at(-1)).toEqual({
      id: "team-2",
      parentId: "st-1",
      name: { default: "Gathering team", "zh-cn": "集输班" },
      kind: "team",
      level: 3,
      headcount: 14,
    });
    expect(await snapshot("wave-open")).toContain("team-2");
    expect(await snapshot("wave-closed")).not.toContain("team-2");
    expect(await lastAudit()).toEqual({
      action: "unit_added",
      target: "team-2",
      detail: JSON.stringify({
        intoUnitId: "st-1",
        nameZh: "集输班",
        nameEn: "Gathering team",
        kind: "team",
        headcount: 14,
      }),
    });
    // The reference cache is invalidated: the new unit takes responses at once.
    expect((await respond("team-2", 1)).status).toBe(201);
  });

  it("makes an id from the kind when none is given, and takes the Chinese name for a missing English one", async () => {
    const res = await post("/api/units", { parentId: "plant", nameZh: "财务科", kind: "department" });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(id).toMatch(/^department-[0-9a-f]{8}$/);
    const [row] = await queryRows(
      fixture.db.read,
      "SELECT name_zh, name_en, level, path, headcount FROM units WHERE id = $1",
      [id],
    );
    expect(row).toEqual({
      name_zh: "财务科",
      name_en: "财务科",
      level: 1,
      path: `/plant/${id}/`,
      headcount: 0,
    });
  });

  it.each([
    [
      "an unknown parent",
      { parentId: "nowhere", nameZh: "班", kind: "team" },
      404,
      { code: "unit_not_found", message: 'There is no unit "nowhere".', path: "parentId" },
    ],
    [
      "an id in use",
      { id: "team-1", parentId: "st-1", nameZh: "班", kind: "team" },
      409,
      {
        code: "unit_id_taken",
        message: 'There is already a unit "team-1" (perhaps a retired one); choose another id.',
        path: "id",
      },
    ],
    [
      "an id with a space",
      { id: "team 2", parentId: "st-1", nameZh: "班", kind: "team" },
      400,
      {
        code: "bad_unit_id",
        message: 'The id "team 2" must be 1-100 letters, digits, _ . or -.',
        path: "id",
      },
    ],
    [
      "an unknown kind",
      { parentId: "st-1", nameZh: "班", kind: "squad" },
      400,
      {
        code: "invalid_request",
        message:
          'Field "kind": Invalid option: expected one of "plant"|"area"|"station"|"team"|"department".',
        path: "kind",
      },
    ],
    [
      "a name with a line break",
      { parentId: "st-1", nameZh: "班\n组", kind: "team" },
      400,
      {
        code: "invalid_request",
        message: `Field "nameZh": a unit's name is one line of text, without line breaks or tabs.`,
        path: "nameZh",
      },
    ],
  ])("refuses %s and changes nothing", async (_name, body, status, error) => {
    const before = await state();
    const res = await post("/api/units", body);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
    expect(await state()).toEqual(before);
  });
});

describe("POST /api/units/:id/retire", () => {
  it("retires a leaf: gone from the tree and the open round, kept by the closed one, refuses new responses", async () => {
    expect((await post("/api/units/dept-hr/retire")).status).toBe(204);
    expect(await liveIds()).toEqual(["plant", "area-1", "st-1", "team-1"]);
    expect(await snapshot("wave-open")).not.toContain("dept-hr");
    expect(await snapshot("wave-closed")).toContain("dept-hr");
    expect((await respond("dept-hr", 2)).status).toBe(400);
    expect(await lastAudit()).toEqual({
      action: "unit_retired",
      target: "dept-hr",
      detail: JSON.stringify({ intoUnitId: "plant", headcount: 12 }),
    });
  });

  it("keeps an open round's responses of a unit retired while it runs", async () => {
    const stored = await respond("dept-hr", 3);
    expect(stored.status).toBe(201);
    expect((await post("/api/units/dept-hr/retire")).status).toBe(204);
    // A resend of the stored answer (a phone whose reply was lost) still gets its 200 and receipt; a new one the 400.
    const resend = await respond("dept-hr", 3);
    expect([resend.status, await resend.json()]).toEqual([200, await stored.json()]);
    const fresh = await respond("dept-hr", 4);
    expect([fresh.status, await fresh.json()]).toEqual([
      400,
      {
        error: {
          code: "unknown_unit",
          message: 'There is no unit "dept-hr". Choose your unit again.',
          path: "unitId",
        },
      },
    ]);
    expect(await snapshot("wave-open")).toContain("dept-hr");
    const res = await get("/api/waves/wave-open/progress");
    const body = (await res.json()) as { units: { id: string; own: { total: number } }[] };
    expect(body.units.find((u) => u.id === "dept-hr")?.own.total).toBe(1);
  });

  it.each([
    [
      "the root",
      "plant",
      400,
      { code: "bad_unit_tree", message: "The root of the organisation cannot be retired.", path: "unitId" },
    ],
    [
      "a unit with live sub-units",
      "st-1",
      409,
      {
        code: "unit_has_sub_units",
        message: 'Unit "st-1" still has sub-units (team-1): move, merge or retire them first.',
        path: "unitId",
      },
    ],
    [
      "a unit accounts are scoped to",
      "team-1",
      409,
      {
        code: "unit_has_accounts",
        message: 'Accounts are scoped to unit "team-1" (team-lead): give them another scope first.',
        path: "unitId",
      },
    ],
    [
      "an unknown unit",
      "nowhere",
      404,
      { code: "unit_not_found", message: 'There is no unit "nowhere".', path: "unitId" },
    ],
  ])("refuses %s and changes nothing", async (_name, unitId, status, error) => {
    await createUser(
      fixture.db,
      { username: "team-lead", password: "correct horse battery", role: "leader", scopeUnitId: "team-1" },
      { actor: "test", now: start },
    );
    const before = await state();
    const res = await post(`/api/units/${unitId}/retire`);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
    expect(await state()).toEqual(before);
  });
});

describe("at most 20 levels, one unit at a time", () => {
  it("refuses adding or moving a unit onto level 21, and changes nothing", async () => {
    // team-1 is on level 4 (the root is level 1); d5…d20 below it fill the tree to level 20.
    for (let level = 5; level <= 20; level++) {
      const parentId = level === 5 ? "team-1" : `d${level - 1}`;
      const res = await post("/api/units", { id: `d${level}`, parentId, nameZh: `层${level}`, kind: "team" });
      expect(res.status).toBe(201);
    }
    const before = await state();
    const added = await post("/api/units", { id: "d21", parentId: "d20", nameZh: "层21", kind: "team" });
    expect(added.status).toBe(400);
    expect(await added.json()).toEqual({
      error: {
        code: "tree_too_deep",
        message:
          'Under "d20", the new unit would be on level 21 of the tree (the root is level 1); an organisation may have at most 20 levels.',
        path: "parentId",
      },
    });
    const moved = await post("/api/units/dept-hr/move", { parentId: "d20" });
    expect(moved.status).toBe(400);
    expect(await moved.json()).toEqual({
      error: {
        code: "tree_too_deep",
        message:
          'Under "d20", unit "dept-hr" or a unit below it would be on level 21 of the tree (the root is level 1); an organisation may have at most 20 levels.',
        path: "parentId",
      },
    });
    expect(await state()).toEqual(before);
    // The export of a tree of 20 levels imports again.
    const csv = await (await get("/api/units/export.csv")).text();
    expect((await preview(csv)).status).toBe(200);
  });
});

describe("POST /api/units/:id/restore", () => {
  it("brings a retired unit back with its headcount: tree, open round, history, audit, responses", async () => {
    await post("/api/units/team-1/retire");
    await post("/api/units/st-1/retire");
    const listed = await get("/api/units/retired");
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([
      {
        id: "st-1",
        parentId: "area-1",
        nameZh: "中心站1",
        nameEn: "Station 1",
        kind: "station",
        retiredAt: start.toISOString(),
        headcount: 5,
        mergedInto: null,
      },
      expect.objectContaining({ id: "team-1", parentId: "st-1", headcount: 30, mergedInto: null }),
    ]);
    expect((await respond("st-1", 7)).status).toBe(400);
    expect((await post("/api/units/st-1/restore")).status).toBe(204);
    expect(await liveIds()).toEqual(["plant", "area-1", "st-1", "dept-hr"]);
    const [row] = await queryRows(
      fixture.db.read,
      "SELECT headcount, level, path FROM units WHERE id = 'st-1'",
    );
    expect(row).toEqual({ headcount: 5, level: 2, path: "/plant/area-1/st-1/" });
    expect(await snapshot("wave-open")).toContain("st-1");
    expect(await snapshot("wave-open")).not.toContain("team-1");
    expect(await lastAudit()).toEqual({
      action: "unit_restored",
      target: "st-1",
      detail: JSON.stringify({ intoUnitId: "area-1", headcount: 5 }),
    });
    const history = (await (await get("/api/units/history?unitId=st-1")).json()) as {
      entries: { kind: string; intoUnitId: string | null; by: string | null; detail: unknown }[];
    };
    expect(history.entries[0]).toMatchObject({
      kind: "restore",
      intoUnitId: "area-1",
      by: "adm",
      detail: { headcount: 5 },
    });
    // The reference cache was invalidated: the restored unit takes responses at once.
    expect((await respond("st-1", 8)).status).toBe(201);
    expect(((await (await get("/api/units/retired")).json()) as { id: string }[]).map((u) => u.id)).toEqual([
      "team-1",
    ]);
  });

  it.each([
    [
      "a unit whose parent is retired, naming the parent",
      "team-1",
      409,
      {
        code: "parent_retired",
        message:
          'The parent of unit "team-1", "st-1" (中心站1 / Station 1), is retired: restore it first, or import the tree with the unit under a live parent.',
        path: "unitId",
      },
    ],
    [
      "a live unit",
      "dept-hr",
      409,
      { code: "unit_not_retired", message: 'Unit "dept-hr" is not retired.', path: "unitId" },
    ],
    [
      "a merged unit",
      "area-1",
      409,
      {
        code: "unit_merged",
        message:
          'Unit "area-1" was merged into "dept-hr", which carries its responses on; it cannot come back: add a new unit instead.',
        path: "unitId",
      },
    ],
    [
      "an unknown unit",
      "nowhere",
      404,
      { code: "unit_not_found", message: 'There is no unit "nowhere".', path: "unitId" },
    ],
  ])("refuses %s and changes nothing", async (_name, unitId, status, error) => {
    await post("/api/units/team-1/retire");
    await post("/api/units/st-1/retire");
    expect((await post("/api/units/area-1/merge", { intoUnitId: "dept-hr" })).status).toBe(204);
    const before = await state();
    const res = await post(`/api/units/${unitId}/restore`);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
    expect(await state()).toEqual(before);
  });
});

describe("POST /api/units/:id/headcount", () => {
  it("sets a unit's own headcount, for the open round and not the closed one", async () => {
    expect((await post("/api/units/team-1/headcount", { headcount: 42 })).status).toBe(204);
    const headcount = async (wave: string) =>
      (
        await queryRows<{ headcount: number }>(
          fixture.db.read,
          "SELECT headcount FROM wave_units WHERE wave_id = $1 AND unit_id = 'team-1'",
          [wave],
        )
      )[0]?.headcount;
    expect([await headcount("wave-open"), await headcount("wave-closed")]).toEqual([42, 30]);
    expect(await lastAudit()).toEqual({
      action: "unit_headcount_set",
      target: "team-1",
      detail: JSON.stringify({ intoUnitId: null, from: 30, to: 42 }),
    });
  });

  it.each([
    [
      "a negative headcount",
      "team-1",
      { headcount: -1 },
      400,
      {
        code: "invalid_request",
        message: 'Field "headcount": Too small: expected number to be >=0.',
        path: "headcount",
      },
    ],
    [
      "a fraction",
      "team-1",
      { headcount: 2.5 },
      400,
      {
        code: "invalid_request",
        message: 'Field "headcount": Invalid input: expected int, received number.',
        path: "headcount",
      },
    ],
    [
      "an unknown unit",
      "nowhere",
      { headcount: 3 },
      404,
      { code: "unit_not_found", message: 'There is no unit "nowhere".', path: "unitId" },
    ],
  ])("refuses %s and changes nothing", async (_name, unitId, body, status, error) => {
    const before = await state();
    const res = await post(`/api/units/${unitId}/headcount`, body);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({ error });
    expect(await state()).toEqual(before);
  });
});

describe("GET /api/units/history", () => {
  it("lists changes newest first, by unit, a page at a time", async () => {
    await post("/api/units/team-1/headcount", { headcount: 31 });
    await post("/api/units/st-1/rename", { nameEn: "Central Station 1" });
    await post("/api/units/dept-hr/retire");
    const page = async (query: string) =>
      (await (await get(`/api/units/history${query}`)).json()) as {
        entries: { seq: number; kind: string; unitId: string; by: string | null; detail: unknown }[];
        nextBefore: number | null;
      };
    const all = await page("");
    expect(all.entries.map((e) => [e.kind, e.unitId, e.by])).toEqual([
      ["retire", "dept-hr", "adm"],
      ["rename", "st-1", "adm"],
      ["headcount", "team-1", "adm"],
    ]);
    expect(all.entries[2]?.detail).toEqual({ from: 30, to: 31 });
    expect(all.nextBefore).toBeNull();
    expect((await page("?unitId=st-1")).entries.map((e) => e.kind)).toEqual(["rename"]);
    const first = await page("?limit=2");
    expect(first.entries.map((e) => e.unitId)).toEqual(["dept-hr", "st-1"]);
    const second = await page(`?limit=2&before=${first.nextBefore}`);
    expect(second).toMatchObject({ entries: [{ unitId: "team-1" }], nextBefore: null });
  });

  it("refuses a limit over 200", async () => {
    const res = await get("/api/units/history?limit=500");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string; path: string } }).error).toMatchObject({
      code: "invalid_request",
      path: "limit",
    });
  });
});

const liveCsv = [
  "id,parent_id,name_zh,name_en,kind,headcount",
  "plant,,第三采油厂,No. 3 Plant,plant,20",
  "area-1,plant,第一作业区,Area 1,area,10",
  "st-1,area-1,中心站1,Station 1,station,5",
  "team-1,st-1,采油班,Production team,team,30",
  "dept-hr,plant,人力资源科,HR,department,12",
];

describe("GET /api/units/export.csv", () => {
  it("answers the live tree, parent first, as the import reads it", async () => {
    await post("/api/units/dept-hr/rename", { nameEn: 'HR, "people"' });
    const res = await get("/api/units/export.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer())).toBe(
      `\uFEFF${[...liveCsv.slice(0, 5), 'dept-hr,plant,人力资源科,"HR, ""people""",department,12'].join("\r\n")}\r\n`,
    );
  });
});

// area-2 added; st-1 moved under it and renamed; team-1's headcount 30 → 33; dept-hr left out (retired).
const changedCsv = [
  "id,parent_id,name_zh,name_en,kind,headcount",
  "plant,,第三采油厂,No. 3 Plant,plant,20",
  "area-1,plant,第一作业区,Area 1,area,10",
  "area-2,plant,第二作业区,Area 2,area,8",
  "st-1,area-2,第一中心站,Central Station 1,station,5",
  "team-1,st-1,采油班,Production team,team,33",
].join("\n");

const expectedDiff = {
  units: 5,
  added: [
    {
      row: 4,
      id: "area-2",
      parentId: "plant",
      nameZh: "第二作业区",
      nameEn: "Area 2",
      kind: "area",
      headcount: 8,
    },
  ],
  restored: [],
  moved: [
    {
      row: 5,
      id: "st-1",
      nameZh: "第一中心站",
      nameEn: "Central Station 1",
      from: { id: "area-1", nameZh: "第一作业区", nameEn: "Area 1" },
      to: { id: "area-2", nameZh: "第二作业区", nameEn: "Area 2" },
    },
  ],
  renamed: [
    {
      row: 5,
      id: "st-1",
      from: { nameZh: "中心站1", nameEn: "Station 1" },
      to: { nameZh: "第一中心站", nameEn: "Central Station 1" },
    },
  ],
  kindChanged: [],
  retired: [{ id: "dept-hr", nameZh: "人力资源科", nameEn: "HR", kind: "department", headcount: 12 }],
  headcountChanged: [{ row: 6, id: "team-1", nameZh: "采油班", nameEn: "Production team", from: 30, to: 33 }],
  headcount: { before: 77, after: 76 },
  unchanged: 2,
};

async function preview(body: string | Uint8Array, type = "text/csv") {
  const res = await sendFile("/api/units/import/preview", body, type);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("POST /api/units/import/preview", () => {
  it("answers the diff against the live tree and changes nothing", async () => {
    const before = await state();
    const { status, body } = await preview(changedCsv);
    expect(status).toBe(200);
    expect(body).toEqual({ ...expectedDiff, baseFingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await state()).toEqual(before);
  });

  it("reads an XLSX workbook's first sheet the same way", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("units");
    for (const line of changedCsv.split("\n")) {
      sheet.addRow(line.split(",").map((cell, i) => (i === 5 && /^\d+$/.test(cell) ? Number(cell) : cell)));
    }
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { status, body } = await preview(
      bytes,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(status).toBe(200);
    expect(body).toMatchObject(expectedDiff);
  });

  it("lists every bad row at once, with its row and column", async () => {
    const bad = [
      "id,parent_id,name_zh,name_en,kind,headcount",
      "plant,,第三采油厂,No. 3 Plant,plant,20",
      "area-1,plant,,Area 1,area,10",
      "st-1,area-9,中心站1,Station 1,station,x",
      "team-1,st-1,采油班,Production team,squad,30",
      "team-1,st-1,采油班,Production team,team,30",
      "other,,别的厂,Other,plant,1",
    ].join("\n");
    const before = await state();
    const { status, body } = await preview(bad);
    expect(status).toBe(422);
    expect(body).toEqual({
      error: {
        code: "invalid_org_file",
        message: "The file has 6 problems; nothing was changed. Correct them and upload the file again.",
        errors: [
          { row: 3, column: "name_zh", code: "empty_name", message: "name_zh is empty.", value: "" },
          {
            row: 4,
            column: "parent_id",
            code: "unknown_parent",
            message: 'parent_id "area-9" is not the id of any unit in the file.',
            value: "area-9",
          },
          {
            row: 4,
            column: "headcount",
            code: "bad_headcount",
            message: 'headcount "x" must be a whole number ≥ 0.',
            value: "x",
          },
          {
            row: 5,
            column: "kind",
            code: "bad_kind",
            message: 'kind "squad" must be one of plant, area, station, team, department.',
            value: "squad",
          },
          {
            row: 6,
            column: "id",
            code: "duplicate_id",
            message: 'id "team-1" appears twice (first on row 5).',
            value: "team-1",
          },
          {
            row: 7,
            column: "parent_id",
            code: "second_root",
            message: 'parent_id is empty, but only the root may have none (the root is "plant" on row 2).',
            value: "other",
          },
        ],
      },
    });
    expect(await state()).toEqual(before);
  });

  it.each([
    [
      "a missing column",
      "id,parent_id,name_zh,name_en,kind\nplant,,厂,Plant,plant",
      [
        {
          row: 1,
          column: "headcount",
          code: "missing_column",
          message:
            'the header has no "headcount" column; row 1 must be id,parent_id,name_zh,name_en,kind,headcount.',
          value: "headcount",
        },
      ],
    ],
    [
      "a cycle",
      [...liveCsv.slice(0, 2), "a,b,甲,A,area,1", "b,a,乙,B,area,1"].join("\n"),
      [
        {
          row: 3,
          column: "parent_id",
          code: "cycle",
          message: 'unit "a" does not lead up to the root: its parent_id chain goes round in a circle.',
          value: "a",
        },
        {
          row: 4,
          column: "parent_id",
          code: "cycle",
          message: 'unit "b" does not lead up to the root: its parent_id chain goes round in a circle.',
          value: "b",
        },
      ],
    ],
    [
      "another root",
      [
        "id,parent_id,name_zh,name_en,kind,headcount",
        "group,,集团,Group,plant,1",
        "plant,group,厂,Plant,plant,1",
      ].join("\n"),
      [
        {
          row: 2,
          column: "id",
          code: "root_changed",
          message:
            'the root of the organisation is "plant"; the file\'s root (the unit with no parent_id) must be it too, not "group".',
          value: "plant",
        },
        // Every problem at once: the units the file leaves out would be retired, team-1's account with them.
        {
          row: null,
          column: "id",
          code: "unit_has_accounts",
          message:
            'unit "team-1" is not in the file, so it would be retired, but accounts are scoped to it (team-lead): keep it in the file or give them another scope first.',
          value: "team-1",
        },
      ],
    ],
    [
      "retiring a unit accounts are scoped to",
      liveCsv.slice(0, 4).join("\n"),
      [
        {
          row: null,
          column: "id",
          code: "unit_has_accounts",
          message:
            'unit "team-1" is not in the file, so it would be retired, but accounts are scoped to it (team-lead): keep it in the file or give them another scope first.',
          value: "team-1",
        },
      ],
    ],
    [
      "a name with a line break (a quoted CSV cell)",
      [...liveCsv.slice(0, 2), 'a,plant,"甲\n乙",A,area,1'].join("\n"),
      [
        {
          row: 3,
          column: "name_zh",
          code: "control_character",
          message:
            "name_zh holds a line break, tab or other control character; a unit's name is one line of text.",
          value: "甲\n乙",
        },
      ],
    ],
    [
      "a tree of more than 20 levels",
      [
        liveCsv[0],
        liveCsv[1],
        ...Array.from(
          { length: 21 },
          (_, i) => `d${i + 1},${i === 0 ? "plant" : `d${i}`},层${i + 1},L${i + 1},team,1`,
        ),
      ].join("\n"),
      [
        {
          row: 22,
          column: "parent_id",
          code: "too_deep",
          message:
            'unit "d20" would be on level 21 of the tree (the root is level 1); an organisation may have at most 20 levels: check its parent_id.',
          value: "d20",
        },
      ],
    ],
  ])("refuses %s", async (_name, csv, errors) => {
    await createUser(
      fixture.db,
      { username: "team-lead", password: "correct horse battery", role: "leader", scopeUnitId: "team-1" },
      { actor: "test", now: start },
    );
    const { status, body } = await preview(csv);
    expect(status).toBe(422);
    expect((body as { error: { errors: unknown } }).error.errors).toEqual(errors);
  });

  it("refuses a merged unit's id coming back, and restores a retired one", async () => {
    await post("/api/units/dept-hr/retire");
    await post("/api/units/team-1/merge", { intoUnitId: "st-1" });
    const refused = await preview(liveCsv.join("\n"));
    expect(refused.status).toBe(422);
    expect((refused.body as { error: { errors: unknown } }).error.errors).toEqual([
      {
        row: 5,
        column: "id",
        code: "merged_id",
        message:
          'unit "team-1" was merged into "st-1", which carries its responses on; a unit cannot come back under that id: give it a new one.',
        value: "team-1",
      },
    ]);
    const restoring = await preview([...liveCsv.slice(0, 4), liveCsv[5]].join("\n"));
    expect(restoring.status).toBe(200);
    expect(restoring.body).toMatchObject({
      restored: [{ row: 5, id: "dept-hr", parentId: "plant", headcount: 12 }],
      retired: [],
      headcount: { before: 35 + 10 + 20, after: 77 - 30 },
    });
  });

  it.each([
    ["an empty file", "", 400, "empty_file"],
    ["JSON", '{"units":[]}', 415, "unsupported_media_type"],
  ])("refuses %s", async (_name, body, status, code) => {
    const res = await sendFile(
      "/api/units/import/preview",
      body,
      body === "" ? "text/csv" : "application/json",
    );
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});

describe("large organisation files", () => {
  const header = liveCsv[0] as string;
  const plant = liveCsv[1] as string;

  it("previews 25,000 units, more rows than the paper import takes", async () => {
    const teams = Array.from({ length: 24_999 }, (_, i) => `t${i},plant,班${i},Team ${i},team,1`);
    const { status, body } = await preview([header, plant, ...teams].join("\n"));
    expect(status).toBe(200);
    expect(body).toMatchObject({ units: 25_000, unchanged: 1 });
    expect((body.added as unknown[]).length).toBe(24_999);
  });

  it("refuses more than 100,000 rows with the organisation's words, and changes nothing", async () => {
    const before = await state();
    const teams = Array.from({ length: 100_000 }, (_, i) => `t${i},plant,班,T,team,1`);
    const res = await sendFile("/api/units/import/preview", [header, plant, ...teams].join("\n"));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "too_many_rows",
        message:
          "The file has more than 100000 rows (empty rows below the units count too); an organisation file holds at most 100000 units. Delete the empty rows, or check that this is the organisation file.",
      },
    });
    expect(await state()).toEqual(before);
  });

  it("refuses a 20,000-row chain listed deepest first for its depth", async () => {
    const n = 20_000;
    // Row 3 holds the deepest unit c(n-1); the last row c1, right under the plant.
    const chain = Array.from({ length: n - 1 }, (_, i) => {
      const level = n - 1 - i;
      return `c${level},${level === 1 ? "plant" : `c${level - 1}`},单位,U,team,1`;
    });
    const { status, body } = await preview([header, plant, ...chain].join("\n"));
    expect(status).toBe(422);
    expect((body as { error: { errors: unknown } }).error.errors).toEqual([
      {
        row: n + 2 - 20,
        column: "parent_id",
        code: "too_deep",
        message:
          'unit "c20" would be on level 21 of the tree (the root is level 1); an organisation may have at most 20 levels: check its parent_id.',
        value: "c20",
      },
    ]);
  });

  it("reports a cycle of 20,000 units as a cycle, every unit of it", async () => {
    const n = 20_000;
    const cycle = Array.from({ length: n }, (_, i) => `c${i},c${(i + 1) % n},单位,U,team,1`);
    const { status, body } = await preview([header, plant, ...cycle].join("\n"));
    expect(status).toBe(422);
    const errors = (body as { error: { errors: { row: number; code: string }[] } }).error.errors;
    expect(errors).toHaveLength(n);
    expect(errors.every((e, i) => e.code === "cycle" && e.row === i + 3)).toBe(true);
  });

  it("refuses an XLSX formula cell with no saved value, naming the cell", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("units");
    sheet.addRow(header.split(","));
    sheet.addRow(["plant", "", "厂", "Plant", "plant", 1]);
    sheet.addRow(["area-1", "plant", "区", "Area", "area", { formula: "F2*2" }]);
    const res = await sendFile(
      "/api/units/import/preview",
      new Uint8Array(await workbook.xlsx.writeBuffer()),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "formula_without_value",
        message:
          "Cell F3 is a formula with no saved value; open the file in Excel and save it again, or type the value.",
      },
    });
  });
});

describe("POST /api/units/import/apply", () => {
  it("applies the previewed file in one go: tree, history, audit, open round, reference cache", async () => {
    const { body } = await preview(changedCsv);
    const res = await sendFile(
      `/api/units/import/apply?baseFingerprint=${body.baseFingerprint}&fileName=org.csv`,
      changedCsv,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(body);
    const units = (await (await get("/api/units")).json()) as {
      id: string;
      parentId: string;
      level: number;
      headcount: number;
      name: unknown;
    }[];
    expect(units.map((u) => [u.id, u.parentId, u.level, u.headcount])).toEqual([
      ["plant", null, 0, 20],
      ["area-1", "plant", 1, 10],
      ["area-2", "plant", 1, 8],
      ["st-1", "area-2", 2, 5],
      ["team-1", "st-1", 3, 33],
    ]);
    expect(units[3]?.name).toEqual({ default: "Central Station 1", "zh-cn": "第一中心站" });
    const history = (await (await get("/api/units/history")).json()) as {
      entries: { kind: string; unitId: string; intoUnitId: string | null; detail: Record<string, unknown> }[];
    };
    expect(history.entries.map((e) => [e.kind, e.unitId, e.intoUnitId])).toEqual([
      ["retire", "dept-hr", null],
      ["headcount", "team-1", null],
      ["rename", "st-1", null],
      ["move", "st-1", "area-2"],
      ["add", "area-2", "plant"],
    ]);
    expect(history.entries[3]?.detail).toEqual({ fromParentId: "area-1", imported: true });
    expect(await lastAudit()).toEqual({
      action: "units_imported",
      target: null,
      detail: JSON.stringify({
        fileName: "org.csv",
        units: 5,
        added: 1,
        restored: 0,
        moved: 1,
        renamed: 1,
        kindChanged: 0,
        retired: 1,
        headcountChanged: 1,
        headcount: { before: 77, after: 76 },
      }),
    });
    expect(await snapshot("wave-open")).toEqual(["area-1", "area-2", "plant", "st-1", "team-1"]);
    expect(await snapshot("wave-closed")).toEqual(["area-1", "dept-hr", "plant", "st-1", "team-1"]);
    expect((await respond("dept-hr", 4)).status).toBe(400);
    expect((await respond("area-2", 5)).status).toBe(201);
    // Importing the same file again changes nothing more.
    const again = await preview(changedCsv);
    expect(again.body).toMatchObject({ added: [], moved: [], renamed: [], retired: [], unchanged: 5 });
  });

  it("carries a retired unit along when the file moves its parent", async () => {
    await post("/api/units", {
      id: "team-old",
      parentId: "st-1",
      nameZh: "旧班组",
      kind: "team",
      headcount: 4,
    });
    await post("/api/units/team-old/retire");
    const { body } = await preview(changedCsv);
    await sendFile(`/api/units/import/apply?baseFingerprint=${body.baseFingerprint}`, changedCsv);
    expect(
      await queryRows(
        fixture.db.read,
        "SELECT path, level, retired_at IS NOT NULL AS retired FROM units WHERE id = 'team-old'",
      ),
    ).toEqual([{ path: "/plant/area-2/st-1/team-old/", level: 3, retired: true }]);
  });

  it("refuses with 409 when the tree changed since the preview, and changes nothing", async () => {
    const { body } = await preview(changedCsv);
    await post("/api/units/team-1/headcount", { headcount: 31 });
    const before = await state();
    const res = await sendFile(`/api/units/import/apply?baseFingerprint=${body.baseFingerprint}`, changedCsv);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: "organisation_changed",
        message:
          "The organisation has changed since this file was previewed; nothing was changed. Preview the file again and check the changes.",
        path: "baseFingerprint",
      },
    });
    expect(await state()).toEqual(before);
  });

  it("refuses a bad file as the preview does, and changes nothing", async () => {
    const before = await state();
    const res = await sendFile("/api/units/import/apply?baseFingerprint=abc", "id,parent_id\nplant,");
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_org_file");
    expect(await state()).toEqual(before);
  });

  it("refuses without a baseFingerprint", async () => {
    const res = await sendFile("/api/units/import/apply", changedCsv);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { path: string } }).error.path).toBe("baseFingerprint");
  });
});

describe("earlier rounds keep the organisation they had", () => {
  // wave-closed (2026-Q3): two at team-1, one at dept-hr. wave-open: three at team-1.
  const seed: SeedResponse[] = [
    ...[1, 2].map((no) => ({ no, wave: "wave-closed", unit: "team-1" })),
    { no: 3, wave: "wave-closed", unit: "dept-hr" },
    ...[4, 5, 6].map((no) => ({ no, wave: "wave-open", unit: "team-1" })),
  ].map((r) => ({
    ...r,
    group: "staff",
    channel: "online" as const,
    at: r.wave === "wave-closed" ? "2026-08-20T02:00:00Z" : "2026-11-01T02:00:00Z",
    answers: { safety_training: 4 },
  }));

  async function progress(wave: string) {
    const res = await get(`/api/waves/${wave}/progress`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      units: {
        id: string;
        parentId: string | null;
        name: { "zh-cn": string };
        headcount: number;
        own: { total: number };
        subtree: { total: number; headcount: number };
      }[];
    };
    return body.units.map((u) => [
      u.id,
      u.parentId,
      u.name["zh-cn"],
      u.headcount,
      u.own.total,
      u.subtree.total,
      u.subtree.headcount,
    ]);
  }

  it("after an import, the closed round's progress uses its old tree and the open round the new one", async () => {
    await insertResponses(fixture.db, seed);
    const { body } = await preview(changedCsv);
    const applied = await sendFile(
      `/api/units/import/apply?baseFingerprint=${body.baseFingerprint}`,
      changedCsv,
    );
    expect(applied.status).toBe(200);
    expect(await progress("wave-closed")).toEqual([
      ["plant", null, "第三采油厂", 20, 0, 3, 77],
      ["area-1", "plant", "第一作业区", 10, 0, 2, 45],
      ["st-1", "area-1", "中心站1", 5, 0, 2, 35],
      ["team-1", "st-1", "采油班", 30, 2, 2, 30],
      ["dept-hr", "plant", "人力资源科", 12, 1, 1, 12],
    ]);
    expect(await progress("wave-open")).toEqual([
      ["plant", null, "第三采油厂", 20, 0, 3, 76],
      ["area-1", "plant", "第一作业区", 10, 0, 0, 10],
      ["area-2", "plant", "第二作业区", 8, 0, 3, 46],
      ["st-1", "area-2", "第一中心站", 5, 0, 3, 38],
      ["team-1", "st-1", "采油班", 33, 3, 3, 33],
    ]);
  });

  it("the analytics still count the closed round's responses of a unit the import retired", async () => {
    await insertResponses(fixture.db, seed);
    const { body } = await preview(changedCsv);
    await sendFile(`/api/units/import/apply?baseFingerprint=${body.baseFingerprint}`, changedCsv);
    const res = await post("/api/analytics/query", {
      surveyId: "plant-satisfaction",
      waveIds: ["wave-closed"],
      measures: ["responses"],
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { results: { n: number }[] };
    expect(result.results.map((r) => r.n)).toEqual([3]);
  });
});
