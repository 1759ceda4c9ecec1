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
import { readLanguages } from "./settings/settings";
import { inTransaction, openDatabase } from "./storage/database";
import { migrate } from "./storage/migrate";
import { onFatalStorageError } from "./storage/storageFailure";

async function main(): Promise<void> {
  const config = readConfig();
  const catalogue = await loadCatalogue(config.MINYI_SURVEYS_DIR);
  const db = await openDatabase(config.MINYI_DB, { checkpointThreshold: config.MINYI_CHECKPOINT_THRESHOLD });
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
    backupDir: config.MINYI_BACKUP_DIR,
  });
  if (!serveWebApp(app, config.MINYI_WEB_DIST, { languages: () => readLanguages(db) })) {
    console.warn(
      `web app not built (${config.MINYI_WEB_DIST} has no index.html): run "npm run build"; serving the API only`,
    );
  }

  // Once DuckDB has invalidated the database (a failed checkpoint on a full disk, say) no query can succeed until
  // it is opened again: answer 503 to everything and exit non-zero, so a supervisor restarts the server.
  let fatal = false;
  const fetch: typeof app.fetch = (request, env, context) =>
    fatal
      ? Response.json(
          {
            error: {
              code: "storage_unavailable",
              message:
                "The server lost its database and is restarting; nothing was changed. Try again in a minute.",
            },
          },
          { status: 503, headers: { "retry-after": "10" } },
        )
      : app.fetch(request, env, context);
  const server = serve({ fetch, port: config.PORT, hostname: config.HOST }, (info) => {
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
    // On a full disk the checkpoint fails; the WAL holds every commit and is replayed at the next start.
    await db.write.run("CHECKPOINT").catch((error: unknown) => {
      console.error("checkpoint at shutdown failed; the WAL will be replayed at the next start:", error);
    });
    db.close();
    process.exit(0);
  };
  onFatalStorageError((error) => {
    fatal = true;
    stopping = true;
    console.error(
      `the database can no longer be used (${error instanceof Error ? error.message.split("\n")[0] : error}); exiting for a restart`,
    );
    // Nothing more can be written; what was acknowledged is in the WAL, replayed when the database opens again.
    server.close(() => process.exit(70));
    setTimeout(() => process.exit(70), 2_000).unref();
  });
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
