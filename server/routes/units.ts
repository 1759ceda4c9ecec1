// The organisation as the signed-in user may see it (the scope unit and its subtree), and reorganising it between
// rounds (whole-organisation admins): rename, move, merge. Thin: validate, one domain call.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, wholeOrganisationOnly } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { Bilingual, errorResponse } from "../http/schemas";
import { mergeUnit, moveUnit, renameUnit } from "../org/reorganise";
import { listUnitsWithin, unitKinds } from "../org/units";
import type { AppDeps } from "./deps";

export const ScopedUnit = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    name: Bilingual,
    kind: z.enum(unitKinds),
    level: z.number().int(),
    headcount: z.number().int(),
  })
  .openapi("ScopedUnit");
export type ScopedUnit = z.infer<typeof ScopedUnit>;

const listRoute = createRoute({
  method: "get",
  path: "/units",
  tags: ["organisation"],
  responses: {
    200: {
      description: "Your scope unit first, then its subtree in tree order.",
      content: { "application/json": { schema: z.array(ScopedUnit) } },
    },
  },
});

const UnitParam = z.object({ id: z.string().min(1).max(200) });
const changed = {
  204: { description: "Changed; rounds not yet closed take the new organisation." },
} as const;
const refusals = {
  400: errorResponse("`bad_unit_tree`: the root cannot move or merge; nothing moves under or into itself."),
  404: errorResponse("`unit_not_found`."),
} as const;

const renameRoute = createRoute({
  method: "post",
  path: "/units/{id}/rename",
  tags: ["organisation"],
  request: {
    params: UnitParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .strictObject({
              nameZh: z.string().trim().min(1).max(100).optional(),
              nameEn: z.string().trim().min(1).max(100).optional(),
            })
            .refine((v) => v.nameZh !== undefined || v.nameEn !== undefined, {
              message: "give nameZh, nameEn or both",
            }),
        },
      },
    },
  },
  responses: { ...changed, ...refusals },
});

const moveRoute = createRoute({
  method: "post",
  path: "/units/{id}/move",
  tags: ["organisation"],
  request: {
    params: UnitParam,
    body: {
      required: true,
      content: { "application/json": { schema: z.strictObject({ parentId: z.string().min(1).max(200) }) } },
    },
  },
  responses: { ...changed, ...refusals },
});

const mergeRoute = createRoute({
  method: "post",
  path: "/units/{id}/merge",
  tags: ["organisation"],
  request: {
    params: UnitParam,
    body: {
      required: true,
      content: { "application/json": { schema: z.strictObject({ intoUnitId: z.string().min(1).max(200) }) } },
    },
  },
  responses: {
    204: {
      description:
        "Merged: its sub-units and staff move to intoUnitId, it is retired, and its responses (every round's) count for intoUnitId, so trends continue.",
    },
    ...refusals,
  },
});

export function unitRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  // The organisation's structure is the whole organisation's: only its admins change it.
  app.on("POST", ["/units/:id/rename", "/units/:id/move", "/units/:id/merge"], wholeOrganisationOnly(deps));
  const ctx = (c: { var: { user: { username: string } } }) => ({
    actor: c.var.user.username,
    now: deps.now(),
  });
  const done = (c: { body: (b: null, s: 204) => Response }) => {
    // Submissions check units against the reference cache: a merged unit stops taking responses at once.
    deps.reference.invalidate();
    return c.body(null, 204);
  };
  return app
    .openapi(listRoute, async (c) => c.json(await listUnitsWithin(deps.db, c.var.user.scopeUnitId), 200))
    .openapi(renameRoute, async (c) => {
      await renameUnit(deps.db, c.req.valid("param").id, c.req.valid("json"), ctx(c));
      return done(c);
    })
    .openapi(moveRoute, async (c) => {
      await moveUnit(deps.db, c.req.valid("param").id, c.req.valid("json").parentId, ctx(c));
      return done(c);
    })
    .openapi(mergeRoute, async (c) => {
      await mergeUnit(deps.db, c.req.valid("param").id, c.req.valid("json").intoUnitId, ctx(c));
      return done(c);
    });
}
