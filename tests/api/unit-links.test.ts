// Unit links through app.request against a real DuckDB: codes made once per wave and unit and stable afterwards,
// scope (admin and grid worker), the public resolve, the /l/<code> redirect, the printed base address, merges.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app";
import { queryRows } from "../../server/storage/database";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";

const now = new Date("2026-11-02T08:00:00.000Z");
const codeShape = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;

let fixture: Fixture;
let app: ReturnType<typeof createApp>;
let cookies: Record<string, string>;

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  app = appFor(fixture, () => now).app;
  cookies = await signedIn(fixture, app, now, [
    ["admin", "admin", "plant"],
    ["collector", "collector", "st-1"],
    ["analyst", "analyst", "plant"],
  ]);
});
afterAll(() => fixture.db.close());

interface Link {
  unitId: string;
  name: { default: string; "zh-cn": string };
  pathName: { default: string; "zh-cn": string };
  level: number;
  code: string;
  url: string;
}

async function get(path: string, user?: string, on = app) {
  const res = await on.request(`http://localhost${path}`, {
    headers: { cookie: (user && cookies[user]) || "" },
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text.startsWith("{") || text.startsWith("[") ? JSON.parse(text) : text,
  };
}

const linkCount = async () =>
  (await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM unit_links"))[0]?.n;

describe("GET /api/waves/:id/links", () => {
  it("gives every live unit of the admin's scope a random code and short URL, made once", async () => {
    const first = await get("/api/waves/wave-open/links", "admin");
    expect(first.status).toBe(200);
    const links = first.body as Link[];
    expect(links.map((l) => [l.unitId, l.level, l.pathName["zh-cn"], l.pathName.default])).toEqual([
      ["plant", 0, "第三采油厂", "No. 3 Plant"],
      ["area-1", 1, "第三采油厂 / 第一作业区", "No. 3 Plant / Area 1"],
      ["st-1", 2, "第三采油厂 / 第一作业区 / 中心站1", "No. 3 Plant / Area 1 / Station 1"],
      [
        "team-1",
        3,
        "第三采油厂 / 第一作业区 / 中心站1 / 采油班",
        "No. 3 Plant / Area 1 / Station 1 / Production team",
      ],
      ["dept-hr", 1, "第三采油厂 / 人力资源科", "No. 3 Plant / HR"],
    ]);
    expect(links[3]?.name).toEqual({ default: "Production team", "zh-cn": "采油班" });
    for (const l of links) {
      expect(l.code).toMatch(codeShape);
      expect(l.url).toBe(`http://localhost/l/${l.code}`);
    }
    expect(new Set(links.map((l) => l.code)).size).toBe(5);
    expect(await linkCount()).toBe(5);

    const again = await get("/api/waves/wave-open/links", "admin");
    expect(again.body).toEqual(links);
    const narrowed = await get("/api/waves/wave-open/links?unitId=st-1", "admin");
    expect(narrowed.body).toEqual(links.filter((l) => ["st-1", "team-1"].includes(l.unitId)));
    expect(await linkCount()).toBe(5);
  });

  it("makes other codes for another wave", async () => {
    const open = (await get("/api/waves/wave-open/links?unitId=dept-hr", "admin")).body as Link[];
    const closed = (await get("/api/waves/wave-closed/links?unitId=dept-hr", "admin")).body as Link[];
    expect(closed).toHaveLength(1);
    expect(closed[0]?.code).toMatch(codeShape);
    expect(closed[0]?.code).not.toBe(open[0]?.code);
  });

  it("gives a grid worker its station's subtree, named from the station down, with the admin's codes", async () => {
    const admin = (await get("/api/waves/wave-open/links", "admin")).body as Link[];
    const { status, body } = await get("/api/waves/wave-open/links", "collector");
    expect(status).toBe(200);
    expect(body).toEqual(
      ["st-1", "team-1"].map((id) => {
        const l = admin.find((x) => x.unitId === id) as Link;
        const pathName =
          id === "st-1"
            ? { default: "Station 1", "zh-cn": "中心站1" }
            : { default: "Station 1 / Production team", "zh-cn": "中心站1 / 采油班" };
        return { ...l, pathName };
      }),
    );
  });

  const unitNotFound = (id: string) => ({
    error: { code: "unit_not_found", message: `There is no unit "${id}".`, path: "unitId" },
  });

  it.each([
    ["the area above the station", "area-1"],
    ["a unit beside it", "dept-hr"],
    ["a unit that does not exist", "nowhere"],
  ])("answers a grid worker asking for %s exactly as for no unit", async (_case, unitId) => {
    const before = await linkCount();
    const { status, body } = await get(`/api/waves/wave-open/links?unitId=${unitId}`, "collector");
    expect(status).toBe(404);
    expect(body).toEqual(unitNotFound(unitId));
    expect(await linkCount()).toBe(before);
  });

  it("answers 404 wave_not_found for an unknown wave and makes nothing", async () => {
    const before = await linkCount();
    const { status, body } = await get("/api/waves/no-such-wave/links", "admin");
    expect(status).toBe(404);
    expect(body).toEqual({
      error: { code: "wave_not_found", message: 'There is no survey round "no-such-wave".' },
    });
    expect(await linkCount()).toBe(before);
  });

  it.each([
    ["an analyst", "analyst", 403],
    ["no session", undefined, 401],
  ])("refuses %s", async (_case, user, status) => {
    expect((await get("/api/waves/wave-open/links", user)).status).toBe(status);
  });

  it("prints MINYI_PUBLIC_URL instead of the request's origin when it is set", async () => {
    const withBase = createApp({
      ...appFor(fixture, () => now).deps,
      publicUrl: "https://minyi.plant.example/",
    });
    const links = (await get("/api/waves/wave-open/links?unitId=team-1", "admin", withBase)).body as Link[];
    expect(links[0]?.url).toBe(`https://minyi.plant.example/l/${links[0]?.code}`);
  });
});

describe("resolving a code", () => {
  async function codeOf(unitId: string) {
    const links = (await get(`/api/waves/wave-open/links?unitId=${unitId}`, "admin")).body as Link[];
    return links[0]?.code as string;
  }

  it("GET /api/links/:code answers its wave and unit to anyone, typed in lower case too", async () => {
    const code = await codeOf("team-1");
    for (const typed of [code, code.toLowerCase()]) {
      const { status, body } = await get(`/api/links/${typed}`);
      expect(status).toBe(200);
      expect(body).toEqual({ waveId: "wave-open", unitId: "team-1" });
    }
  });

  it("GET /api/links/:code answers 404 link_not_found for an unknown code", async () => {
    const { status, body } = await get("/api/links/ZZZZZZZZ");
    expect(status).toBe(404);
    expect(body).toEqual({
      error: {
        code: "link_not_found",
        message:
          'There is no survey link "ZZZZZZZZ". Check the address on the sheet, or ask whoever gave it to you.',
      },
    });
  });

  it("GET /l/:code redirects to the fill page with the unit fixed, keeping a slip's token", async () => {
    const code = await codeOf("team-1");
    const plain = await get(`/l/${code}`);
    expect(plain.status).toBe(302);
    expect(plain.headers.get("location")).toBe("/s/wave-open?unit=team-1");
    const slip = await get(`/l/${code}?t=ABCDEF234567`);
    expect(slip.headers.get("location")).toBe("/s/wave-open?unit=team-1&t=ABCDEF234567");
  });

  it("GET /l/:code leaves an unknown code to the web app (no redirect)", async () => {
    const res = await get("/l/ZZZZZZZZ");
    expect(res.status).toBe(404);
    expect(res.headers.get("location")).toBeNull();
  });
});

describe("after a merge", () => {
  it("a printed code of the merged unit opens the unit that carries it on", async () => {
    const local = await prepareDatabase(":memory:", now);
    const localApp = appFor(local, () => now).app;
    const own = await signedIn(local, localApp, now, [["root", "admin", "plant"]]);
    const res = await localApp.request("/api/waves/wave-open/links?unitId=team-1", {
      headers: { cookie: own.root ?? "" },
    });
    const [link] = (await res.json()) as Link[];
    const merged = await localApp.request("/api/units/team-1/merge", {
      method: "POST",
      headers: { cookie: own.root ?? "", "content-type": "application/json" },
      body: JSON.stringify({ intoUnitId: "st-1" }),
    });
    expect(merged.status).toBe(204);
    const resolved = await localApp.request(`/api/links/${link?.code}`);
    expect(await resolved.json()).toEqual({ waveId: "wave-open", unitId: "st-1" });
    local.db.close();
  });
});
