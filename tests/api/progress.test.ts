// GET /api/waves/:id/progress through app.request against a real DuckDB: a known number of responses per unit,
// wave and channel posted through POST /api/responses, then exact own and subtree counts, narrowing and scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { createWave } from "../../server/waves/waves";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, fixtureUnits, prepareDatabase } from "../helpers/fixture";

const start = new Date("2026-11-02T08:00:00.000Z");
const password = "correct horse battery";

let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
const cookies = new Map<string, string>();

type Channel = "online" | "onsite" | "paper";
/** Responses posted in beforeAll: wave, unit, channel, how many. */
const posted: [string, string, Channel, number][] = [
  ["wave-open", "team-1", "online", 3],
  ["wave-open", "team-1", "onsite", 1],
  ["wave-open", "st-1", "online", 2],
  ["wave-open", "area-1", "onsite", 1],
  ["wave-open", "plant", "online", 1],
  ["wave-open", "dept-hr", "online", 2],
  ["wave-open", "dept-hr", "onsite", 1],
  ["wave-paper", "team-1", "paper", 2],
  ["wave-paper", "team-1", "online", 1],
  ["wave-paper", "dept-hr", "paper", 1],
];

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function send(url: string, init: { method?: string; body?: unknown; cookie?: string } = {}) {
  return app.request(url, {
    method: init.method ?? "GET",
    headers: { cookie: init.cookie ?? "", "content-type": "application/json" },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", start);
  app = appFor(fixture, () => start).app;
  // A second open wave that also collects paper, so counts must keep waves and channels apart.
  await createWave(
    fixture.db,
    {
      id: "wave-paper",
      surveyId: "plant-satisfaction",
      title: "2026年11月纸质",
      periodStart: "2026-11-01",
      periodEnd: "2026-11-30",
      opensAt: new Date(start.getTime() - 3_600_000).toISOString(),
      closesAt: new Date(start.getTime() + 86_400_000).toISOString(),
      channels: ["online", "paper"],
    },
    start,
  );
  const users = [
    ["admin", "admin", "plant"],
    ["analyst", "analyst", "plant"],
    ["leader", "leader", "area-1"],
    ["handler", "handler", "dept-hr"],
    ["collector", "collector", "st-1"],
  ] as const;
  for (const [username, role, scopeUnitId] of users) {
    await createUser(fixture.db, { username, role, scopeUnitId, password }, { actor: "test", now: start });
    const res = await send("/api/auth/login", { method: "POST", body: { username, password } });
    expect(res.status).toBe(200);
    cookies.set(username, (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "");
  }
  let n = 0;
  for (const [waveId, unitId, channel, count] of posted) {
    for (let i = 0; i < count; i++) {
      n++;
      const res = await send("/api/responses", {
        method: "POST",
        body: {
          id: uuid(n),
          waveId,
          unitId,
          groupId: "staff",
          channel,
          data: validAnswers(fixture.definition, n),
        },
      });
      expect(res.status).toBe(201);
    }
  }
});
afterAll(() => fixture.db.close());

const counts = (online: number, onsite: number, paper: number) => ({
  online,
  onsite,
  paper,
  total: online + onsite + paper,
});

/** A unit of the fixture as progress lists it; `root` when it is the answer's root (no parent above it). */
function unit(
  id: string,
  own: ReturnType<typeof counts>,
  subtree: ReturnType<typeof counts> & { headcount: number },
  root = false,
) {
  const u = fixtureUnits.find((x) => x.id === id);
  if (!u) throw new Error(id);
  const level = { plant: 0, "area-1": 1, "st-1": 2, "team-1": 3, "dept-hr": 1 }[id];
  return {
    id,
    parentId: root ? null : u.parentId,
    name: { default: u.nameEn, "zh-cn": u.nameZh },
    kind: u.kind,
    level,
    headcount: u.headcount,
    own,
    subtree,
  };
}

const withHeadcount = (c: ReturnType<typeof counts>, headcount: number) => ({ ...c, headcount });

// wave-open, by unit: own responses, and the subtree's responses against the subtree's headcount.
const openUnits = {
  plant: (root: boolean) => unit("plant", counts(1, 0, 0), withHeadcount(counts(8, 3, 0), 77), root),
  "area-1": (root: boolean) => unit("area-1", counts(0, 1, 0), withHeadcount(counts(5, 2, 0), 45), root),
  "st-1": (root: boolean) => unit("st-1", counts(2, 0, 0), withHeadcount(counts(5, 1, 0), 35), root),
  "team-1": (root: boolean) => unit("team-1", counts(3, 1, 0), withHeadcount(counts(3, 1, 0), 30), root),
  "dept-hr": (root: boolean) => unit("dept-hr", counts(2, 1, 0), withHeadcount(counts(2, 1, 0), 12), root),
};
const openTree = (root: keyof typeof openUnits, ids: (keyof typeof openUnits)[]) =>
  ids.map((id) => openUnits[id](id === root));

async function waveListed(id: string) {
  const waves = (await (await send("/api/waves")).json()) as { id: string }[];
  return waves.find((w) => w.id === id);
}

async function progress(url: string, username = "admin") {
  const res = await send(url, { cookie: cookies.get(username) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("GET /api/waves/:id/progress", () => {
  it.each([
    [
      "the organisation's admin: the whole tree",
      "admin",
      "",
      "plant",
      openTree("plant", ["plant", "area-1", "st-1", "team-1", "dept-hr"]),
    ],
    ["an analyst, narrowed to st-1", "analyst", "?unitId=st-1", "st-1", openTree("st-1", ["st-1", "team-1"])],
    [
      "an admin, narrowed to dept-hr",
      "admin",
      "?unitId=dept-hr",
      "dept-hr",
      openTree("dept-hr", ["dept-hr"]),
    ],
    [
      "a leader of area-1: area-1 is the root, nothing above or beside it",
      "leader",
      "",
      "area-1",
      openTree("area-1", ["area-1", "st-1", "team-1"]),
    ],
    [
      "a leader of area-1 naming its own scope",
      "leader",
      "?unitId=area-1",
      "area-1",
      openTree("area-1", ["area-1", "st-1", "team-1"]),
    ],
    [
      "a grid worker of st-1: its station is the root",
      "collector",
      "",
      "st-1",
      openTree("st-1", ["st-1", "team-1"]),
    ],
    [
      "a grid worker of st-1, narrowed to its team",
      "collector",
      "?unitId=team-1",
      "team-1",
      openTree("team-1", ["team-1"]),
    ],
    [
      "a leader of area-1, narrowed to team-1",
      "leader",
      "?unitId=team-1",
      "team-1",
      openTree("team-1", ["team-1"]),
    ],
  ])("counts wave-open for %s", async (_case, username, query, rootUnitId, units) => {
    const { status, body } = await progress(`/api/waves/wave-open/progress${query}`, username);
    expect(status).toBe(200);
    expect(body).toEqual({ wave: await waveListed("wave-open"), rootUnitId, units });
  });

  it("keeps waves apart and counts paper", async () => {
    const { status, body } = await progress("/api/waves/wave-paper/progress");
    expect(status).toBe(200);
    expect(body).toEqual({
      wave: await waveListed("wave-paper"),
      rootUnitId: "plant",
      units: [
        unit("plant", counts(0, 0, 0), withHeadcount(counts(1, 0, 3), 77), true),
        unit("area-1", counts(0, 0, 0), withHeadcount(counts(1, 0, 2), 45)),
        unit("st-1", counts(0, 0, 0), withHeadcount(counts(1, 0, 2), 35)),
        unit("team-1", counts(1, 0, 2), withHeadcount(counts(1, 0, 2), 30)),
        unit("dept-hr", counts(0, 0, 1), withHeadcount(counts(0, 0, 1), 12)),
      ],
    });
  });

  it("answers zeros and the headcounts for a wave without responses", async () => {
    const { status, body } = await progress("/api/waves/wave-closed/progress", "leader");
    expect(status).toBe(200);
    expect(body).toEqual({
      wave: await waveListed("wave-closed"),
      rootUnitId: "area-1",
      units: [
        unit("area-1", counts(0, 0, 0), withHeadcount(counts(0, 0, 0), 45), true),
        unit("st-1", counts(0, 0, 0), withHeadcount(counts(0, 0, 0), 35)),
        unit("team-1", counts(0, 0, 0), withHeadcount(counts(0, 0, 0), 30)),
      ],
    });
  });

  const unitNotFound = (id: string) => ({
    error: { code: "unit_not_found", message: `There is no unit "${id}".`, path: "unitId" },
  });

  it.each([
    ["a unit beside the leader's scope", "dept-hr"],
    ["the unit above the leader's scope", "plant"],
    ["a unit that does not exist", "nowhere"],
  ])("answers %s with the same 404 unit_not_found", async (_case, unitId) => {
    const { status, body } = await progress(`/api/waves/wave-open/progress?unitId=${unitId}`, "leader");
    expect(status).toBe(404);
    expect(body).toEqual(unitNotFound(unitId));
  });

  it.each([
    ["the area above the grid worker's station", "area-1"],
    ["the plant", "plant"],
    ["a unit beside it", "dept-hr"],
    ["a unit that does not exist", "nowhere"],
  ])("answers a grid worker asking for %s with the same 404 unit_not_found", async (_case, unitId) => {
    const { status, body } = await progress(`/api/waves/wave-open/progress?unitId=${unitId}`, "collector");
    expect(status).toBe(404);
    expect(body).toEqual(unitNotFound(unitId));
  });

  it("answers 404 wave_not_found for an unknown wave, before looking at the unit", async () => {
    for (const query of ["", "?unitId=dept-hr"]) {
      const { status, body } = await progress(`/api/waves/no-such-wave/progress${query}`, "leader");
      expect(status).toBe(404);
      expect(body).toEqual({
        error: { code: "wave_not_found", message: 'There is no survey round "no-such-wave".' },
      });
    }
  });

  it.each([
    [
      "an unknown query parameter",
      "?unit=st-1",
      "The request query string has fields this endpoint does not take: unit.",
      undefined,
    ],
    [
      "an empty unitId",
      "?unitId=",
      'Field "unitId": Too small: expected string to have >=1 characters.',
      "unitId",
    ],
  ])("refuses %s with 400", async (_case, query, message, path) => {
    const { status, body } = await progress(`/api/waves/wave-open/progress${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: "invalid_request", message, ...(path ? { path } : {}) } });
  });

  it.each([
    ["a handler", "handler", 403, { code: "forbidden", message: "Your account's role may not do this." }],
    [
      "no session",
      "nobody",
      401,
      {
        code: "not_authenticated",
        message: "You are not logged in, or your session has ended. Log in again.",
      },
    ],
  ])("refuses %s", async (_case, username, status, error) => {
    const res = await progress("/api/waves/wave-open/progress", username);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error });
  });
});
