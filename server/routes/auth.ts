// Login, logout, "who am I" (fixed contract) and changing one's own password. Thin: validate, one domain call, cookie, JSON.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { roles } from "../auth/accounts";
import { changeOwnPassword, login } from "../auth/login";
import {
  type AuthEnv,
  clearSessionCookie,
  clientAddress,
  sessionToken,
  setSessionCookie,
} from "../auth/middleware";
import { TooManyAttempts } from "../auth/rateLimit";
import { endSession } from "../auth/sessions";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import type { AuthDeps } from "./deps";

export const LoginRequest = z
  .strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) })
  .openapi("LoginRequest");
export type LoginRequest = z.infer<typeof LoginRequest>;

export const CurrentUser = z
  .object({ username: z.string(), role: z.enum(roles), scopeUnitId: z.string() })
  .openapi("CurrentUser");
export type CurrentUser = z.infer<typeof CurrentUser>;

const loginRoute = createRoute({
  method: "post",
  path: "/auth/login",
  tags: ["auth"],
  request: { body: { required: true, content: { "application/json": { schema: LoginRequest } } } },
  responses: {
    200: {
      description: "Logged in; the `minyi_session` cookie (HttpOnly, SameSite=Lax) is set.",
      content: { "application/json": { schema: CurrentUser } },
    },
    400: errorResponse("Malformed request."),
    401: errorResponse(
      "`invalid_credentials`: the same answer for an unknown user, a wrong password or a disabled account.",
    ),
    429: errorResponse(
      "`too_many_attempts`: too many failed logins for this account or address; see Retry-After.",
    ),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["auth"],
  responses: { 204: { description: "The session (if any) is ended and the cookie cleared." } },
});

const meRoute = createRoute({
  method: "get",
  path: "/auth/me",
  tags: ["auth"],
  responses: {
    200: { description: "The logged-in user.", content: { "application/json": { schema: CurrentUser } } },
    401: errorResponse("`not_authenticated`: no session, or it has ended."),
  },
});

export const PasswordChange = z
  .strictObject({ currentPassword: z.string().min(1).max(1000), newPassword: z.string().min(1).max(1000) })
  .openapi("PasswordChange");
export type PasswordChange = z.infer<typeof PasswordChange>;

const passwordRoute = createRoute({
  method: "post",
  path: "/auth/password",
  tags: ["auth"],
  request: { body: { required: true, content: { "application/json": { schema: PasswordChange } } } },
  responses: {
    200: {
      description: "Changed: every session of the account ended, and this browser gets a new one.",
      content: { "application/json": { schema: CurrentUser } },
    },
    400: errorResponse("`wrong_password` (currentPassword), `password_too_short` (newPassword)."),
    401: errorResponse("`not_authenticated`."),
    429: errorResponse("`too_many_attempts`."),
  },
});

/** Sends Retry-After with a 429 so the UI can say how long to wait. */
function withRetryAfter(c: { header: (name: string, value: string) => void }) {
  return (error: unknown): never => {
    if (error instanceof TooManyAttempts) c.header("Retry-After", String(error.retryAfterSeconds));
    throw error;
  };
}

const publicUser = (u: CurrentUser): CurrentUser => ({
  username: u.username,
  role: u.role,
  scopeUnitId: u.scopeUnitId,
});

export function authRoutes(deps: AuthDeps) {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .openapi(loginRoute, async (c) => {
      const { token, user } = await login(deps, c.req.valid("json"), clientAddress(c, deps.trustProxy)).catch(
        withRetryAfter(c),
      );
      setSessionCookie(c, token, deps.trustProxy);
      return c.json(publicUser(user), 200);
    })
    .openapi(passwordRoute, async (c) => {
      const address = clientAddress(c, deps.trustProxy);
      const { token, user } = await changeOwnPassword(
        deps,
        c.var.user.id,
        c.req.valid("json"),
        address,
      ).catch(withRetryAfter(c));
      setSessionCookie(c, token, deps.trustProxy);
      return c.json(publicUser(user), 200);
    })
    .openapi(logoutRoute, async (c) => {
      await endSession(deps.db, sessionToken(c), deps.now());
      clearSessionCookie(c, deps.trustProxy);
      return c.body(null, 204);
    })
    .openapi(meRoute, async (c) => c.json(publicUser(c.var.user), 200));
}
