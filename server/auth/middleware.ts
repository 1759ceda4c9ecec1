// HTTP side of sessions: the session cookie, the client address for rate limiting, and requireUser(), which
// answers 401/403 in the error shape and otherwise puts the session's user on c.var.user for the route.
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { ApiError } from "../errors";
import { errorJson } from "../http/errorHandling";
import type { Database } from "../storage/database";
import type { Role } from "./accounts";
import { scopeIsRoot } from "./scope";
import { absoluteTimeoutMs, resolveSession, type SessionUser } from "./sessions";

export const sessionCookieName = "minyi_session";

export interface AuthEnv {
  Variables: { user: SessionUser };
}

/** HTTPS as the browser sees it: behind a trusted proxy its X-Forwarded-Proto, else this request's own scheme. */
export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
    if (forwarded) return forwarded === "https";
  }
  return new URL(c.req.url).protocol === "https:";
}

export function setSessionCookie(c: Context, token: string, trustProxy: boolean): void {
  setCookie(c, sessionCookieName, token, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: isHttps(c, trustProxy),
    maxAge: absoluteTimeoutMs / 1000,
  });
}

export function clearSessionCookie(c: Context, trustProxy: boolean): void {
  deleteCookie(c, sessionCookieName, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: isHttps(c, trustProxy),
  });
}

export function sessionToken(c: Context): string | undefined {
  return getCookie(c, sessionCookieName);
}

/**
 * The peer's address from the socket, for in-memory rate limiting only. Behind a trusted proxy every peer is the
 * proxy, so the address the proxy appended to X-Forwarded-For (the last entry) is used instead.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header("x-forwarded-for")?.split(",").pop()?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // app.request() in tests and other non-Node adapters have no socket.
    return "unknown";
  }
}

export const notAuthenticated = () =>
  new ApiError(401, "not_authenticated", "You are not logged in, or your session has ended. Log in again.");

/**
 * Resolves the session and checks its role; on success puts the user on c.var.user and returns null, otherwise
 * returns the 401/403 answer. `roles` undefined means any signed-in user.
 */
export async function authorise(
  c: Context<AuthEnv>,
  deps: { db: Database; now: () => Date },
  roles?: readonly Role[],
): Promise<Response | null> {
  const user = await resolveSession(deps.db, sessionToken(c), deps.now());
  if (!user) return errorJson(c, notAuthenticated());
  if (roles && !roles.includes(user.role)) return errorJson(c, forbidden());
  c.set("user", user);
  return null;
}

export const forbidden = () => new ApiError(403, "forbidden", "Your account's role may not do this.");

/** Lets the request through only with a live session (and, when `roles` is given, one of those roles). */
export function requireUser(
  deps: { db: Database; now: () => Date },
  roles?: readonly Role[],
): MiddlewareHandler<AuthEnv> {
  return async (c, next) => (await authorise(c, deps, roles)) ?? next();
}

/**
 * For organisation-wide changes (questionnaires, waves, units): only an admin whose scope is the root may make them; an
 * admin of one area would otherwise change what every other area sees. Runs after accessControl set c.var.user.
 */
export function wholeOrganisationOnly(deps: { db: Database }): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (!(await scopeIsRoot(deps.db, c.var.user.scopeUnitId))) {
      return errorJson(
        c,
        new ApiError(
          403,
          "whole_organisation_only",
          "Only an administrator of the whole organisation may change questionnaires, survey rounds and the organisation’s units.",
        ),
      );
    }
    return next();
  };
}
