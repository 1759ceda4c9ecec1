// `npm run user`: adding, listing, changing passwords and disabling accounts from a terminal on a real database file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserByUsername } from "../../server/auth/accounts";
import { readAudit } from "../../server/auth/audit";
import { verifyPassword } from "../../server/auth/passwords";
import { replaceOrganisation } from "../../server/org/units";
import { openDatabase } from "../../server/storage/database";
import { migrate } from "../../server/storage/migrate";
import { fixtureUnits } from "../helpers/fixture";

const dir = mkdtempSync(join(tmpdir(), "minyi-user-cli-"));
const dbPath = join(dir, "cli.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, MINYI_DB: dbPath };
const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "server/cli/user.ts", ...args], { env, encoding: "utf8" });

beforeAll(async () => {
  const db = await openDatabase(dbPath);
  await migrate(db);
  await replaceOrganisation(db, fixtureUnits);
  db.close();
});

async function withDb<T>(body: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const db = await openDatabase(dbPath);
  try {
    return await body(db);
  } finally {
    db.close();
  }
}

describe("npm run user", () => {
  it("adds users with a given or a generated password, changes one, disables one, and lists them", async () => {
    const given = run(
      "add",
      "Zoe",
      "--role",
      "admin",
      "--scope",
      "plant",
      "--password",
      "zoe's long password",
    );
    expect(given.stderr).toBe("");
    expect(given.stdout.trim()).toBe("created user zoe (admin, scope plant)");

    const generated = run("add", "lee", "--role", "leader", "--scope", "area-1");
    expect(generated.status).toBe(0);
    const shown = /with password: (\S+) {2}\(shown once\)$/.exec(generated.stdout.trim())?.[1] ?? "";
    expect(shown).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const lee = await withDb((db) => findUserByUsername(db, "lee"));
    expect(await verifyPassword(shown, lee?.passwordHash ?? "")).toBe(true);

    const passwd = run("passwd", "lee", "--password", "a brand new password");
    expect(passwd.stdout.trim()).toBe("changed the password of lee; its sessions are ended");
    const changed = await withDb((db) => findUserByUsername(db, "lee"));
    expect(await verifyPassword("a brand new password", changed?.passwordHash ?? "")).toBe(true);

    expect(run("disable", "lee").stdout.trim()).toBe("disabled lee; its sessions are ended");
    expect(run("list").stdout).toBe("lee\tleader\tarea-1\tdisabled\nzoe\tadmin\tplant\tactive\n");
    expect(run("enable", "lee").stdout.trim()).toBe("enabled lee");
    // zoe is the only admin of the whole plant: disabling her would leave nobody to administer it.
    const last = run("disable", "zoe");
    expect(last.status).toBe(1);
    expect(last.stderr.trim()).toBe(
      '"zoe" is the last active administrator of the whole organisation; make another one first.',
    );
    expect(run("list").stdout).toBe("lee\tleader\tarea-1\tactive\nzoe\tadmin\tplant\tactive\n");

    const audit = await withDb((db) => readAudit(db.read));
    expect(audit.map((e) => [e.actor, e.action, e.target])).toEqual([
      ["cli", "user_created", "zoe"],
      ["cli", "user_created", "lee"],
      ["cli", "password_changed", "lee"],
      ["cli", "user_disabled", "lee"],
      ["cli", "user_enabled", "lee"],
    ]);
  });

  it.each([
    [
      ["add", "kim", "--role", "boss", "--scope", "plant"],
      'There is no role "boss"; use admin, analyst, leader, handler, collector.',
    ],
    [["add", "kim", "--role", "admin", "--scope", "mars"], 'There is no unit "mars".'],
    [
      ["add", "kim", "--role", "admin", "--scope", "plant", "--password", "short"],
      "A password needs at least 8 characters.",
    ],
    [["add", "kim", "--role", "admin"], "missing --scope"],
    [["passwd", "nobody"], 'There is no user "nobody".'],
    [["disable"], "usage:"],
    [["drop", "lee"], "usage:"],
  ])("refuses %j with a message and changes nothing", (args, message) => {
    const before = run("list").stdout;
    const result = run(...args);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(run("list").stdout).toBe(before);
  });
});
