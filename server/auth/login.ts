// Checks a username and password and opens a session. Unknown user, wrong password and disabled account all get
// the same 401, after the same scrypt work, so a login cannot tell which usernames exist.
import { ApiError } from "../errors";
import { type Database, inTransaction } from "../storage/database";
import { findUserById, findUserByUsername, normaliseUsername, setPassword } from "./accounts";
import { appendAudit } from "./audit";
import { checkNewPassword, unmatchableHash, verifyPassword } from "./passwords";
import type { LoginLimiter } from "./rateLimit";
import { deleteExpiredSessions, insertSession, type SessionUser } from "./sessions";

export interface LoginDeps {
  db: Database;
  now: () => Date;
  loginLimiter: LoginLimiter;
}

export interface LoginInput {
  username: string;
  password: string;
}

export const invalidCredentials = () =>
  new ApiError(401, "invalid_credentials", "The username or password is not correct.");

/** `address` is used for rate limiting in memory only; it is never written anywhere. */
export async function login(
  deps: LoginDeps,
  input: LoginInput,
  address: string,
): Promise<{ token: string; user: SessionUser }> {
  const username = normaliseUsername(input.username);
  const now = deps.now();
  // Checked and counted in one synchronous step, before any await: parallel guesses cannot all pass the check
  // while the first ones are still hashing. A correct password takes its attempt back.
  let limited: unknown = null;
  try {
    deps.loginLimiter.check(username, address, now);
    deps.loginLimiter.fail(username, address, now);
  } catch (error) {
    limited = error;
  }
  const user = await findUserByUsername(deps.db, username);
  const audit = (action: string, detail: Record<string, unknown>) =>
    inTransaction(deps.db.write, () =>
      // Only a real username is recorded: what someone typed into the field may be a password.
      appendAudit(deps.db.write, {
        at: now,
        actor: user?.username ?? null,
        action,
        target: user?.username,
        detail,
      }),
    );
  if (limited) {
    await audit("login_failed", { reason: "too_many_attempts" });
    throw limited;
  }
  const matches = await verifyPassword(input.password, user?.passwordHash ?? unmatchableHash);
  if (!user || user.disabled || !matches) {
    await audit("login_failed", {
      reason: !user ? "unknown_user" : user.disabled ? "disabled" : "wrong_password",
    });
    throw invalidCredentials();
  }
  deps.loginLimiter.succeed(username, address);
  const token = await inTransaction(deps.db.write, async () => {
    await deleteExpiredSessions(deps.db.write, now);
    const t = await insertSession(deps.db.write, user.id, now);
    await appendAudit(deps.db.write, {
      at: now,
      actor: user.username,
      action: "login",
      target: user.username,
    });
    return t;
  });
  return {
    token,
    user: { id: user.id, username: user.username, role: user.role, scopeUnitId: user.scopeUnitId },
  };
}

/**
 * A signed-in user changes their own password: the current one must match (failures count against the login
 * limits, so a stolen session cannot guess it). Every session of the account ends; the caller gets a new one.
 */
export async function changeOwnPassword(
  deps: LoginDeps,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  address: string,
): Promise<{ token: string; user: SessionUser }> {
  const now = deps.now();
  const user = await findUserById(deps.db, userId);
  if (!user || user.disabled)
    throw new ApiError(401, "not_authenticated", "Your session has ended. Log in again.");
  deps.loginLimiter.check(user.username, address, now);
  deps.loginLimiter.fail(user.username, address, now);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new ApiError(400, "wrong_password", "The current password is not correct.", "currentPassword");
  }
  deps.loginLimiter.succeed(user.username, address);
  checkNewPassword(input.newPassword, { field: "newPassword" });
  await setPassword(deps.db, user.username, input.newPassword, { actor: user.username, now });
  const token = await inTransaction(deps.db.write, () => insertSession(deps.db.write, user.id, now));
  return {
    token,
    user: { id: user.id, username: user.username, role: user.role, scopeUnitId: user.scopeUnitId },
  };
}
