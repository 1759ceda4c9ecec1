// User accounts: create, look up, change password, disable, list; plus the initial admin and the demo accounts.
// It does not handle sessions or HTTP (sessions.ts, routes/auth.ts); every write commits with its audit entry.

import { randomUUID } from "node:crypto";
import type { DuckDBValue } from "@duckdb/node-api";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { appendAudit } from "./audit";
import { checkNewPassword, generatePassword, hashPassword } from "./passwords";
import { unitInScope } from "./scope";

// collector: a grid worker (网格员) who runs collection at its stations — response progress, unit links, paper keying.
export const roles = ["admin", "analyst", "leader", "handler", "collector"] as const;
export type Role = (typeof roles)[number];

export interface User {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  scopeUnitId: string;
  disabled: boolean;
  createdAt: Date;
  passwordChangedAt: Date;
}

export type UserSummary = Omit<User, "passwordHash">;

export interface CreateUserInput {
  username: string;
  password: string;
  role: string;
  scopeUnitId: string;
  /** Demo accounts may use the documented short demo password. */
  demo?: boolean;
}

/** Who is making a change, for the audit log (a username, or "cli" / "system"). */
export interface ChangeContext {
  actor: string;
  now: Date;
  /**
   * The acting admin's scope unit: only accounts scoped inside it can be seen or changed, and only units inside it
   * can be given as a scope. Unset for the CLI and start-up, which act for the whole organisation.
   */
  withinUnitId?: string;
}

const usernamePattern = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  scope_unit_id: string;
  disabled: boolean;
  created_at: Date;
  password_changed_at: Date;
}

const userColumns =
  "id, username, password_hash, role, scope_unit_id, disabled, created_at, password_changed_at";

function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    passwordHash: r.password_hash,
    role: r.role,
    scopeUnitId: r.scope_unit_id,
    disabled: r.disabled,
    createdAt: r.created_at,
    passwordChangedAt: r.password_changed_at,
  };
}

export async function findUserByUsername(db: Database, username: string): Promise<User | null> {
  const [row] = await queryRows<UserRow>(db.read, `SELECT ${userColumns} FROM users WHERE username = $1`, [
    normaliseUsername(username),
  ]);
  return row ? toUser(row) : null;
}

export async function findUserById(db: Database, id: string): Promise<User | null> {
  const [row] = await queryRows<UserRow>(db.read, `SELECT ${userColumns} FROM users WHERE id = $1`, [id]);
  return row ? toUser(row) : null;
}

export function summarise(user: User): UserSummary {
  const { passwordHash: _hash, ...summary } = user;
  return summary;
}

/** Every account, or (with `withinUnitId`) those whose scope unit lies in that unit's subtree. */
export async function listUsers(db: Database, withinUnitId?: string): Promise<UserSummary[]> {
  const rows =
    withinUnitId === undefined
      ? await queryRows<UserRow>(db.read, `SELECT ${userColumns} FROM users ORDER BY username`)
      : await queryRows<UserRow>(
          db.read,
          `SELECT ${userColumns.replace(/(\w+)/g, "users.$1")} FROM users
           JOIN units u ON u.id = users.scope_unit_id JOIN units s ON s.id = $1
           WHERE starts_with(u.path, s.path) ORDER BY users.username`,
          [withinUnitId],
        );
  return rows.map((r) => summarise(toUser(r)));
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db.read, "SELECT count(*) AS n FROM users");
  return row?.n ?? 0;
}

async function rootUnitId(db: Database): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    db.read,
    "SELECT id FROM units WHERE parent_id IS NULL LIMIT 1",
  );
  return row?.id ?? null;
}

/** A live unit: a retired one takes no new accounts (retiring checks that none are scoped to it). */
async function liveUnitExists(db: Database, id: string): Promise<boolean> {
  const rows = await queryRows(db.read, "SELECT 1 FROM units WHERE id = $1 AND retired_at IS NULL", [id]);
  return rows.length > 0;
}

/**
 * A unit the actor may hand out as a scope; one outside the actor's subtree, or retired, is refused as if it did
 * not exist.
 */
async function checkScopeUnit(db: Database, scopeUnitId: string, ctx: ChangeContext): Promise<void> {
  const ok =
    (await liveUnitExists(db, scopeUnitId)) &&
    (ctx.withinUnitId === undefined || (await unitInScope(db, ctx.withinUnitId, scopeUnitId)));
  if (!ok) throw new ApiError(400, "unknown_unit", `There is no unit "${scopeUnitId}".`, "scopeUnitId");
}

function checkRole(role: string): asserts role is Role {
  if (!(roles as readonly string[]).includes(role)) {
    throw new ApiError(400, "unknown_role", `There is no role "${role}"; use ${roles.join(", ")}.`, "role");
  }
}

export async function createUser(
  db: Database,
  input: CreateUserInput,
  ctx: ChangeContext,
): Promise<UserSummary> {
  const username = normaliseUsername(input.username);
  if (!usernamePattern.test(username)) {
    throw new ApiError(
      400,
      "invalid_username",
      "A username is 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit.",
      "username",
    );
  }
  checkRole(input.role);
  await checkScopeUnit(db, input.scopeUnitId, ctx);
  checkNewPassword(input.password, { demo: input.demo });
  if (await findUserByUsername(db, username)) {
    throw new ApiError(409, "username_taken", `There is already a user "${username}".`, "username");
  }
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  const at = toUtcTimestamp(ctx.now);
  await inTransaction(db.write, async () => {
    // Checked again inside the write transaction: two requests for one name may both have passed the check above.
    const taken = await queryRows(db.write, "SELECT 1 FROM users WHERE username = $1", [username]);
    if (taken.length > 0) {
      throw new ApiError(409, "username_taken", `There is already a user "${username}".`, "username");
    }
    await db.write.run(
      `INSERT INTO users (id, username, password_hash, role, scope_unit_id, disabled, created_at, password_changed_at)
       VALUES ($1, $2, $3, $4, $5, false, $6, $6)`,
      [id, username, passwordHash, input.role, input.scopeUnitId, at],
    );
    await appendAudit(db.write, {
      at: ctx.now,
      actor: ctx.actor,
      action: "user_created",
      target: username,
      detail: { role: input.role, scopeUnitId: input.scopeUnitId },
    });
  });
  return {
    id,
    username,
    role: input.role as Role,
    scopeUnitId: input.scopeUnitId,
    disabled: false,
    createdAt: ctx.now,
    passwordChangedAt: ctx.now,
  };
}

/** The account, if it exists and (for a scoped admin) lies in the admin's scope; otherwise the same 404. */
async function requireUser(db: Database, username: string, ctx: ChangeContext): Promise<User> {
  const user = await findUserByUsername(db, username);
  const visible =
    user !== null &&
    (ctx.withinUnitId === undefined || (await unitInScope(db, ctx.withinUnitId, user.scopeUnitId)));
  if (!user || !visible) {
    throw new ApiError(
      404,
      "user_not_found",
      `There is no user "${normaliseUsername(username)}".`,
      "username",
    );
  }
  return user;
}

/** Sets a new password and ends every session of that user, so a stolen session dies with the old password. */
export async function setPassword(
  db: Database,
  username: string,
  password: string,
  ctx: ChangeContext,
): Promise<void> {
  const user = await requireUser(db, username, ctx);
  checkNewPassword(password);
  const passwordHash = await hashPassword(password);
  await changeAndEndSessions(
    db,
    user,
    ctx,
    "password_changed",
    "UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
    [passwordHash, toUtcTimestamp(ctx.now), user.id],
  );
}

/** Disables an account and ends its sessions; the account stays listed (and audited) but can no longer log in. */
export async function disableUser(db: Database, username: string, ctx: ChangeContext): Promise<void> {
  await updateUser(db, username, { disabled: true }, ctx);
}

export interface UserChanges {
  role?: string;
  scopeUnitId?: string;
  disabled?: boolean;
}

/**
 * Changes an account's role, scope or disabled flag. A change of role or scope, and disabling, end the account's
 * sessions, so nobody keeps rights they no longer have. The last active admin of the whole organisation cannot be
 * disabled, demoted or narrowed: nobody would be left to administer it.
 */
export async function updateUser(
  db: Database,
  username: string,
  changes: UserChanges,
  ctx: ChangeContext,
): Promise<UserSummary> {
  const user = await requireUser(db, username, ctx);
  if (changes.role !== undefined) checkRole(changes.role);
  if (changes.scopeUnitId !== undefined) await checkScopeUnit(db, changes.scopeUnitId, ctx);
  const next: User = {
    ...user,
    role: (changes.role as Role | undefined) ?? user.role,
    scopeUnitId: changes.scopeUnitId ?? user.scopeUnitId,
    disabled: changes.disabled ?? user.disabled,
  };
  const changed = (["role", "scopeUnitId", "disabled"] as const).filter((k) => next[k] !== user[k]);
  if (changed.length === 0) return summarise(user);
  const root = await rootUnitId(db);
  const isTopAdmin = (u: User) => u.role === "admin" && !u.disabled && u.scopeUnitId === root;
  const endsSessions = next.disabled || next.role !== user.role || next.scopeUnitId !== user.scopeUnitId;
  const action =
    changed.length === 1 && changed[0] === "disabled"
      ? next.disabled
        ? "user_disabled"
        : "user_enabled"
      : "user_changed";
  await inTransaction(db.write, async () => {
    // Counted on the write connection inside the transaction, so two admins disabling each other at the same
    // moment cannot both succeed: writes are serialised, and the second sees the first one's change.
    if (isTopAdmin(user) && !isTopAdmin(next)) {
      const [row] = await queryRows<{ n: number }>(
        db.write,
        "SELECT count(*) AS n FROM users WHERE role = 'admin' AND NOT disabled AND scope_unit_id = $1 AND id <> $2",
        [root, user.id],
      );
      if ((row?.n ?? 0) === 0) {
        throw new ApiError(
          409,
          "last_admin",
          `"${user.username}" is the last active administrator of the whole organisation; make another one first.`,
          "username",
        );
      }
    }
    await db.write.run("UPDATE users SET role = $1, scope_unit_id = $2, disabled = $3 WHERE id = $4", [
      next.role,
      next.scopeUnitId,
      next.disabled,
      user.id,
    ]);
    if (endsSessions) await db.write.run("DELETE FROM sessions WHERE user_id = $1", [user.id]);
    await appendAudit(db.write, {
      at: ctx.now,
      actor: ctx.actor,
      action,
      target: user.username,
      detail: Object.fromEntries(changed.map((k) => [k, { from: user[k], to: next[k] }])),
    });
  });
  return summarise(next);
}

/** One account change, the end of all that account's sessions, and its audit line: all or nothing. */
async function changeAndEndSessions(
  db: Database,
  user: { id: string; username: string },
  ctx: ChangeContext,
  action: string,
  sql: string,
  params: DuckDBValue[],
): Promise<void> {
  await inTransaction(db.write, async () => {
    await db.write.run(sql, params);
    await db.write.run("DELETE FROM sessions WHERE user_id = $1", [user.id]);
    await appendAudit(db.write, { at: ctx.now, actor: ctx.actor, action, target: user.username });
  });
}

export interface InitialAdminOptions {
  /** MINYI_ADMIN_PASSWORD; when unset a random password is generated and logged once. */
  password?: string;
  /** Demo databases may use a short admin password, like the demo accounts. */
  demo?: boolean;
  now: Date;
  log: (message: string) => void;
}

export type InitialAdminOutcome = "created" | "users_exist" | "no_units";

/** With no user at all, creates `admin` scoped to the root unit. Needs the organisation loaded first. */
export async function ensureInitialAdmin(
  db: Database,
  options: InitialAdminOptions,
): Promise<InitialAdminOutcome> {
  if ((await countUsers(db)) > 0) return "users_exist";
  const root = await rootUnitId(db);
  if (root === null) {
    options.log("no user yet and no organisation loaded: the admin account is created once units exist");
    return "no_units";
  }
  const password = options.password ?? generatePassword();
  await createUser(
    db,
    { username: "admin", password, role: "admin", scopeUnitId: root, demo: options.demo },
    { actor: "system", now: options.now },
  );
  if (options.password === undefined) {
    options.log(
      `created user "admin" with password: ${password}  (shown once; change it with npm run user -- passwd admin)`,
    );
  } else {
    options.log('created user "admin" with the password from MINYI_ADMIN_PASSWORD');
  }
  return "created";
}

/** The demo accounts of DESIGN.md: the first operating area and the HR department of the demo plant. */
export const demoAccounts = [
  { username: "analyst", role: "analyst", scopeUnitId: null },
  { username: "leader", role: "leader", scopeUnitId: "area-05" },
  { username: "handler", role: "handler", scopeUnitId: "dept-hr" },
  { username: "collector", role: "collector", scopeUnitId: "area-05-st-01" },
] as const;

/** MINYI_DEMO=1: creates the missing demo accounts; one whose unit is not in this organisation is skipped. */
export async function ensureDemoAccounts(
  db: Database,
  password: string,
  options: { now: Date; log: (message: string) => void },
): Promise<string[]> {
  const root = await rootUnitId(db);
  if (root === null) return [];
  const created: string[] = [];
  for (const account of demoAccounts) {
    if (await findUserByUsername(db, account.username)) continue;
    const scopeUnitId = account.scopeUnitId ?? root;
    if (!(await liveUnitExists(db, scopeUnitId))) {
      options.log(
        `demo account "${account.username}" skipped: this organisation has no unit "${scopeUnitId}"`,
      );
      continue;
    }
    await createUser(
      db,
      { username: account.username, password, role: account.role, scopeUnitId, demo: true },
      { actor: "system", now: options.now },
    );
    created.push(account.username);
  }
  if (created.length > 0)
    options.log(`created demo accounts ${created.join(", ")} (password from MINYI_DEMO_PASSWORD)`);
  return created;
}
