// Fuzzes POST /api/responses with raw bytes over a real socket (@hono/node-server, as server/main.ts serves it):
// broken and truncated JSON, invalid UTF-8, 10,000-deep nesting, huge number literals, duplicated keys, NUL bytes,
// bodies over 256 KiB with and without Content-Length. Every input is invalid by construction; none may be stored.
import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appFor, type Fixture, prepareDatabase } from "../helpers/fixture";
import {
  type DatabaseDigest,
  databaseDigest,
  expectErrorShape,
  expectUnchanged,
  fuzzParams,
  fuzzTimeout,
  reportTried,
} from "../helpers/fuzz";
import { storedEnvelope, validEnvelope } from "./responseCases";

const now = new Date();
let dir: string;
let fixture: Fixture;
let server: ServerType;
let port: number;
let before: DatabaseDigest;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "minyi-fuzz-socket-"));
  fixture = await prepareDatabase(join(dir, "fuzz.duckdb"), now);
  const { app } = appFor(fixture);
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const stored = await post(
    Buffer.from(JSON.stringify(storedEnvelope(fixture, 0))),
    "application/json",
    false,
  );
  expect(stored.status).toBe(201);
  before = await databaseDigest(fixture.db);
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fixture.db.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * One POST with exactly these bytes, written on a plain TCP socket so nothing between the test and the server
 * rewrites them; `chunked` frames them in three chunks without a Content-Length. Resolves with the response as
 * soon as its Content-Length bytes are in (the server keeps the connection alive).
 */
function post(
  body: Buffer,
  type: string | null,
  chunked: boolean,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const head = [
      "POST /api/responses HTTP/1.1",
      "Host: 127.0.0.1",
      ...(type === null ? [] : [`Content-Type: ${type}`]),
      chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${body.length}`,
      "",
      "",
    ].join("\r\n");
    let received = Buffer.alloc(0);
    let done = false;
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(head);
      if (!chunked) socket.write(body);
      else {
        const third = Math.max(1, Math.ceil(body.length / 3));
        for (let at = 0; at < body.length; at += third) {
          const piece = body.subarray(at, at + third);
          socket.write(`${piece.length.toString(16)}\r\n`);
          socket.write(piece);
          socket.write("\r\n");
        }
        socket.write("0\r\n\r\n");
      }
    });
    const finish = (error?: Error) => {
      if (done) return;
      const response = parseResponse(received);
      if (!response && !error) return;
      done = true;
      socket.destroy();
      if (response) resolve(response);
      else
        reject(
          new Error(
            `no complete response: ${error?.message}; got ${JSON.stringify(received.toString("latin1").slice(0, 200))}`,
          ),
        );
    };
    socket.on("data", (part: Buffer) => {
      received = Buffer.concat([received, part]);
      finish();
    });
    socket.on("error", (error) => finish(error));
    socket.on("close", () => finish(new Error("connection closed")));
  });
}

function parseResponse(bytes: Buffer): { status: number; text: string } | null {
  const end = bytes.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const head = bytes.subarray(0, end).toString("latin1");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? Number.NaN);
  const body = bytes.subarray(end + 4);
  if (!Number.isFinite(length) || body.length < length) return null;
  return { status, text: body.subarray(0, length).toString("utf8") };
}

const jsonTypes = ["application/json", "application/json; charset=utf-8", "Application/JSON"];
const otherTypes = [
  null,
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
];

const invalidUtf8 = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0x80], // an over-long NUL
  [0xe2, 0x82], // cut short
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
  [0xf8, 0x88, 0x80, 0x80, 0x80],
].map((bytes) => Buffer.from(bytes));

const hugeLiterals = [
  "1e999",
  "-1e999",
  "123456789012345678901234567890",
  "-0",
  "9007199254740993",
  "1.0e1",
  "0.0000000000000000000001",
  `1${"0".repeat(400)}`,
];

/** A body and a short name for it: fast-check prints the name, not a quarter of a megabyte of bytes. */
class RawBody {
  constructor(
    readonly name: string,
    readonly bytes: Buffer,
  ) {}
  [fc.toStringMethod](): string {
    return `${this.name} (${this.bytes.length} bytes)`;
  }
}

const envelopeText = (seed: number) => JSON.stringify(validEnvelope(fixture, seed));

/** Raw bodies that are invalid whatever the server makes of them, each with a name for the failure report. */
const rawTuples: fc.Arbitrary<[string, Buffer]> = fc.oneof(
  fc
    .tuple(fc.nat(100), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
    .map(([seed, at]): [string, Buffer] => {
      const text = envelopeText(seed);
      const cut = Math.floor(at * text.length);
      return [`truncated at ${cut}`, Buffer.from(text.slice(0, cut))];
    }),
  fc.tuple(fc.nat(100), fc.constantFrom(...hugeLiterals)).map(([seed, literal]): [string, Buffer] => {
    const text = envelopeText(seed).replace(/"safety_ppe":\d+/, `"safety_ppe":${literal}`);
    return [`safety_ppe=${literal.slice(0, 30)}`, Buffer.from(text)];
  }),
  // JSON.parse keeps the last of duplicated keys: the invalid one comes last, so it is the one that counts.
  fc
    .tuple(
      fc.nat(100),
      fc.constantFrom(
        '"waveId":"no-such-wave"',
        '"channel":"fax"',
        '"id":"not-a-uuid"',
        '"data":[]',
        '"unitId":"1 OR 1=1"',
      ),
    )
    .map(([seed, duplicate]): [string, Buffer] => {
      const text = envelopeText(seed);
      return [`duplicate ${duplicate}`, Buffer.from(`${text.slice(0, -1)},${duplicate}}`)];
    }),
  fc.nat(100).map((seed): [string, Buffer] => {
    const text = envelopeText(seed);
    return ["duplicate answer safety_ppe=99", Buffer.from(`${text.slice(0, -2)},"safety_ppe":99}}`)];
  }),
  // Bytes that are not UTF-8, in an answer a person types, in a key, in the wave id: JSON must be UTF-8.
  fc
    .tuple(fc.nat(100), fc.constantFrom(...invalidUtf8), fc.constantFrom("demands", "key", "waveId"))
    .map(([seed, bad, where]): [string, Buffer] => {
      const e = validEnvelope(fixture, seed);
      const data = { ...(e.data as Record<string, unknown>) };
      if (where === "demands") data.demands = "@@";
      if (where === "key") data["@@"] = 3;
      const body = { ...e, data, ...(where === "waveId" ? { waveId: "@@" } : {}) };
      const [head, tail] = JSON.stringify(body).split("@@") as [string, string];
      return [
        `bytes ${bad.toString("hex")} in ${where}`,
        Buffer.concat([Buffer.from(head), bad, Buffer.from(tail)]),
      ];
    }),
  fc
    .tuple(
      fc.constantFrom("[", "{", '{"a":'),
      fc.integer({ min: 1000, max: 10_000 }),
      fc.boolean(),
      fc.nat(100),
    )
    .map(([open, depth, inData, seed]): [string, Buffer] => {
      const close = open === "[" ? "]" : "}";
      const deep = `${open.repeat(depth)}${open === "{" ? "" : "1"}${open === "{" ? "" : close.repeat(depth)}`;
      const text = inData ? `${envelopeText(seed).slice(0, -2)},"demands":${deep}}}` : deep;
      return [`${depth} levels of ${open}${inData ? " in data" : ""}`, Buffer.from(text)];
    }),
  fc.tuple(fc.integer({ min: 1, max: 200_000 }), fc.nat(100)).map(([over, seed]): [string, Buffer] => {
    const text = envelopeText(seed);
    const padding = "x".repeat(256 * 1024 - text.length + over + 20);
    return [
      `${over} bytes over 256 KiB`,
      Buffer.from(text.replace('"data":{', `"data":{"demands":"${padding}",`)),
    ];
  }),
  fc
    .uint8Array({ minLength: 0, maxLength: 2000 })
    .map((bytes): [string, Buffer] => [`${bytes.length} random bytes`, Buffer.from(bytes)]),
  fc
    .tuple(fc.nat(100), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
    .map(([seed, at]): [string, Buffer] => {
      const text = envelopeText(seed);
      // After a comma: outside any string, where a NUL byte is never JSON.
      const commas = [...text.matchAll(/,"/g)].map((m) => m.index ?? 0);
      const cut = (commas[Math.floor(at * commas.length)] ?? 0) + 1;
      return [
        "NUL byte between fields",
        Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from([0]), Buffer.from(text.slice(cut))]),
      ];
    }),
);

const rawBody = rawTuples.map(([name, bytes]) => new RawBody(name, bytes));

/** A valid envelope sent as something other than JSON: refused for its type (415), never stored. */
const wrongType = fc
  .tuple(fc.nat(100), fc.constantFrom(...otherTypes))
  .map(([seed, type]) => [new RawBody("a valid envelope", Buffer.from(envelopeText(seed))), type] as const);

describe("POST /api/responses over a socket refuses every malformed body in the error shape", () => {
  it(
    "broken JSON, invalid UTF-8, deep nesting, huge numbers, duplicate keys, over-long bodies",
    async () => {
      let tried = 0;
      const input = fc.oneof(fc.tuple(rawBody, fc.constantFrom<string | null>(...jsonTypes)), wrongType);
      await fc.assert(
        fc.asyncProperty(input, fc.boolean(), async ([body, type], chunked) => {
          tried++;
          const res = await post(body.bytes, type, chunked);
          const what = `${body.name} (${type}, ${chunked ? "chunked" : "sized"})`;
          expectErrorShape(res.status, res.text, what);
          expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
        }),
        fuzzParams(300),
      );
      reportTried("POST /api/responses raw bytes over a socket", tried);
      await expectUnchanged(fixture.db, before);
    },
    fuzzTimeout(60_000),
  );
});
