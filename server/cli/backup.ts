// `npm run backup`: a consistent copy of MINYI_DB in the backup directory, taken by whoever holds the database.
// With a server running (it holds DuckDB's file lock) it asks that server over HTTP; otherwise it opens the file.
import { existsSync } from "node:fs";
import { readConfig } from "../config";
import { type BackupSummary, backupDirFor, isLockedError, recordedBackup } from "../storage/backup";
import { openDatabase } from "../storage/database";

async function main(): Promise<void> {
  const config = readConfig();
  if (!existsSync(config.MINYI_DB)) throw new Error(`There is no database at ${config.MINYI_DB} (MINYI_DB).`);
  let summary: BackupSummary | Omit<BackupSummary, "path">;
  let how: string;
  try {
    const db = await openDatabase(config.MINYI_DB);
    try {
      summary = await recordedBackup(
        db,
        backupDirFor(config.MINYI_DB, config.MINYI_BACKUP_DIR),
        "cli",
        new Date(),
      );
      how = "server stopped: taken directly";
    } finally {
      db.close();
    }
  } catch (error) {
    if (!isLockedError(error)) throw error;
    summary = await askServer(config.HOST, config.PORT);
    how = "taken by the running server";
  }
  const t = summary.tables;
  console.log(
    `backup ${summary.name}: ${(summary.bytes / 1_048_576).toFixed(1)} MiB, ${t.responses ?? 0} responses, ` +
      `${t.answers ?? 0} answers, ${t.cases ?? 0} cases, schema version ${summary.schemaVersion}, ` +
      `${summary.tookMs} ms (${how})`,
  );
  console.log("path" in summary ? `written to ${summary.path}` : "written to the server's backup directory");
}

/**
 * The running server holds the file, so it takes the backup: the CLI signs in as an administrator of the whole
 * organisation (MINYI_BACKUP_USER, default admin, and MINYI_BACKUP_PASSWORD) and asks for one.
 */
async function askServer(host: string, port: number): Promise<Omit<BackupSummary, "path">> {
  const password = process.env.MINYI_BACKUP_PASSWORD;
  const username = process.env.MINYI_BACKUP_USER ?? "admin";
  if (!password) {
    throw new Error(
      "A server holds the database, so it has to take the backup: set MINYI_BACKUP_PASSWORD (and MINYI_BACKUP_USER " +
        "if the account is not admin) to an administrator of the whole organisation.",
    );
  }
  const loopback = ["0.0.0.0", "::"].includes(host) ? "127.0.0.1" : host;
  const base = `http://${loopback.includes(":") ? `[${loopback}]` : loopback}:${port}/api`;
  const login = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`signing in as ${username} at ${base} failed: ${await errorText(login)}`);
  const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
  try {
    const res = await fetch(`${base}/admin/backup`, { method: "POST", headers: { cookie } });
    if (res.status !== 201) throw new Error(`the server refused the backup: ${await errorText(res)}`);
    return (await res.json()) as Omit<BackupSummary, "path">;
  } finally {
    await fetch(`${base}/auth/logout`, { method: "POST", headers: { cookie } }).catch(() => undefined);
  }
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    return `${res.status} ${body.error?.message ?? text}`;
  } catch {
    return `${res.status} ${text}`;
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
