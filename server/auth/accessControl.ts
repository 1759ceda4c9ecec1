// Enforces server/auth/accessRules.ts for every API request: finds the endpoint the router matched, and lets the
// request through only as that endpoint's rule says. Scope (which units a user sees) is the domain's job on top.
import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { errorJson } from "../http/errorHandling";
import type { Database } from "../storage/database";
import { accessRules } from "./accessRules";
import { type AuthEnv, authorise, forbidden } from "./middleware";

/** "METHOD /api/path/:param" of the handler the router chose, or null when no endpoint matches (→ 404 later). */
function matchedEndpoint(method: string, routes: readonly { method: string; path: string }[]): string | null {
  const wanted = method === "HEAD" ? "GET" : method;
  // Only API routes count: the web app's catch-all GET * is not an endpoint (an unknown API path answers 404).
  const handler = routes.find((r) => r.method === wanted && r.path.startsWith("/api/"));
  return handler ? `${wanted} ${handler.path}` : null;
}

export function accessControl(deps: { db: Database; now: () => Date }): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const endpoint = matchedEndpoint(c.req.method, matchedRoutes(c));
    if (endpoint === null) return next();
    const rule = accessRules[endpoint];
    if (rule === undefined) {
      // Fail closed: an endpoint nobody gave a rule is refused (and the access-matrix test fails).
      console.error(`no access rule for ${endpoint}: refused`);
      return errorJson(c, forbidden());
    }
    if (rule === "public") return next();
    return (await authorise(c, deps, rule === "signed_in" ? undefined : rule)) ?? next();
  };
}
