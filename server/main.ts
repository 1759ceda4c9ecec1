// Starts minyi: reads the environment, opens and upgrades the database, syncs the survey catalogue, fills the demo
// organisation when asked, and serves the API plus the built web app. Refuses to start on a bad survey file.
import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { ensureDemoAccounts, ensureInitialAdmin } from "./auth/accounts";
import { loadCatalogue, syncCatalogue } from "./catalogue/loadCatalogue";
import { readConfig } from "./config";
import { seedDemo } from "./demo/seedDemo";
import { serveWebApp } from "./http/webApp";
import { BatchWriter } from "./ingest/batchWriter";
import { ReferenceCache } from "./ingest/referenceCache";
import { readGroupsCsv, readUnitsCsv } from "./org/loadOrgCsv";
import { countUnits, replaceOrganisation, upsertGroups } from "./org/units";
import { runDueReports } from "./reports/schedules";
import { inTransaction, openDatabase } from "./storage/database";
import { migrate } from "./storage/migrate";

async function main(): Promise<void> {
  const config = readConfig();
  const catalogue = await loadCatalogue(config.MINYI_SURVEYS_DIR);
  const db = await openDatabase(config.MINYI_DB);
  const applied = await migrate(db);
  if (applied.length > 0)
    console.log(`database ${config.MINYI_DB}: applied migrations ${applied.join(", ")}`);
  await syncCatalogue(db, catalogue);
  if (config.MINYI_GROUPS_CSV) await upsertGroups(db, readGroupsCsv(config.MINYI_GROUPS_CSV));
  if (config.MINYI_ORG_CSV && (await countUnits(db)) === 0) {
    const units = await replaceOrganisation(db, readUnitsCsv(config.MINYI_ORG_CSV));
    console.log(`loaded ${units.length} units from ${config.MINYI_ORG_CSV}`);
  }
  if (config.MINYI_DEMO === "1") {
    await seedDemo(db, { seed: config.MINYI_DEMO_SEED, now: new Date(), log: console.log });
  }
  // Accounts need the organisation: every account is scoped to a unit.
  const demo = config.MINYI_DEMO === "1";
  await ensureInitialAdmin(db, {
    password: config.MINYI_ADMIN_PASSWORD,
    demo,
    now: new Date(),
    log: console.log,
  });
  if (demo) await ensureDemoAccounts(db, config.MINYI_DEMO_PASSWORD, { now: new Date(), log: console.log });

  const reference = new ReferenceCache(db);
  const writer = new BatchWriter(db);
  let selfUrl: string | undefined;
  const app = createApp({
    db,
    reference,
    writer,
    now: () => new Date(),
    trustProxy: config.MINYI_TRUST_PROXY === "1",
    selfUrl: () => selfUrl,
    publicUrl: config.MINYI_PUBLIC_URL,
  });
  if (!serveWebApp(app, config.MINYI_WEB_DIST)) {
    console.warn(
      `web app not built (${config.MINYI_WEB_DIST} has no index.html): run "npm run build"; serving the API only`,
    );
  }

  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    // Loopback when listening on every address; otherwise the address it listens on.
    const host = ["0.0.0.0", "::"].includes(config.HOST) ? "127.0.0.1" : config.HOST;
    selfUrl = `http://${host.includes(":") ? `[${host}]` : host}:${info.port}`;
    console.log(
      `minyi listening on http://${config.HOST === "0.0.0.0" ? "localhost" : info.address}:${info.port}`,
    );
  });

  // Scheduled reports: whatever is due now (the server may have been down at a month's end), then hourly.
  const reportTimer = setInterval(() => void runDueReports(db, selfUrl, new Date()), 3_600_000);
  reportTimer.unref();
  setTimeout(() => void runDueReports(db, selfUrl, new Date()), 5_000).unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(reportTimer);
    console.log(`${signal}: finishing queued writes and closing the database`);
    // Stop taking connections, let requests in flight reach the writer, then refuse the rest and write the queue.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      setTimeout(resolve, 5_000).unref();
    });
    await writer.close();
    await inTransaction(db.write, async () => undefined); // waits for any write transaction still running
    await db.write.run("CHECKPOINT");
    db.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
