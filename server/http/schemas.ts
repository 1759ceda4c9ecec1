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

/** A name as survey texts give it: a plain string, or texts by language (`default` is English). */
export const Bilingual = z.union([z.string(), z.record(z.string(), z.string())]);

/** A text the server always has in both languages (unit and group names, question titles). */
export const BothLanguages = z
  .object({ default: z.string(), "zh-cn": z.string() })
  .openapi({ description: "English (`default`) and Chinese (`zh-cn`), like survey texts." });

export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: ErrorBody } } } as const;
}
