// Ingest budget (DESIGN.md): durable 201s/s on the demo survey at 50 connections, as a ratio to a bare Hono JSON
// echo measured in the same run (≥ 0.25), p99 ≤ 50 ms, stored = acknowledged. Prints figures; asserts nothing.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import type { SurveyDefinition } from "../server/catalogue/types";
import { compileSurvey } from "../server/ingest/compileSurvey";
import { ResponseStore } from "../server/ingest/storeResponses";
import { type Database, inTransaction, openDatabase, queryRows } from "../server/storage/database";
import { validAnswers } from "../tests/helpers/dataPool";
import { prepareDatabase } from "../tests/helpers/fixture";
import { validRecord } from "../tests/helpers/responseRecords";
import { freePort, startServer } from "../tests/helpers/spawnServer";
import { peakRssMiB, recordSection } from "./record";

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connections = 50;

interface Run {
  rps: number;
  p50: number;
  p99: number;
  status: Record<string, number>;
  errors: number;
}

/** `amount` fixes the request count, so autocannon waits for every answer and none is left in flight. */
async function load(
  url: string,
  bodyFor: () => string,
  limit: { duration: number } | { amount: number },
): Promise<Run> {
  const result = await autocannon({
    url,
    method: "POST",
    connections,
    ...limit,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: bodyFor() }),
      },
    ],
  });
  const status: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) status[code] = Number(stat.count);
  return {
    rps: (status["201"] ?? 0) / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    status,
    errors: result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "minyi-bench-"));
  const dbFile = join(dir, "bench.duckdb");
  const fixture = await prepareDatabase(dbFile, new Date());
  const { openWaveId, definition } = fixture;
  fixture.db.close();

  // A pool of valid answer sets; each request gets a fresh UUID so every one is a new durable response.
  const units = ["team-1", "st-1", "dept-hr", "area-1"];
  let n = 0;
  const responseBody = () => {
    const i = n++;
    return JSON.stringify({
      id: crypto.randomUUID(),
      waveId: openWaveId,
      unitId: units[i % units.length],
      groupId: "staff",
      channel: "online",
      data: validAnswers(definition, i, 64),
    });
  };
  const sampleSize = Buffer.byteLength(responseBody());

  // Baseline: the same bodies through a bare Hono JSON echo.
  const echoPort = await freePort();
  const echo = spawn(process.execPath, ["--import", "tsx", "bench/echoServer.ts"], {
    env: { ...process.env, PORT: String(echoPort) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => echo.stdout?.once("data", () => resolve()));
  const baseline = await load(`http://127.0.0.1:${echoPort}/echo`, responseBody, { duration: seconds });
  echo.kill("SIGTERM");

  const server = await startServer({ MINYI_DB: dbFile, MINYI_DEMO: "0" });
  // Warm up (JIT, compiled survey cache) before measuring.
  const warmUp = await load(`${server.url}/api/responses`, responseBody, { amount: 2000 });
  // As many requests as the warm-up rate fills the run with, all answered before the count is taken.
  const ingest = await load(`${server.url}/api/responses`, responseBody, {
    amount: Math.max(1000, Math.round(warmUp.rps * seconds)),
  });
  const serverPeak = peakRssMiB(server.child.pid);
  await server.stop("SIGTERM");

  const db = await openDatabase(dbFile);
  const [row] = await queryRows<{ n: number }>(db.read, "SELECT count(*) AS n FROM responses");
  const storage = await storageCost(db, definition, openWaveId);
  db.close();
  rmSync(dir, { recursive: true, force: true });

  const acknowledged = (warmUp.status["201"] ?? 0) + (ingest.status["201"] ?? 0);
  const ratio = ingest.rps / baseline.rps;
  const storageRate = (1000 * storage.size) / storage.msPerBatch;
  recordSection("ingest", {
    title: "Ingest (POST /api/responses)",
    markdown: [
      `The demo survey's answers (body ${sampleSize} B, two demands each: the worst case for case intake), ${connections} connections, ${seconds} s per run; the server is the real one (server/main.ts) on a file database.`,
      "",
      "| | rate | p50 | p99 | budget |",
      "|---|---|---|---|---|",
      `| bare Hono JSON echo | ${baseline.rps.toFixed(0)} req/s | ${baseline.p50} ms | ${baseline.p99} ms | |`,
      `| POST /api/responses | ${ingest.rps.toFixed(0)} durable 201/s | ${ingest.p50} ms | ${ingest.p99} ms | ratio ≥ 0.25, p99 ≤ 50 ms |`,
      "",
      `- ratio to echo: **${ratio.toFixed(3)}** (budget ≥ 0.25: ${ratio >= 0.25 ? "met" : "missed"}); p99 ${ingest.p99} ms (budget ≤ 50 ms: ${ingest.p99 <= 50 ? "met" : "missed"})`,
      `- statuses ${JSON.stringify(ingest.status)}, socket errors ${ingest.errors}`,
      `- stored ${row?.n}, acknowledged ${acknowledged} (warm-up + run): ${row?.n === acknowledged ? "equal" : "**different**"}`,
      `- storage alone (no HTTP): ${storage.msPerBatch.toFixed(1)} ms per committed batch of ${storage.size} responses with ${storage.answersPerResponse.toFixed(0)} answer rows each, at most ${storageRate.toFixed(0)} responses/s`,
      `- server peak RSS: ${serverPeak === null ? "n/a" : `${serverPeak.toFixed(0)} MiB`}`,
    ].join("\n"),
    figures: {
      echoRps: Math.round(baseline.rps),
      ingestRps: Math.round(ingest.rps),
      ratio: Number(ratio.toFixed(3)),
      p50Ms: ingest.p50,
      p99Ms: ingest.p99,
      stored: row?.n ?? null,
      acknowledged,
      storageMsPerBatch: Number(storage.msPerBatch.toFixed(1)),
      serverPeakRssMiB: serverPeak === null ? null : Math.round(serverPeak),
    },
  });
  console.log(`# ingest benchmark (${seconds}s per run, ${connections} connections, body ${sampleSize} B)`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}`);
  console.log(
    `bare Hono echo:      ${baseline.rps.toFixed(0)} req/s, p50 ${baseline.p50} ms, p99 ${baseline.p99} ms`,
  );
  console.log(
    `POST /api/responses: ${ingest.rps.toFixed(0)} durable 201/s, p50 ${ingest.p50} ms, p99 ${ingest.p99} ms, statuses ${JSON.stringify(ingest.status)}, errors ${ingest.errors}`,
  );
  console.log(`ratio to echo:       ${(ingest.rps / baseline.rps).toFixed(3)} (budget ≥ 0.25)`);
  console.log(`p99 budget:          ${ingest.p99 <= 50 ? "met" : "MISSED"} (${ingest.p99} ms ≤ 50 ms)`);
  console.log(
    `storage alone:       ${storage.msPerBatch.toFixed(1)} ms per committed batch of ${storage.size} responses ` +
      `(${storage.answersPerResponse.toFixed(0)} answer rows each) = at most ${((1000 * storage.size) / storage.msPerBatch).toFixed(0)} responses/s from DuckDB's insert path`,
  );
  console.log(`server peak RSS:     ${serverPeak === null ? "n/a" : `${serverPeak.toFixed(0)} MiB`}`);
  console.log(
    `stored vs acknowledged: ${row?.n} stored, ${acknowledged} acknowledged (warm-up + run): ${row?.n === acknowledged ? "equal" : "DIFFERENT"}`,
  );
}

/**
 * Where the time goes: the same batch write the server does (one transaction of 50 new responses with their
 * long-format answers), alone in this process with no HTTP, so its cost can be compared with the run above.
 */
async function storageCost(db: Database, definition: SurveyDefinition, waveId: string) {
  const survey = compileSurvey(definition);
  const store = new ResponseStore(db.write);
  const batches = 40;
  const size = 50;
  let answers = 0;
  let ms = 0;
  for (let b = 0; b < batches; b++) {
    const records = Array.from({ length: size }, (_, i) =>
      validRecord(survey, definition, waveId, b * size + i, 64),
    );
    for (const r of records) answers += r.answers.length;
    const t0 = performance.now();
    await inTransaction(db.write, () => store.insertNew(records));
    ms += performance.now() - t0;
  }
  return { msPerBatch: ms / batches, size, answersPerResponse: answers / (batches * size) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
