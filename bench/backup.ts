// Backup figures on the demo database (~25,000 responses): a backup's time and size taken by the serving server,
// what it does to submissions running meanwhile (p50/p99 with and without), restore time, server peak memory.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { loadCatalogue, syncCatalogue } from "../server/catalogue/loadCatalogue";
import type { SurveyDefinition } from "../server/catalogue/types";
import { seedDemo } from "../server/demo/seedDemo";
import { backupDatabase, restoreDatabase } from "../server/storage/backup";
import { openDatabase } from "../server/storage/database";
import { migrate } from "../server/storage/migrate";
import { validAnswers } from "../tests/helpers/dataPool";
import { startServer } from "../tests/helpers/spawnServer";
import { peakRssMiB, recordSection } from "./record";
import { median } from "./timing";

const connections = 50;
const requests = Number(process.env.BENCH_BACKUP_REQUESTS ?? 6000);
const password = "bench-admin-password";

interface Form {
  wave: { id: string };
  survey: SurveyDefinition;
  units: { id: string; level: number }[];
  groups: { id: string }[];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "minyi-bench-backup-"));
  const file = join(dir, "minyi.duckdb");
  const seeded = await openDatabase(file);
  await migrate(seeded);
  await syncCatalogue(seeded, await loadCatalogue("surveys"));
  const demo = await seedDemo(seeded, { seed: 20260101, now: new Date() });
  seeded.close();
  const fileMiB = statSync(file).size / 1_048_576;

  const server = await startServer({ MINYI_DB: file, MINYI_DEMO: "0", MINYI_ADMIN_PASSWORD: password });
  const waves = (await (await fetch(`${server.url}/api/waves`)).json()) as { id: string; status: string }[];
  const open = waves.find((w) => w.status === "open");
  if (!open) throw new Error("the demo has no open round");
  const form = (await (await fetch(`${server.url}/api/waves/${open.id}/form`)).json()) as Form;
  const leaves = form.units.filter((u) => u.level >= 2).map((u) => u.id);
  let n = 0;
  const body = () => {
    const i = n++;
    return JSON.stringify({
      id: crypto.randomUUID(),
      waveId: open.id,
      unitId: leaves[i % leaves.length],
      groupId: form.groups[i % form.groups.length]?.id,
      channel: "online",
      data: validAnswers(form.survey, i, 64),
    });
  };
  const load = async () => {
    const r = await autocannon({
      url: `${server.url}/api/responses`,
      method: "POST",
      connections,
      amount: requests,
      headers: { "content-type": "application/json" },
      requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
    });
    return { p50: r.latency.p50, p99: r.latency.p99, ok: r["2xx"], non2xx: r.non2xx + r.errors + r.timeouts };
  };

  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password }),
  });
  const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
  const backup = async () => {
    const res = await fetch(`${server.url}/api/admin/backup`, { method: "POST", headers: { cookie } });
    if (res.status !== 201) throw new Error(`backup refused: ${res.status} ${await res.text()}`);
    return (await res.json()) as {
      name: string;
      bytes: number;
      tookMs: number;
      tables: Record<string, number>;
    };
  };

  await load(); // warm-up: JIT and the compiled survey
  const quiet = await backup();
  const alone = await load();
  // The same load again, with backups taken back to back for as long as it lasts.
  let loading = true;
  const during: Awaited<ReturnType<typeof backup>>[] = [];
  const backups = (async () => {
    while (loading) during.push(await backup());
  })();
  const withBackups = await load();
  loading = false;
  await backups;
  const serverPeak = peakRssMiB(server.child.pid);
  await server.stop();

  const restoreStarted = performance.now();
  const restored = await restoreDatabase(join(dir, "backups", quiet.name), file, new Date());
  const restoreMs = performance.now() - restoreStarted;
  const direct = await openDatabase(file);
  const stopped = await backupDatabase(direct, join(dir, "direct"), new Date());
  direct.close();
  rmSync(dir, { recursive: true, force: true });

  const duringMs = median(during.map((b) => b.tookMs));
  const figures = {
    demoResponses: demo.responses,
    demoAnswers: demo.answers,
    databaseMiB: Number(fileMiB.toFixed(1)),
    backupMiB: Number((quiet.bytes / 1_048_576).toFixed(1)),
    backupMsQuiet: quiet.tookMs,
    backupMsUnderLoadMedian: duringMs,
    backupsDuringLoad: during.length,
    ingestP50Ms: alone.p50,
    ingestP99Ms: alone.p99,
    ingestP50MsDuringBackups: withBackups.p50,
    ingestP99MsDuringBackups: withBackups.p99,
    refusedDuringBackups: withBackups.non2xx,
    restoreMs: Math.round(restoreMs),
    restoredResponses: restored.tables.responses?.rows ?? 0,
    backupMsServerStopped: stopped.tookMs,
    serverPeakRssMiB: serverPeak === null ? null : Number(serverPeak.toFixed(0)),
  };
  const markdown = [
    `Demo database (${demo.responses} responses, ${demo.answers} answer rows, ${figures.databaseMiB} MiB file) served by`,
    `one server; ${requests} submissions at ${connections} connections, alone and with backups taken back to back.`,
    "",
    "| figure | value |",
    "|---|---|",
    `| backup by the serving server, idle | ${quiet.tookMs} ms, ${figures.backupMiB} MiB |`,
    `| backup under load (median of ${during.length}) | ${duringMs} ms |`,
    `| backup with the server stopped (CLI path) | ${stopped.tookMs} ms |`,
    `| restore (check, copy, fsync, check, rename) | ${figures.restoreMs} ms |`,
    `| submissions alone: p50 / p99 | ${alone.p50} / ${alone.p99} ms |`,
    `| submissions during backups: p50 / p99 | ${withBackups.p50} / ${withBackups.p99} ms (${withBackups.non2xx} not 2xx) |`,
    `| server peak RSS | ${figures.serverPeakRssMiB ?? "n/a"} MiB |`,
  ].join("\n");
  recordSection("backup", { title: "Backup and restore", markdown, figures });
  console.log(
    `# backup benchmark — ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, node ${process.version}`,
  );
  console.log(markdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
