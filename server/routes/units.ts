// The organisation as the signed-in user may see it: the scope unit and its subtree. Thin: one domain call.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { listUnitsWithin, unitKinds } from "../org/units";
import type { AppDeps } from "./deps";

export const Bilingual = z.union([z.string(), z.record(z.string(), z.string())]);

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

export function unitRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook }).openapi(listRoute, async (c) =>
    c.json(await listUnitsWithin(deps.db, c.var.user.scopeUnitId), 200),
  );
}
