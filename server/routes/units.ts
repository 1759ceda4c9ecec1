// The organisation as the signed-in user may see it (the scope unit and its subtree), and keeping it current
// (whole-organisation admins): add, rename, move, merge, retire, set a headcount. Thin: validate, one domain call.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, wholeOrganisationOnly } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { Bilingual, errorResponse } from "../http/schemas";
import { addUnit, listRetiredUnits, restoreUnit, retireUnit, setHeadcount } from "../org/editUnits";
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
const UnitId = z.string().min(1).max(200);
// One line of text, as an imported name must be (checkOrgRows): a name shows in trees, pickers and reports.
const UnitName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^\P{Cc}*$/u, "a unit's name is one line of text, without line breaks or tabs");

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
              nameZh: UnitName.optional(),
              nameEn: UnitName.optional(),
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

const addRoute = createRoute({
  method: "post",
  path: "/units",
  tags: ["organisation"],
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .strictObject({
              id: UnitId.optional().openapi({
                description:
                  "1-100 letters, digits, _ . or -; made from the kind and random digits if omitted.",
              }),
              parentId: UnitId,
              nameZh: UnitName,
              nameEn: UnitName.optional().openapi({ description: "The Chinese name if omitted." }),
              kind: z.enum(unitKinds),
              headcount: z
                .number()
                .int()
                .min(0)
                .max(1_000_000)
                .optional()
                .openapi({ description: "0 if omitted." }),
            })
            .openapi("NewUnit"),
        },
      },
    },
  },
  responses: {
    201: {
      description: "Added, last among its parent's sub-units; rounds not yet closed take it at once.",
      content: { "application/json": { schema: z.object({ id: z.string() }) } },
    },
    400: errorResponse("`bad_unit_id`: the id has characters an id may not."),
    404: errorResponse("`unit_not_found`: no live parent by that id."),
    409: errorResponse("`unit_id_taken`: a unit (perhaps retired) has that id."),
  },
});

const retireRoute = createRoute({
  method: "post",
  path: "/units/{id}/retire",
  tags: ["organisation"],
  request: { params: UnitParam },
  responses: {
    204: {
      description:
        "Retired: it takes no new responses and leaves the live tree and pickers; its responses stay its own, and closed rounds keep it.",
    },
    400: errorResponse("`bad_unit_tree`: the root cannot be retired."),
    404: errorResponse("`unit_not_found`."),
    409: errorResponse(
      "`unit_has_sub_units` (the message names them: move, merge or retire them first), `unit_has_accounts` (accounts are scoped to it).",
    ),
  },
});

const restoreRoute = createRoute({
  method: "post",
  path: "/units/{id}/restore",
  tags: ["organisation"],
  request: { params: UnitParam },
  responses: {
    204: {
      description:
        "Restored where it was, with the headcount it had when retired; rounds not yet closed take it at once.",
    },
    404: errorResponse("`unit_not_found`."),
    409: errorResponse(
      "`unit_not_retired`; `unit_merged` (its responses count for the unit it went into); `parent_retired` (the message names the parent: restore it first).",
    ),
  },
});

const RetiredUnit = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    nameZh: z.string(),
    nameEn: z.string(),
    kind: z.enum(unitKinds),
    retiredAt: z.string(),
    headcount: z
      .number()
      .int()
      .openapi({ description: "Its headcount when retired; a restore gives it back." }),
    mergedInto: z.string().nullable().openapi({ description: "Merged units cannot be restored." }),
  })
  .openapi("RetiredUnit");

const retiredRoute = createRoute({
  method: "get",
  path: "/units/retired",
  tags: ["organisation"],
  responses: {
    200: {
      description: "Retired units (merged ones too), in tree order.",
      content: { "application/json": { schema: z.array(RetiredUnit) } },
    },
  },
});

const headcountRoute = createRoute({
  method: "post",
  path: "/units/{id}/headcount",
  tags: ["organisation"],
  request: {
    params: UnitParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({
            headcount: z
              .number()
              .int()
              .min(0)
              .max(1_000_000)
              .openapi({ description: "The unit's own staff." }),
          }),
        },
      },
    },
  },
  responses: { ...changed, 404: errorResponse("`unit_not_found`.") },
});

export function unitRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  // The organisation's structure is the whole organisation's: only its admins change it.
  app.on("POST", ["/units/:id/rename", "/units/:id/move", "/units/:id/merge"], wholeOrganisationOnly(deps));
  app.on("POST", ["/units", "/units/:id/retire", "/units/:id/headcount"], wholeOrganisationOnly(deps));
  app.on("POST", "/units/:id/restore", wholeOrganisationOnly(deps));
  app.on("GET", "/units/retired", wholeOrganisationOnly(deps));
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
    })
    .openapi(addRoute, async (c) => {
      const id = await addUnit(deps.db, c.req.valid("json"), ctx(c));
      deps.reference.invalidate();
      return c.json({ id }, 201);
    })
    .openapi(retireRoute, async (c) => {
      await retireUnit(deps.db, c.req.valid("param").id, ctx(c));
      return done(c);
    })
    .openapi(restoreRoute, async (c) => {
      await restoreUnit(deps.db, c.req.valid("param").id, ctx(c));
      return done(c);
    })
    .openapi(retiredRoute, async (c) => c.json(await listRetiredUnits(deps.db), 200))
    .openapi(headcountRoute, async (c) => {
      await setHeadcount(deps.db, c.req.valid("param").id, c.req.valid("json").headcount, ctx(c));
      return done(c);
    });
}
