// Ingest budget (DESIGN.md): durable 201s/s on the demo survey at 50 connections, as a ratio to a bare Hono JSON
// echo measured in the same run (≥ 0.25), p99 ≤ 50 ms, stored = acknowledged. Prints figures; asserts nothing.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { openDatabase, queryRows } from "../server/storage/database";
import { validAnswers } from "../tests/helpers/dataPool";
import { prepareDatabase } from "../tests/helpers/fixture";
import { freePort, startServer } from "../tests/helpers/spawnServer";

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
  await server.stop("SIGTERM");

  const db = await openDatabase(dbFile);
  const [row] = await queryRows<{ n: number }>(db.read, "SELECT count(*) AS n FROM responses");
  db.close();
  rmSync(dir, { recursive: true, force: true });

  const acknowledged = (warmUp.status["201"] ?? 0) + (ingest.status["201"] ?? 0);
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
    `stored vs acknowledged: ${row?.n} stored, ${acknowledged} acknowledged (warm-up + run): ${row?.n === acknowledged ? "equal" : "DIFFERENT"}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
