// GET /api/waves/:id/paper/form.pdf refusals through the real app: an unknown round, an unknown language, and
// no printer address. The printed PDF itself is checked against a running server in tests/e2e/paper-ui.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";

let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let cookies: Record<string, string>;

beforeAll(async () => {
  const now = new Date();
  fixture = await prepareDatabase(":memory:", now);
  app = appFor(fixture).app;
  cookies = await signedIn(fixture, app, now, [["grid", "collector", "st-1"]]);
});
afterAll(() => fixture.db.close());

const get = async (path: string) => {
  const res = await app.request(path, { headers: { cookie: cookies.grid ?? "" } });
  return { status: res.status, body: await res.json() };
};

describe("paper form PDF", () => {
  it.each([
    [
      "/api/waves/no-such-round/paper/form.pdf",
      404,
      { code: "wave_not_found", message: 'There is no survey round "no-such-round".', path: "id" },
    ],
    [
      "/api/waves/wave-closed/paper/form.pdf",
      503,
      {
        code: "pdf_unavailable",
        message:
          "This server cannot print paper forms: it does not know its own address. Print the form page from your browser instead.",
      },
    ],
  ])("%s → %i", async (path, status, error) => {
    expect(await get(path)).toEqual({ status, body: { error } });
  });

  it("refuses a language it cannot print, naming the parameter", async () => {
    const res = await get("/api/waves/wave-open/paper/form.pdf?lang=fr");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.path).toBe("lang");
  });
});
