// What the writer's pages read besides their cases: the board's filters (units and topics, public, signed in or
// not), and the receipt answers kept out of every cache — found, unknown or malformed, read or rated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validAnswers } from "../helpers/dataPool";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";

let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", new Date());
  app = appFor(fixture).app;
});

afterAll(() => fixture.db.close());

describe("GET /api/board/meta", () => {
  it("lists the live units as the fill page does, the topic catalogue and the categories", async () => {
    const res = await app.request("/api/board/meta");
    expect(res.status).toBe(200);
    const meta = await res.json();
    const form = await (await app.request(`/api/waves/${fixture.openWaveId}/form`)).json();
    expect(meta.units).toEqual(form.units);
    expect(meta.units.map((u: { id: string }) => u.id)).toEqual([
      "plant",
      "area-1",
      "st-1",
      "team-1",
      "dept-hr",
    ]);
    expect(meta.topics).toContainEqual({ id: "canteen", name: { default: "Canteen", "zh-cn": "食堂" } });
    expect(meta.categories).toEqual(["demand", "suggestion", "question", "complaint"]);
  });

  it("leaves a retired unit out", async () => {
    await fixture.db.write.run("UPDATE units SET retired_at = now() WHERE id = 'dept-hr'");
    try {
      const meta = await (await app.request("/api/board/meta")).json();
      expect(meta.units.map((u: { id: string }) => u.id)).not.toContain("dept-hr");
    } finally {
      await fixture.db.write.run("UPDATE units SET retired_at = NULL WHERE id = 'dept-hr'");
    }
  });
});

describe("receipt answers are never cached", () => {
  let receipt = "";
  let caseId = "";

  beforeAll(async () => {
    const data = { ...validAnswers(fixture.definition, 1), demands: "希望班车增加一班。" };
    delete (data as Record<string, unknown>).suggestions;
    const res = await app.request("/api/responses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "00000000-0000-4000-8000-000000000001",
        waveId: fixture.openWaveId,
        unitId: "team-1",
        groupId: "staff",
        channel: "online",
        data,
      }),
    });
    expect(res.status).toBe(201);
    receipt = (await res.json()).receipt;
    const mine = await (await app.request(`/api/receipts/${receipt}`)).json();
    caseId = mine.cases[0].id;
  });

  it.each([
    ["its own cases", () => `/api/receipts/${receipt}`, 200, null],
    ["a code nobody holds", () => "/api/receipts/ABCDE-23456", 404, "receipt_not_found"],
    ["a code of the wrong shape", () => "/api/receipts/hello", 400, "receipt_invalid"],
  ])("GET %s: no-store", async (_name, path, status, code) => {
    const res = await app.request(path());
    expect(res.status).toBe(status);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    if (code) expect(body.error.code).toBe(code);
    else expect(body.cases.map((c: { text: string }) => c.text)).toEqual(["希望班车增加一班。"]);
  });

  it("a refused rating is not cached either", async () => {
    const res = await app.request(`/api/receipts/${receipt}/cases/${caseId}/rating`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rating: "satisfied" }),
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("not_answered_yet");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("the public board, published answers only, is not held to no-store", async () => {
    const res = await app.request("/api/board");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBeNull();
  });
});
