// zod schemas shared by routes and the OpenAPI document: the fixed error shape and common responses.
import { z } from "@hono/zod-openapi";

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "unknown_unit" }),
      message: z.string().openapi({ example: 'There is no unit "x". Choose your unit again.' }),
      path: z.string().optional().openapi({ example: "unitId" }),
    }),
  })
  .openapi("Error");
export type ErrorBody = z.infer<typeof ErrorBody>;

export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: ErrorBody } } } as const;
}
