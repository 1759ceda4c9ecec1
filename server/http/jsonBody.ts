// Refuses a JSON request body that is not UTF-8 (RFC 8259 §8.1) before any route parses it: decoding it leniently
// would turn each broken byte into U+FFFD and store text the client never sent. It does not parse the JSON itself.
import { isUtf8 } from "node:buffer";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "../errors";

const jsonType = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

export function utf8JsonBodies(): MiddlewareHandler {
  return async (c, next) => {
    if (!c.req.raw.body || !jsonType.test(c.req.header("content-type") ?? "")) return next();
    const bytes = await c.req.arrayBuffer();
    // isUtf8 checks without building the string (the route's c.req.json() decodes it once, later).
    if (!isUtf8(bytes)) {
      throw new ApiError(
        400,
        "malformed_json",
        "The request body is not valid UTF-8. Send the JSON encoded as UTF-8.",
      );
    }
    // Hono keeps the bytes read here, so the route's own c.req.json() parses the same body.
    return next();
  };
}
