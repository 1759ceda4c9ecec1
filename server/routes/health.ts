import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { validationHook } from "../http/errorHandling";

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["system"],
  responses: {
    200: {
      description: "The server is up.",
      content: { "application/json": { schema: z.object({ ok: z.literal(true) }) } },
    },
  },
});

export function healthRoutes() {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(healthRoute, (c) =>
    c.json({ ok: true as const }, 200),
  );
}
