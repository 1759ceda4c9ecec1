// POST /api/responses through app.request against a real DuckDB: every status code of the fixed contract.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { accessRules } from "../../server/auth/accessRules";
import { queryRows } from "../../server/storage/database";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";

let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];

beforeEach(async () => {
  fixture = await prepareDatabase(":memory:", new Date());
  app = appFor(fixture).app;
});
afterEach(() => fixture.db.close());

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function envelope(overrides: Record<string, unknown> = {}) {
  return {
    id: uuid(1),
    waveId: fixture.openWaveId,
    unitId: "team-1",
    groupId: "staff",
    channel: "online",
    data: validAnswers(fixture.definition, 1),
    ...overrides,
  };
}

function post(body: unknown, raw?: string) {
  return app.request("/api/responses", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
}

async function count(sql: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(fixture.db.read, sql);
  return row?.n ?? -1;
}

describe("POST /api/responses", () => {
  it("stores a valid response durably and answers 201 with a receipt", async () => {
    const res = await post(envelope());
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; receipt: string };
    expect(body.id).toBe(uuid(1));
    expect(body.receipt).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    const rows = await queryRows<{ unit_id: string; group_id: string; channel: string; receipt: string }>(
      fixture.db.read,
      "SELECT unit_id, group_id, channel, receipt FROM responses WHERE id = $1::UUID",
      [uuid(1)],
    );
    expect(rows).toEqual([
      { unit_id: "team-1", group_id: "staff", channel: "online", receipt: body.receipt },
    ]);
    expect(await count("SELECT count(*) AS n FROM answers WHERE kind = 'scale'")).toBeGreaterThanOrEqual(40);
  });

  it("answers an identical resend (keys in another order) with 200 and the same receipt", async () => {
    const first = (await (await post(envelope())).json()) as { receipt: string };
    const e = envelope();
    const reordered = Object.fromEntries(Object.entries(e).reverse());
    const res = await post(reordered);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: uuid(1), receipt: first.receipt });
    expect(await count("SELECT count(*) AS n FROM responses")).toBe(1);
  });

  it("answers 200 to a resend of a stored response even after the wave closed", async () => {
    let now = new Date();
    const clocked = appFor(fixture, () => now).app;
    const send = () =>
      clocked.request("/api/responses", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(envelope()),
      });
    expect((await send()).status).toBe(201);
    now = new Date(Date.now() + 60 * 86_400_000);
    expect((await send()).status).toBe(200);
  });

  it("refuses the same id with a different body: 409 id_conflict, nothing changed", async () => {
    await post(envelope());
    const res = await post(envelope({ groupId: "team_leader" }));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: "id_conflict",
        message: `A different response with id ${uuid(1)} is already stored. Start a new form to answer again.`,
        path: "id",
      },
    });
    expect(await count("SELECT count(*) AS n FROM responses WHERE group_id = 'staff'")).toBe(1);
  });

  it("refuses a closed wave with 409 wave_closed even when the answers are incomplete", async () => {
    const res = await post(envelope({ waveId: fixture.closedWaveId, data: {} }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("wave_closed");
  });

  it("answers 415 to a body that is not sent as JSON", async () => {
    const res = await app.request("/api/responses", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify(envelope()),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      error: {
        code: "unsupported_media_type",
        message: "Send the body as JSON with Content-Type: application/json.",
      },
    });
  });

  it("refuses a closed wave with 409 wave_closed", async () => {
    const res = await post(envelope({ waveId: fixture.closedWaveId }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("wave_closed");
    expect(await count("SELECT count(*) AS n FROM responses")).toBe(0);
  });

  const badRequests: [string, () => Response | Promise<Response>, string, string | undefined][] = [
    ["broken JSON", () => post(null, '{"id": "x",'), "malformed_json", undefined],
    ["a JSON array", () => post([1, 2]), "invalid_request", undefined],
    ["a missing field", () => post({ ...envelope(), unitId: undefined }), "invalid_request", "unitId"],
    ["a bad UUID", () => post(envelope({ id: "not-a-uuid" })), "invalid_request", "id"],
    ["an unknown envelope field", () => post(envelope({ ip: "1.2.3.4" })), "invalid_request", undefined],
    ["an unknown channel", () => post(envelope({ channel: "fax" })), "invalid_request", "channel"],
    ["data that is not an object", () => post(envelope({ data: [1] })), "invalid_request", "data"],
    ["an unknown wave", () => post(envelope({ waveId: "nope" })), "unknown_wave", "waveId"],
    ["an unknown unit", () => post(envelope({ unitId: "nope" })), "unknown_unit", "unitId"],
    ["an unknown group", () => post(envelope({ groupId: "nope" })), "unknown_group", "groupId"],
    [
      "a channel the wave does not allow",
      () => post(envelope({ channel: "paper" })),
      "channel_not_allowed",
      "channel",
    ],
  ];
  it.each(badRequests)("answers 400 to %s, storing nothing", async (_name, send, code, path) => {
    const res = await send();
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; path?: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(10);
    if (path) expect(body.error.path).toBe(path);
    expect(await count("SELECT count(*) AS n FROM responses")).toBe(0);
  });

  it("answers 422 naming the question when an answer is out of range", async () => {
    const data = validAnswers(fixture.definition, 2);
    const scaleItem = Object.keys(data).find((k) => k.startsWith("safety"));
    expect(scaleItem).toBeDefined();
    const res = await post(envelope({ data: { ...data, [scaleItem as string]: 9 } }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; path: string } };
    expect(body.error.path).toBe(scaleItem);
    expect(await count("SELECT count(*) AS n FROM responses")).toBe(0);
  });

  it("answers 422 for an unknown answer key", async () => {
    const res = await post(
      envelope({ data: { ...validAnswers(fixture.definition, 3), staff_number: "A123" } }),
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { path: string } }).error.path).toBe("staff_number");
  });

  it("answers 413 to a body over 256 KiB", async () => {
    const res = await post(envelope({ data: { demand_text: "x".repeat(300 * 1024) } }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  // Found by the fuzz suite: broken bytes were decoded as U+FFFD and the response stored with text nobody sent.
  it.each([
    ["a lone 0xFF byte", [0xff]],
    ["an over-long NUL", [0xc0, 0x80]],
    ["a surrogate encoded as UTF-8", [0xed, 0xa0, 0x80]],
  ])("answers 400 malformed_json to a body with %s in an answer, storing nothing", async (_name, bad) => {
    const [head, tail] = JSON.stringify(
      envelope({ data: { ...validAnswers(fixture.definition, 1), demands: "@@" } }),
    ).split("@@") as [string, string];
    const body = Buffer.concat([Buffer.from(head), Buffer.from(bad), Buffer.from(tail)]);
    const res = await app.request("/api/responses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: "malformed_json",
        message: "The request body is not valid UTF-8. Send the JSON encoded as UTF-8.",
      },
    });
    expect(await count("SELECT count(*) AS n FROM responses")).toBe(0);
  });

  it("still takes UTF-8 with a byte order mark and Chinese text", async () => {
    const text = JSON.stringify(
      envelope({ data: { ...validAnswers(fixture.definition, 1), demands: "希望宿舍安装热水器。" } }),
    );
    const res = await app.request("/api/responses", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    });
    expect(res.status).toBe(201);
    const [row] = await queryRows<{ text: string }>(
      fixture.db.read,
      "SELECT data ->> 'demands' AS text FROM responses WHERE id = $1::UUID",
      [uuid(1)],
    );
    expect(row?.text).toBe("希望宿舍安装热水器。");
  });

  it("stores concurrent submissions exactly once each, in few commits", async () => {
    const sends = Array.from({ length: 60 }, (_, i) =>
      post(envelope({ id: uuid(100 + i), data: validAnswers(fixture.definition, i) })),
    );
    const statuses = (await Promise.all(sends)).map((r) => r.status);
    expect(statuses).toEqual(Array(60).fill(201));
    expect(await count("SELECT count(DISTINCT id) AS n FROM responses")).toBe(60);
  });
});

describe("hostile and broken input never costs anyone else their response", () => {
  it("stores the good responses of a batch and refuses only a bad one", async () => {
    const good = Array.from({ length: 5 }, (_, i) =>
      post(envelope({ id: uuid(200 + i), data: validAnswers(fixture.definition, i) })),
    );
    const bad = post(envelope({ id: uuid(299), startedAt: "9999-12-31T23:59:59-01:00" }));
    const statuses = (await Promise.all([...good, bad])).map((r) => r.status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 400]);
    expect(await count("SELECT count(*) AS n FROM responses")).toBe(5);
  });

  it("keeps a text with half an emoji, replacing the broken character", async () => {
    const data = { ...validAnswers(fixture.definition, 4), suggestions: "食堂很好\ud83d" };
    const res = await post(envelope({ data }));
    expect(res.status).toBe(201);
    const [row] = await queryRows<{ t: string }>(
      fixture.db.read,
      "SELECT value_text AS t FROM answers WHERE item_id = 'suggestions'",
    );
    expect(row?.t).toBe("食堂很好\ufffd");
  });

  it("answers 400, not a crash, to data nested 50,000 deep", async () => {
    const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    const raw = JSON.stringify(envelope({ data: { x: 0 } })).replace('{"x":0}', `{"x":${deep}}`);
    const res = await post(null, raw);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "invalid_request", message: "The answers nest deeper than 32 levels.", path: "data" },
    });
  });

  it("answers 422, not a crash, to an object where a condition reads a number", async () => {
    const data = { ...validAnswers(fixture.definition, 5), production_workload: { toString: 1 } };
    const res = await post(envelope({ data }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { path: string } }).error.path.split("/")[0]).toMatch(
      /production_workload|data/,
    );
  });

  it("refuses a __proto__ key in the answers like any unknown key", async () => {
    const raw = JSON.stringify(envelope()).replace('"data":{', '"data":{"__proto__":{"junk":1},');
    const res = await post(null, raw);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string; path: string } }).error).toMatchObject({
      code: "unknown_key",
      path: "__proto__",
    });
  });

  it("treats the same id in capitals as the same response", async () => {
    expect((await post(envelope({ id: uuid(7).toUpperCase().replace("-4000-", "-4000-") }))).status).toBe(
      201,
    );
    const res = await post(envelope({ id: uuid(7) }));
    expect(res.status).toBe(200);
  });

  it("stores times only to the hour", async () => {
    await post(envelope({ channel: "onsite", submittedAt: new Date(Date.now() - 60_000).toISOString() }));
    const [row] = await queryRows<{ odd: number }>(
      fixture.db.read,
      `SELECT count(*) FILTER (WHERE minute(received_at) + second(received_at) + minute(collected_at)
         + second(collected_at) + minute(submitted_at) + second(submitted_at) > 0) AS odd FROM responses`,
    );
    expect(row?.odd).toBe(0);
  });
});

describe("reading endpoints", () => {
  it("GET /api/health", async () => {
    const res = await app.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("GET /api/waves lists waves with status", async () => {
    const waves = (await (await app.request("/api/waves")).json()) as { id: string; status: string }[];
    expect(waves.map((w) => [w.id, w.status])).toEqual([
      ["wave-open", "open"],
      ["wave-closed", "closed"],
    ]);
  });

  it("GET /api/waves/:id/form gives wave, survey, units and groups", async () => {
    const res = await app.request(`/api/waves/${fixture.openWaveId}/form`);
    expect(res.status).toBe(200);
    const form = (await res.json()) as {
      wave: { id: string };
      survey: unknown;
      units: { id: string; parentId: string | null; level: number }[];
      groups: { id: string }[];
    };
    expect(form.wave.id).toBe("wave-open");
    expect(form.survey).toEqual(fixture.definition);
    expect(form.units.map((u) => [u.id, u.parentId, u.level])).toEqual([
      ["plant", null, 0],
      ["area-1", "plant", 1],
      ["st-1", "area-1", 2],
      ["team-1", "st-1", 3],
      ["dept-hr", "plant", 1],
    ]);
    expect(form.groups).toHaveLength(8);
  });

  it.each([
    ["nope", 404, "wave_not_found"],
    ["wave-closed", 409, "wave_closed"],
  ])("GET /api/waves/%s/form → %i %s", async (id, status, code) => {
    const res = await app.request(`/api/waves/${id}/form`);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const res = await app.request("/api/nothing-here");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("GET /api/openapi.json describes every endpoint", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, Record<string, object>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    const described = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    const endpoints = Object.keys(accessRules).filter((e) => e !== "GET /api/openapi.json");
    expect(described.sort()).toEqual(endpoints.sort());
  });
});
