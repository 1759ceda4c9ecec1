// GET /api/units through app.request against a real DuckDB: each user gets its scope unit first (as a root, with
// no parent) and then its subtree in tree order, and nothing above or beside it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";

const start = new Date("2026-11-02T08:00:00.000Z");
const password = "correct horse battery";

let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
const cookies = new Map<string, string>();

const users = [
  ["admin", "admin", "plant"],
  ["analyst", "analyst", "st-1"],
  ["leader", "leader", "area-1"],
  ["team-leader", "leader", "team-1"],
  ["handler", "handler", "dept-hr"],
] as const;

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", start);
  app = appFor(fixture, () => start).app;
  for (const [username, role, scopeUnitId] of users) {
    await createUser(fixture.db, { username, role, scopeUnitId, password }, { actor: "test", now: start });
    const res = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    expect(res.status).toBe(200);
    cookies.set(username, (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "");
  }
});
afterAll(() => fixture.db.close());

const units = async (username: string) => {
  const res = await app.request("/api/units", { headers: { cookie: cookies.get(username) ?? "" } });
  return {
    status: res.status,
    body: (await res.json()) as { id: string; parentId: string | null; level: number }[],
  };
};

describe("GET /api/units", () => {
  it("answers the whole organisation in tree order for a user scoped to the root", async () => {
    const { status, body } = await units("admin");
    expect(status).toBe(200);
    expect(body).toEqual([
      {
        id: "plant",
        parentId: null,
        name: { default: "No. 3 Plant", "zh-cn": "第三采油厂" },
        kind: "plant",
        level: 0,
        headcount: 20,
      },
      {
        id: "area-1",
        parentId: "plant",
        name: { default: "Area 1", "zh-cn": "第一作业区" },
        kind: "area",
        level: 1,
        headcount: 10,
      },
      {
        id: "st-1",
        parentId: "area-1",
        name: { default: "Station 1", "zh-cn": "中心站1" },
        kind: "station",
        level: 2,
        headcount: 5,
      },
      {
        id: "team-1",
        parentId: "st-1",
        name: { default: "Production team", "zh-cn": "采油班" },
        kind: "team",
        level: 3,
        headcount: 30,
      },
      {
        id: "dept-hr",
        parentId: "plant",
        name: { default: "HR", "zh-cn": "人力资源科" },
        kind: "department",
        level: 1,
        headcount: 12,
      },
    ]);
  });

  it.each([
    [
      "admin",
      [
        ["plant", null],
        ["area-1", "plant"],
        ["st-1", "area-1"],
        ["team-1", "st-1"],
        ["dept-hr", "plant"],
      ],
    ],
    [
      "leader",
      [
        ["area-1", null],
        ["st-1", "area-1"],
        ["team-1", "st-1"],
      ],
    ],
    [
      "analyst",
      [
        ["st-1", null],
        ["team-1", "st-1"],
      ],
    ],
    ["team-leader", [["team-1", null]]],
    ["handler", [["dept-hr", null]]],
  ])(
    "scopes the list for %s: exact ids in order, the scope unit's parent null",
    async (username, expected) => {
      const { status, body } = await units(username);
      expect(status).toBe(200);
      expect(body.map((u) => [u.id, u.parentId])).toEqual(expected);
    },
  );

  it("keeps levels absolute for a scoped user", async () => {
    const { body } = await units("leader");
    expect(body.map((u) => u.level)).toEqual([1, 2, 3]);
  });

  it("answers 401 without a session", async () => {
    const { status, body } = await units("nobody");
    expect(status).toBe(401);
    expect(body).toEqual({
      error: {
        code: "not_authenticated",
        message: "You are not logged in, or your session has ended. Log in again.",
      },
    });
  });
});
