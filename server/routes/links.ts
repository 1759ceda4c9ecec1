// Unit links and invitation tokens: a subtree's short links for printed QR sheets (admin, grid worker; in scope),
// resolving a code (public), issuing and counting single-use tokens, checking a slip (public), and the /l/<code>
// redirect. Thin: validate, one domain call, JSON.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type AuthEnv, isHttps } from "../auth/middleware";
import { ApiError } from "../errors";
import { validationHook } from "../http/errorHandling";
import { BothLanguages as Bilingual, errorResponse } from "../http/schemas";
import { checkToken, countTokens, issueTokens, maxTokensPerIssue } from "../links/invitationTokens";
import { listUnitLinks, resolveLink } from "../links/unitLinks";
import type { AppDeps } from "./deps";

const WaveParam = z.object({ id: z.string().min(1).max(200) });
const UnitQuery = z.strictObject({ unitId: z.string().min(1).max(200).optional() });

const UnitLink = z
  .object({
    unitId: z.string(),
    name: Bilingual,
    pathName: Bilingual.openapi({ description: "From your scope unit down to this unit, joined by ` / `." }),
    level: z.number().int(),
    code: z.string(),
    url: z
      .string()
      .openapi({ description: "The short link to print: MINYI_PUBLIC_URL or this request's origin." }),
  })
  .openapi("UnitLink");

const linksRoute = createRoute({
  method: "get",
  path: "/waves/{id}/links",
  tags: ["links"],
  request: { params: WaveParam, query: UnitQuery },
  responses: {
    200: {
      description: "A short link per live unit of the subtree (default: your scope), made on first request.",
      content: { "application/json": { schema: z.array(UnitLink) } },
    },
    404: errorResponse("`wave_not_found`, or `unit_not_found` (also for a unit outside your scope)."),
  },
});

const resolveRoute = createRoute({
  method: "get",
  path: "/links/{code}",
  tags: ["links"],
  request: { params: z.object({ code: z.string().min(1).max(40) }) },
  responses: {
    200: {
      description: "The wave and unit a short link opens.",
      content: { "application/json": { schema: z.object({ waveId: z.string(), unitId: z.string() }) } },
    },
    404: errorResponse("`link_not_found`."),
  },
});

const NewTokens = z
  .strictObject({
    unitId: z.string().min(1).max(200),
    count: z.number().int().min(1).max(maxTokensPerIssue),
  })
  .openapi("NewTokens");

const issueRoute = createRoute({
  method: "post",
  path: "/waves/{id}/tokens",
  tags: ["links"],
  request: {
    params: WaveParam,
    body: { required: true, content: { "application/json": { schema: NewTokens } } },
  },
  responses: {
    201: {
      description:
        "The new tokens, in plain text this once (only their hashes are kept), with each slip's link.",
      content: {
        "application/json": {
          schema: z.object({
            waveId: z.string(),
            unitId: z.string(),
            code: z.string(),
            tokens: z.array(z.object({ token: z.string(), url: z.string() })),
          }),
        },
      },
    },
    400: errorResponse("A malformed request, or `channel_not_allowed` for a paper-only round."),
    404: errorResponse("`wave_not_found`, or `unit_not_found` (also for a unit outside your scope)."),
    409: errorResponse("`wave_closed`: the round has closed."),
  },
});

const countRoute = createRoute({
  method: "get",
  path: "/waves/{id}/tokens",
  tags: ["links"],
  request: { params: WaveParam, query: UnitQuery },
  responses: {
    200: {
      description:
        "Issued and used tokens per unit of the subtree (default: your scope); units with tokens only.",
      content: {
        "application/json": {
          schema: z.array(z.object({ unitId: z.string(), issued: z.number().int(), used: z.number().int() })),
        },
      },
    },
    404: errorResponse("`wave_not_found`, or `unit_not_found` (also for a unit outside your scope)."),
  },
});

const SlipCheck = z
  .strictObject({
    unitId: z.string().min(1).max(200),
    // Spaces and dashes as printed between groups are allowed; the server normalises like a submission's token.
    token: z.string().min(1).max(40),
  })
  .openapi("SlipCheck");

// POST, not GET: the token stays out of URLs, browser history and proxy logs.
const checkRoute = createRoute({
  method: "post",
  path: "/waves/{id}/slips/check",
  tags: ["links"],
  request: {
    params: WaveParam,
    body: { required: true, content: { "application/json": { schema: SlipCheck } } },
  },
  responses: {
    200: {
      description:
        "Whether a response with this slip would be taken for the unit: `unused`, `used` (already answered), or " +
        "`unknown` (not issued, or issued for another round or unit). A slip of a unit merged since it was printed " +
        "counts for the unit that carries it on. The submission still decides.",
      content: {
        "application/json": {
          schema: z.object({ state: z.enum(["unused", "used", "unknown"]) }).openapi("SlipState"),
        },
      },
    },
    400: errorResponse("A malformed request."),
    404: errorResponse("`wave_not_found`."),
  },
});

/** The address printed on sheets: MINYI_PUBLIC_URL (the plant's intranet name), else how this request came in. */
function publicBase(c: Context, deps: AppDeps): string {
  if (deps.publicUrl) return deps.publicUrl.replace(/\/+$/, "");
  const url = new URL(c.req.url);
  return `${isHttps(c, deps.trustProxy ?? false) ? "https:" : url.protocol}//${url.host}`;
}

export function linkRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  return app
    .openapi(linksRoute, async (c) =>
      c.json(
        await listUnitLinks(
          deps.db,
          c.req.valid("param").id,
          c.var.user,
          publicBase(c, deps),
          deps.now(),
          c.req.valid("query").unitId,
        ),
        200,
      ),
    )
    .openapi(resolveRoute, async (c) => c.json(await resolveLink(deps.db, c.req.valid("param").code), 200))
    .openapi(issueRoute, async (c) =>
      c.json(
        await issueTokens(
          deps.db,
          { waveId: c.req.valid("param").id, ...c.req.valid("json") },
          c.var.user,
          publicBase(c, deps),
          deps.now(),
        ),
        201,
      ),
    )
    .openapi(checkRoute, async (c) =>
      c.json(
        {
          state: await checkToken(
            deps.db,
            { waveId: c.req.valid("param").id, ...c.req.valid("json") },
            deps.now(),
          ),
        },
        200,
      ),
    )
    .openapi(countRoute, async (c) =>
      c.json(
        await countTokens(
          deps.db,
          c.req.valid("param").id,
          c.var.user,
          deps.now(),
          c.req.valid("query").unitId,
        ),
        200,
      ),
    );
}

/**
 * GET /l/<code>: a 302 to the fill page with the unit fixed, carrying a slip's ?t= along; works without JavaScript.
 * An unknown code falls through to the web app, whose /l/ page says the link is not valid.
 */
export function shortLinkRedirect(deps: AppDeps) {
  const app = new OpenAPIHono();
  // Described like every endpoint, but a plain handler: an unknown code must fall through to the web app.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: "get",
      path: "/l/{code}",
      tags: ["links"],
      request: { params: z.object({ code: z.string() }), query: z.object({ t: z.string().optional() }) },
      responses: {
        302: { description: "To /s/<waveId>?unit=<unitId>[&t=<token>]: the fill page with the unit fixed." },
        404: { description: "Unknown code: the web app's page saying the link is not valid." },
      },
    }),
  );
  return app.get("/l/:code", async (c, next) => {
    const code = c.req.param("code");
    let target: { waveId: string; unitId: string };
    try {
      target = await resolveLink(deps.db, code.slice(0, 40));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return next();
      throw error;
    }
    const query = new URLSearchParams({ unit: target.unitId });
    const token = c.req.query("t");
    if (token) query.set("t", token);
    c.header("Cache-Control", "no-store");
    return c.redirect(`/s/${encodeURIComponent(target.waveId)}?${query}`, 302);
  });
}
