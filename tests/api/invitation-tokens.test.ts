// Single-use invitation tokens through app.request against a real DuckDB: issuing (shown once, stored as hashes,
// the count audited), one response per token, resends, refusals that store nothing, units without tokens
// unaffected, and a schema in which nothing ties a token to a response.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { createApp } from "../../server/app";
import { canonicalJson } from "../../server/catalogue/canonicalJson";
import { queryRows } from "../../server/storage/database";
import { createWave } from "../../server/waves/waves";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";
import { paperRow } from "../helpers/paperRows";

const now = new Date("2026-11-02T08:00:00.000Z");
const tokenShape = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

let fixture: Fixture;
let app: ReturnType<typeof createApp>;
let cookies: Record<string, string>;
let tokens: { token: string; url: string }[];
let teamCode: string;

async function send(path: string, init: { method?: string; body?: unknown; user?: string } = {}) {
  const res = await app.request(`http://localhost${path}`, {
    method: init.method ?? "GET",
    headers: { cookie: (init.user && cookies[init.user]) || "", "content-type": "application/json" },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const body = res.status === 204 ? {} : await res.json();
  return { status: res.status, body: body as Record<string, unknown> & unknown[] };
}

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
function response(
  unitId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> & { id: string } {
  return {
    id: uuid(),
    waveId: "wave-open",
    unitId,
    groupId: "staff",
    channel: "online",
    data: validAnswers(fixture.definition, n),
    ...extra,
  };
}
const submit = (body: unknown) => send("/api/responses", { method: "POST", body });
const stored = async (unitId: string) =>
  (
    await queryRows<{ n: number }>(
      fixture.db.read,
      "SELECT count(*) AS n FROM responses WHERE unit_id = $1",
      [unitId],
    )
  )[0]?.n;
const counts = async (user = "collector") => (await send("/api/waves/wave-open/tokens", { user })).body;

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  // A round that also takes paper, keyed in by staff without tokens.
  await createWave(
    fixture.db,
    {
      id: "wave-paper",
      surveyId: "plant-satisfaction",
      title: "纸质",
      periodStart: "2026-11-01",
      periodEnd: "2026-11-30",
      opensAt: "2026-11-01T00:00:00.000Z",
      closesAt: "2026-12-01T00:00:00.000Z",
      channels: ["online", "paper"],
    },
    now,
  );
  app = appFor(fixture, () => now).app;
  cookies = await signedIn(fixture, app, now, [
    ["admin", "admin", "plant"],
    ["collector", "collector", "st-1"],
    ["leader", "leader", "plant"],
  ]);
  const issued = await send("/api/waves/wave-open/tokens", {
    method: "POST",
    user: "collector",
    body: { unitId: "team-1", count: 4 },
  });
  expect(issued.status).toBe(201);
  tokens = issued.body.tokens as typeof tokens;
  teamCode = issued.body.code as string;
});
afterAll(() => fixture.db.close());

describe("POST /api/waves/:id/tokens", () => {
  it("answers the plain tokens once, each with its slip's link, and keeps only their hashes", async () => {
    const links = (await send("/api/waves/wave-open/links?unitId=team-1", { user: "collector" })).body;
    expect(teamCode).toBe((links[0] as { code: string }).code);
    expect(tokens).toHaveLength(4);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(4);
    for (const t of tokens) {
      expect(t.token).toMatch(tokenShape);
      expect(t.url).toBe(`http://localhost/l/${teamCode}?t=${t.token}`);
    }
    const rows = await queryRows<{ token_hash: string; wave_id: string; unit_id: string; used: boolean }>(
      fixture.db.read,
      "SELECT * FROM invitation_tokens ORDER BY token_hash",
    );
    expect(rows).toEqual(
      tokens
        .map((t) => ({ token_hash: sha256(t.token), wave_id: "wave-open", unit_id: "team-1", used: false }))
        .sort((a, b) => a.token_hash.localeCompare(b.token_hash)),
    );
  });

  it("records the count in the audit log, never a token", async () => {
    const entries = await queryRows<{ actor: string; target: string; detail: string }>(
      fixture.db.read,
      "SELECT actor, target, detail::VARCHAR AS detail FROM audit_log WHERE action = 'tokens_issued'",
    );
    expect(entries).toEqual([
      { actor: "collector", target: "wave-open", detail: '{"unitId":"team-1","count":4}' },
    ]);
    const all = await queryRows<{ text: string }>(
      fixture.db.read,
      "SELECT string_agg(coalesce(detail::VARCHAR, '') || coalesce(target, ''), ' ') AS text FROM audit_log",
    );
    for (const t of tokens) expect(all[0]?.text).not.toContain(t.token);
  });

  const tokenRows = async () =>
    (await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM invitation_tokens"))[0]?.n;

  it.each([
    ["no tokens", { unitId: "team-1", count: 0 }, 400, "invalid_request"],
    ["more than 2000", { unitId: "team-1", count: 2001 }, 400, "invalid_request"],
    ["a fraction", { unitId: "team-1", count: 1.5 }, 400, "invalid_request"],
    ["a unit beside the station", { unitId: "dept-hr", count: 1 }, 404, "unit_not_found"],
    ["the area above it", { unitId: "area-1", count: 1 }, 404, "unit_not_found"],
    ["a unit that does not exist", { unitId: "nowhere", count: 1 }, 404, "unit_not_found"],
  ])("refuses %s for a grid worker and stores nothing", async (_case, body, status, code) => {
    const count = await tokenRows();
    const res = await send("/api/waves/wave-open/tokens", { method: "POST", user: "collector", body });
    expect(res.status).toBe(status);
    expect((res.body.error as { code: string }).code).toBe(code);
    expect(await tokenRows()).toBe(count);
  });

  it("says exactly why for an out-of-scope unit: as for a unit that does not exist", async () => {
    const res = await send("/api/waves/wave-open/tokens", {
      method: "POST",
      user: "collector",
      body: { unitId: "dept-hr", count: 1 },
    });
    expect(res.body).toEqual({
      error: { code: "unit_not_found", message: 'There is no unit "dept-hr".', path: "unitId" },
    });
  });

  it("refuses a closed round with 409 wave_closed and an unknown one with 404", async () => {
    const count = await tokenRows();
    const closed = await send("/api/waves/wave-closed/tokens", {
      method: "POST",
      user: "admin",
      body: { unitId: "team-1", count: 1 },
    });
    expect(closed).toEqual({
      status: 409,
      body: {
        error: {
          code: "wave_closed",
          message: 'The survey round "wave-closed" has closed; tokens for it could never be used.',
          path: "waveId",
        },
      },
    });
    const unknown = await send("/api/waves/nope/tokens", {
      method: "POST",
      user: "admin",
      body: { unitId: "team-1", count: 1 },
    });
    expect(unknown.status).toBe(404);
    expect(await tokenRows()).toBe(count);
  });

  it("is for admins and grid workers only", async () => {
    const res = await send("/api/waves/wave-open/tokens", {
      method: "POST",
      user: "leader",
      body: { unitId: "team-1", count: 1 },
    });
    expect(res.status).toBe(403);
  });
});

describe("POST /api/responses for a unit with tokens", () => {
  it("refuses a response without a token (400 token_required) and stores nothing", async () => {
    const res = await submit(response("team-1"));
    expect(res).toEqual({
      status: 400,
      body: {
        error: {
          code: "token_required",
          message:
            'Answers for unit "team-1" in this survey round are collected with personal slips: open the link or QR code on your slip.',
          path: "token",
        },
      },
    });
    expect(await stored("team-1")).toBe(0);
  });

  it("takes one response per token; a resend answers 200 with or without the token; a second use is 409", async () => {
    const [first] = tokens;
    const body = response("team-1", { token: first?.token });
    const created = await submit(body);
    expect(created.status).toBe(201);
    expect(await counts()).toEqual([{ unitId: "team-1", issued: 4, used: 1 }]);

    const resend = await submit(body);
    expect(resend).toEqual({ status: 200, body: created.body });
    const { token: _token, ...withoutToken } = body;
    expect(await submit(withoutToken)).toEqual({ status: 200, body: created.body });

    const again = await submit(response("team-1", { token: first?.token }));
    expect(again).toEqual({
      status: 409,
      body: {
        error: {
          code: "token_used",
          message:
            "This slip has already been used to answer; each slip is good for one response. Ask for a new slip if you have not answered yet.",
          path: "token",
        },
      },
    });
    expect(await stored("team-1")).toBe(1);
    expect(await counts()).toEqual([{ unitId: "team-1", issued: 4, used: 1 }]);
  });

  it("hashes the stored body without the token, so tokens cannot be tried against stored bodies", async () => {
    const token = tokens[1]?.token as string;
    const body = response("team-1", { token });
    expect((await submit(body)).status).toBe(201);
    const [row] = await queryRows<{ body_hash: string; data: string }>(
      fixture.db.read,
      "SELECT body_hash, data::VARCHAR AS data FROM responses WHERE id = $1::UUID",
      [body.id],
    );
    const { token: _t, ...envelope } = body;
    expect(row?.body_hash).toBe(sha256(canonicalJson(envelope)));
    expect(row?.body_hash).not.toBe(sha256(canonicalJson(body)));
    expect(row?.data).not.toContain(token);
  });

  it.each([
    ["a made-up token", "ABCDEFGHJKMN"],
    ["a token of another unit's slip sent for team-1", "issued-for-dept-hr"],
  ])("refuses %s with 400 unknown_token and stores nothing", async (_case, which) => {
    let token = which;
    if (which === "issued-for-dept-hr") {
      const other = await send("/api/waves/wave-open/tokens", {
        method: "POST",
        user: "admin",
        body: { unitId: "dept-hr", count: 1 },
      });
      token = (other.body.tokens as { token: string }[])[0]?.token as string;
    }
    const before = await stored("team-1");
    const res = await submit(response("team-1", { token }));
    expect(res).toEqual({
      status: 400,
      body: {
        error: {
          code: "unknown_token",
          message:
            "The code on this slip is not valid for this survey round and unit. Check that you opened the link on your own slip.",
          path: "token",
        },
      },
    });
    expect(await stored("team-1")).toBe(before);
  });

  it("accepts a token typed in lower case with spaces, and spends it", async () => {
    const token = tokens[2]?.token as string;
    const typed = `${token.slice(0, 4)} ${token.slice(4, 8)} ${token.slice(8)}`.toLowerCase();
    expect((await submit(response("team-1", { token: typed }))).status).toBe(201);
    expect((await submit(response("team-1", { token }))).status).toBe(409);
  });

  it("lets exactly one of two responses racing with the same token in", async () => {
    const token = tokens[3]?.token as string;
    const before = await stored("team-1");
    const results = await Promise.all([
      submit(response("team-1", { token })),
      submit(response("team-1", { token })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await stored("team-1")).toBe((before ?? 0) + 1);
    expect(await counts()).toEqual([{ unitId: "team-1", issued: 4, used: 4 }]);
  });

  it("leaves units without tokens as before; paper keyed in by staff needs none, paper claimed publicly does", async () => {
    expect((await submit(response("st-1"))).status).toBe(201);
    await send("/api/waves/wave-paper/tokens", {
      method: "POST",
      user: "admin",
      body: { unitId: "team-1", count: 2 },
    });
    // The public endpoint takes any channel name: claiming "paper" there must not get round the slips.
    const claimed = await submit(response("team-1", { waveId: "wave-paper", channel: "paper" }));
    expect(claimed.status).toBe(400);
    expect((claimed.body.error as { code: string }).code).toBe("token_required");
    const online = await submit(response("team-1", { waveId: "wave-paper" }));
    expect((online.body.error as { code: string }).code).toBe("token_required");
    // The paper import is staff's (signed in, audited) and never asks for slips.
    const keyed = await send("/api/waves/wave-paper/paper/import", {
      method: "POST",
      user: "admin",
      body: {
        rows: [
          paperRow(
            { form_no: "slip-free-1", unit_id: "team-1", group_id: "staff" },
            validAnswers(fixture.definition, 7),
          ),
        ],
      },
    });
    expect(keyed.status).toBe(201);
    expect(keyed.body.imported).toBe(1);
  });
});

describe("GET /api/waves/:id/form", () => {
  it("names the units that need a slip, so the fill page can say so before the questionnaire", async () => {
    expect((await send("/api/waves/wave-open/form")).body.slipUnitIds).toEqual(["dept-hr", "team-1"]);
    expect((await send("/api/waves/wave-paper/form")).body.slipUnitIds).toEqual(["team-1"]);
  });
});

describe("GET /api/waves/:id/tokens", () => {
  it("counts per unit in the caller's scope, units with tokens only", async () => {
    expect(await counts("admin")).toEqual([
      { unitId: "team-1", issued: 4, used: 4 },
      { unitId: "dept-hr", issued: 1, used: 0 },
    ]);
    expect(await counts("collector")).toEqual([{ unitId: "team-1", issued: 4, used: 4 }]);
    const outside = await send("/api/waves/wave-open/tokens?unitId=dept-hr", { user: "collector" });
    expect(outside.status).toBe(404);
  });
});

describe("POST /api/waves/:id/slips/check", () => {
  const check = (body: unknown, waveId = "wave-open") =>
    send(`/api/waves/${waveId}/slips/check`, { method: "POST", body });
  let fresh: string;
  beforeAll(async () => {
    const issued = await send("/api/waves/wave-open/tokens", {
      method: "POST",
      user: "admin",
      body: { unitId: "team-1", count: 1 },
    });
    fresh = (issued.body.tokens as unknown as { token: string }[])[0]?.token as string;
  });

  it("says unused for an issued slip, also typed in lower case with spaces, and changes nothing", async () => {
    expect(await check({ unitId: "team-1", token: fresh })).toEqual({
      status: 200,
      body: { state: "unused" },
    });
    const typed = `${fresh.slice(0, 4)} ${fresh.slice(4, 8)}-${fresh.slice(8)}`.toLowerCase();
    expect((await check({ unitId: "team-1", token: typed })).body).toEqual({ state: "unused" });
    const [row] = await queryRows<{ used: boolean }>(
      fixture.db.read,
      "SELECT used FROM invitation_tokens WHERE token_hash = $1",
      [sha256(fresh)],
    );
    expect(row?.used).toBe(false);
  });

  it("says used once a response was taken with it (no session needed)", async () => {
    expect((await submit(response("team-1", { token: fresh }))).status).toBe(201);
    expect(await check({ unitId: "team-1", token: fresh })).toEqual({ status: 200, body: { state: "used" } });
    expect((await check({ unitId: "team-1", token: tokens[0]?.token })).body).toEqual({ state: "used" });
  });

  it("says unknown for a made-up slip, another unit's, and another round's", async () => {
    expect((await check({ unitId: "team-1", token: "ABCDEFGHJKMN" })).body).toEqual({ state: "unknown" });
    const other = await send("/api/waves/wave-open/tokens", {
      method: "POST",
      user: "admin",
      body: { unitId: "dept-hr", count: 1 },
    });
    const hrToken = (other.body.tokens as unknown as { token: string }[])[0]?.token;
    expect((await check({ unitId: "dept-hr", token: hrToken })).body).toEqual({ state: "unused" });
    expect((await check({ unitId: "team-1", token: hrToken })).body).toEqual({ state: "unknown" });
    expect((await check({ unitId: "nowhere", token: hrToken })).body).toEqual({ state: "unknown" });
    // wave-paper's team-1 slips were issued above; they are not wave-open's, nor wave-open's theirs.
    const paperSlips = await send("/api/waves/wave-paper/tokens", {
      method: "POST",
      user: "admin",
      body: { unitId: "team-1", count: 1 },
    });
    const paperToken = (paperSlips.body.tokens as unknown as { token: string }[])[0]?.token;
    expect((await check({ unitId: "team-1", token: paperToken })).body).toEqual({ state: "unknown" });
    expect((await check({ unitId: "team-1", token: paperToken }, "wave-paper")).body).toEqual({
      state: "unused",
    });
  });

  it.each([
    ["no token", { unitId: "team-1" }],
    ["an empty token", { unitId: "team-1", token: "" }],
    ["no unit", { token: "ABCDEFGHJKMN" }],
    ["a token that is not text", { unitId: "team-1", token: 12 }],
    ["a field too many", { unitId: "team-1", token: "ABCDEFGHJKMN", used: false }],
    ["a token far too long", { unitId: "team-1", token: "A".repeat(41) }],
  ])("refuses %s with 400 invalid_request", async (_case, body) => {
    const res = await check(body);
    expect(res.status).toBe(400);
    expect((res.body.error as { code: string }).code).toBe("invalid_request");
  });

  it("answers 404 wave_not_found for a round that does not exist", async () => {
    const res = await check({ unitId: "team-1", token: "ABCDEFGHJKMN" }, "nope");
    expect(res.status).toBe(404);
    expect((res.body.error as { code: string }).code).toBe("wave_not_found");
  });
});

describe("anonymity", () => {
  it("has no column that could tie a token to a response", async () => {
    const columns = await queryRows<{ table_name: string; column_name: string }>(
      fixture.db.read,
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_name = 'invitation_tokens' OR column_name ILIKE '%token%' ORDER BY table_name, ordinal_position`,
    );
    // Sessions have their own (login) token; invitation tokens are a hash, a wave, a unit and a flag — no time
    // of use, no response id.
    expect(columns.filter((c) => c.table_name !== "sessions")).toEqual([
      { table_name: "invitation_tokens", column_name: "token_hash" },
      { table_name: "invitation_tokens", column_name: "wave_id" },
      { table_name: "invitation_tokens", column_name: "unit_id" },
      { table_name: "invitation_tokens", column_name: "used" },
    ]);
    const responseColumns = await queryRows<{ column_name: string }>(
      fixture.db.read,
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'responses' ORDER BY ordinal_position",
    );
    expect(responseColumns.map((c) => c.column_name)).toEqual([
      "id",
      "wave_id",
      "unit_id",
      "group_id",
      "channel",
      "started_at",
      "submitted_at",
      "received_at",
      "collected_at",
      "receipt",
      "body_hash",
      "data",
    ]);
  });
});

describe("a unit merged after its slips were printed", () => {
  it("takes those slips for the unit that carries it on, once each", async () => {
    const issued = await send("/api/waves/wave-open/tokens", {
      method: "POST",
      user: "admin",
      body: { unitId: "team-1", count: 1 },
    });
    const token = (issued.body.tokens as unknown as { token: string }[])[0]?.token;
    const merged = await send("/api/units/team-1/merge", {
      method: "POST",
      user: "admin",
      body: { intoUnitId: "st-1" },
    });
    expect(merged.status).toBe(204);
    // The slip's link now opens st-1's fill page, so that is the unit the answers name.
    const check = (unitId: string) =>
      send("/api/waves/wave-open/slips/check", { method: "POST", body: { unitId, token } });
    expect((await check("st-1")).body).toEqual({ state: "unused" });
    expect((await check("team-1")).body).toEqual({ state: "unknown" });
    expect((await submit(response("st-1", { token }))).status).toBe(201);
    expect((await check("st-1")).body).toEqual({ state: "used" });
    const again = await submit(response("st-1", { token }));
    expect(again.status).toBe(409);
    expect((again.body.error as { code: string }).code).toBe("token_used");
    // st-1's own people never had slips: they still answer without one.
    expect((await submit(response("st-1"))).status).toBe(201);
  });
});
