// Fuzzes POST /api/responses through app.request on a temp-file DuckDB: valid envelopes with at least one defect
// that makes them invalid (wrong types, SQL, prototype keys, over-long text, answers outside a question's range…).
// Raw bytes over a real socket (broken JSON, invalid UTF-8, huge bodies) are tests/fuzz/responses-socket.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";
import {
  anyJson,
  type DatabaseDigest,
  databaseDigest,
  expectErrorShape,
  expectUnchanged,
  fuzzParams,
  fuzzTimeout,
  nastyString,
  prototypeKeys,
  reportTried,
  withKey,
} from "../helpers/fuzz";
import {
  alwaysShown,
  badCommentValue,
  badRatingValue,
  envelopeFields,
  noAnswer,
  storedEnvelope,
  validEnvelope,
} from "./responseCases";

const now = new Date();
let dir: string;
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let before: DatabaseDigest;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "minyi-fuzz-responses-"));
  fixture = await prepareDatabase(join(dir, "fuzz.duckdb"), now);
  app = appFor(fixture).app;
  // A few stored responses, so a resend with another body (409 id_conflict) has something to collide with.
  for (let i = 0; i < 3; i++) {
    const res = await send(JSON.stringify(storedEnvelope(fixture, i)));
    expect(res.status).toBe(201);
  }
  before = await databaseDigest(fixture.db);
});

afterAll(() => {
  fixture.db.close();
  rmSync(dir, { recursive: true, force: true });
});

function send(body: string) {
  return app.request("/api/responses", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

type Envelope = Record<string, unknown> & { data: Record<string, unknown> };
type Mutation = (e: Envelope) => void;

/** Sets `key` to `value` whether or not it is "__proto__". */
const put = (target: Record<string, unknown>, key: string, value: unknown) => withKey(target, key, value);

const notJsonObject = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.array(anyJson, { maxLength: 4 }),
);

/** Each of these makes an envelope invalid on its own: the server must refuse it whatever else is in it. */
const envelopeDefect: fc.Arbitrary<[string, Mutation]> = fc.oneof(
  // A string field holding anything but an acceptable string.
  fc
    .tuple(fc.constantFrom("id", "waveId", "unitId", "groupId", "channel"), fc.oneof(anyJson, nastyString))
    .filter(([, value]) => typeof value !== "string" || !["online", "onsite", "paper"].includes(value))
    .map(([field, value]): [string, Mutation] => [`${field}=${preview(value)}`, (e) => put(e, field, value)]),
  fc
    .tuple(fc.constantFrom("startedAt", "submittedAt"), fc.oneof(anyJson, nastyString, badDateTime()))
    .map(([field, value]): [string, Mutation] => [`${field}=${preview(value)}`, (e) => put(e, field, value)]),
  fc
    .oneof(
      anyJson.filter((v) => typeof v !== "string" && v !== undefined),
      fc.constant(""),
      fc.integer({ min: 65, max: 5000 }).map((n) => "T".repeat(n)),
    )
    .map((value): [string, Mutation] => [`token=${preview(value)}`, (e) => put(e, "token", value)]),
  notJsonObject.map((value): [string, Mutation] => [`data=${preview(value)}`, (e) => put(e, "data", value)]),
  fc
    .constantFrom(...envelopeFields.required)
    .map((field): [string, Mutation] => [`without ${field}`, (e) => delete e[field]]),
  fc
    .tuple(fc.oneof(fc.constantFrom(...prototypeKeys), nastyString), anyJson)
    .filter(([key]) => !envelopeFields.all.includes(key))
    .map(([key, value]): [string, Mutation] => [`extra field ${preview(key)}`, (e) => put(e, key, value)]),
  fc.constant<[string, Mutation]>(["closed wave", (e) => put(e, "waveId", fixture.closedWaveId)]),
);

/** Each of these makes the answers invalid on its own (questions shown whatever the other answers are). */
const dataDefect: fc.Arbitrary<[string, Mutation]> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...alwaysShown.ratings), badRatingValue(1, 5))
    .map(([q, v]): [string, Mutation] => [`${q}=${preview(v)}`, (e) => put(e.data, q, v)]),
  badRatingValue(0, 10).map((v): [string, Mutation] => [`enps=${preview(v)}`, (e) => put(e.data, "enps", v)]),
  fc
    .constantFrom(...alwaysShown.required)
    .map((q): [string, Mutation] => [`without ${q}`, (e) => delete e.data[q]]),
  fc
    .oneof(nastyString, anyJson)
    .filter((v) => !(typeof v === "string" && alwaysShown.routeChoices.includes(v)) && v !== null)
    .map((v): [string, Mutation] => [`commute_route=${preview(v)}`, (e) => put(e.data, "commute_route", v)]),
  fc
    .tuple(
      fc.constantFrom(...alwaysShown.matrices),
      fc.oneof(
        fc.tuple(fc.constantFrom(...alwaysShown.matrixRows), badRatingValue(1, 5)),
        fc.tuple(
          nastyString.filter((k) => !alwaysShown.matrixRows.includes(k)),
          fc.constant<unknown>(3),
        ),
      ),
    )
    .map(([m, [row, v]]): [string, Mutation] => [
      `${m}.${preview(row)}=${preview(v)}`,
      (e) => put(e.data, m, put({ ...(e.data[m] as object) }, row, v)),
    ]),
  fc
    .tuple(
      fc.constantFrom(...alwaysShown.matrices),
      notJsonObject.filter((v) => !noAnswer(v)),
    )
    .map(([m, v]): [string, Mutation] => [`${m}=${preview(v)}`, (e) => put(e.data, m, v)]),
  fc
    .tuple(fc.constantFrom("demands", "suggestions"), badCommentValue)
    .map(([q, v]): [string, Mutation] => [`${q}=${preview(v)}`, (e) => put(e.data, q, v)]),
  fc
    .tuple(fc.oneof(fc.constantFrom(...prototypeKeys), nastyString), anyJson)
    .filter(([key]) => !alwaysShown.knownKeys.has(key.toWellFormed()))
    .map(([key, v]): [string, Mutation] => [`data key ${preview(key)}`, (e) => put(e.data, key, v)]),
  fc
    .tuple(fc.integer({ min: 33, max: 1000 }), fc.boolean())
    .map(([depth, arrays]): [string, Mutation] => [
      `data nested ${depth} deep`,
      (e) => put(e.data, "demands", nest(depth, arrays)),
    ]),
);

/** Changes that never make a valid envelope invalid: text a person could type, key order. */
const harmless: fc.Arbitrary<[string, Mutation]> = fc.oneof(
  fc
    .constantFrom("'; DROP TABLE responses; --", "1 OR 1=1", "a\u0000b", "\ud83d", "𠮷🙂", '=HYPERLINK("x")')
    .map((text): [string, Mutation] => [
      `demands text ${preview(text)}`,
      (e) => put(e.data, "demands", text),
    ]),
  fc.constant<[string, Mutation]>(["reversed keys", (e) => reverseKeys(e)]),
);

function badDateTime() {
  return fc.constantFrom(
    "2026-02-30T00:00:00Z",
    "1999-12-31T23:59:59Z",
    "3000-01-01T00:00:00Z",
    "+275760-09-13T00:00:00.000Z",
    "2026-10-01",
    "2026-10-01T25:00:00Z",
    "now",
  );
}

function nest(depth: number, arrays: boolean): unknown {
  let value: unknown = "x";
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
}

function reverseKeys(e: Envelope): void {
  const entries = Object.entries(e).reverse();
  for (const [key] of entries) delete e[key];
  for (const [key, value] of entries) put(e, key, value);
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}…(${text.length})` : text;
}

// Answers first: an envelope defect may replace `data` itself.
const defects = fc
  .tuple(fc.array(dataDefect, { maxLength: 2 }), fc.array(envelopeDefect, { maxLength: 2 }))
  .filter(([inData, inEnvelope]) => inData.length + inEnvelope.length > 0)
  .map(([inData, inEnvelope]) => [...inData, ...inEnvelope]);
const noise = fc.array(harmless, { maxLength: 2 });

describe("POST /api/responses refuses every invalid envelope in the error shape", () => {
  it(
    "wrong types, SQL, prototype keys, over-long text, answers outside their questions",
    async () => {
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat(1000), defects, noise, fc.boolean(), async (seed, broken, kept, resend) => {
          tried++;
          // A resend of a stored id whose body differs is refused too (409 id_conflict), never overwritten.
          const envelope = (
            resend ? storedEnvelope(fixture, seed % 3) : validEnvelope(fixture, seed)
          ) as Envelope;
          envelope.data = { ...envelope.data };
          for (const [, mutate] of [...kept, ...broken]) mutate(envelope);
          const res = await send(JSON.stringify(envelope));
          const what = [...kept, ...broken].map(([name]) => name).join(" + ");
          expectErrorShape(res.status, await res.text(), what);
          expect((await app.request("/api/health")).status).toBe(200);
        }),
        fuzzParams(700),
      );
      reportTried("POST /api/responses envelopes", tried);
      await expectUnchanged(fixture.db, before);
    },
    fuzzTimeout(60_000),
  );
});
