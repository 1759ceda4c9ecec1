// POST /api/responses (fixed contract): envelope checked by zod here, everything else by submitResponse.
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { ResponseEnvelope, ResponseReceipt } from "../ingest/envelope";
import { submitResponse } from "../ingest/submitResponse";
import type { AppDeps } from "./deps";

const submitRoute = createRoute({
  method: "post",
  path: "/responses",
  tags: ["responses"],
  request: { body: { required: true, content: { "application/json": { schema: ResponseEnvelope } } } },
  responses: {
    201: { description: "Stored durably.", content: { "application/json": { schema: ResponseReceipt } } },
    200: {
      description: "An identical resend: already stored.",
      content: { "application/json": { schema: ResponseReceipt } },
    },
    400: errorResponse(
      "Malformed request, or unknown wave/unit/group; `token_required` / `unknown_token` for a unit with tokens.",
    ),
    409: errorResponse(
      "`id_conflict`: same id, different body; `wave_closed`: outside the wave's window; `token_used`.",
    ),
    413: errorResponse("Body over 256 KiB."),
    422: errorResponse("The answers fail the survey's validation; `path` names the question."),
    503: errorResponse("Could not be stored just now; nothing was stored, send again."),
  },
});

export function responseRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(submitRoute, async (c) => {
    const outcome = await submitResponse(deps, c.req.valid("json"));
    return c.json({ id: outcome.id, receipt: outcome.receipt }, outcome.status);
  });
}
