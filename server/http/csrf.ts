// Refuses state-changing requests a browser sends on another site's behalf, JSON included (Hono's csrf() only
// looks at form content types). It does not authenticate anyone; it only checks where a browser says it came from.
import type { MiddlewareHandler } from "hono";
import { ApiError } from "../errors";
import { errorJson } from "./errorHandling";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every browser that can carry a victim's cookie on a forged request sends Sec-Fetch-Site or Origin with it, so:
 * Sec-Fetch-Site must be same-origin; failing that header, Origin must name this host. A request with neither
 * comes from a program (curl, a sync job), which has no victim's cookie to abuse, and passes.
 */
export function csrfProtection(): MiddlewareHandler {
  return async (c, next) => {
    if (safeMethods.has(c.req.method)) return next();
    const site = c.req.header("sec-fetch-site");
    const origin = c.req.header("origin");
    let allowed = true;
    if (site !== undefined) allowed = site === "same-origin";
    else if (origin !== undefined)
      allowed = sameHost(origin, c.req.header("host") ?? new URL(c.req.url).host);
    if (!allowed) {
      return errorJson(
        c,
        new ApiError(
          403,
          "cross_site_request",
          "This request came from another site and was refused; nothing changed.",
        ),
      );
    }
    return next();
  };
}

function sameHost(origin: string, host: string): boolean {
  try {
    // Compare hosts, not schemes: behind an HTTPS proxy the browser says https while Node sees http.
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
