// Turns every failure into the fixed error shape, and never leaks a stack trace or SQL to the client.
// Domain errors (ApiError) pass through; request-shape errors get the field's path; the rest is a plain 500.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { QueryError } from "../../analytics/errors";
import { ApiError } from "../errors";
import { noteStorageError } from "../storage/storageFailure";

export function errorJson(c: Context, error: ApiError) {
  return c.json(error.toBody(), error.status);
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof ApiError) return errorJson(c, err);
  // The analytics engine knows nothing of HTTP: a query it refuses is the caller's mistake.
  if (err instanceof QueryError) return errorJson(c, new ApiError(400, err.code, err.message, err.path));
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    if (status === 413) {
      return errorJson(c, new ApiError(413, "payload_too_large", "The request body is larger than 256 KiB."));
    }
    if (status === 415) {
      return errorJson(
        c,
        new ApiError(
          415,
          "unsupported_media_type",
          "Send the body as JSON with Content-Type: application/json.",
        ),
      );
    }
    if (status === 400) {
      return errorJson(
        c,
        new ApiError(400, "malformed_json", "The request body is not valid JSON. Send a JSON object."),
      );
    }
    return errorJson(c, new ApiError(status, "http_error", err.message || "The request was refused."));
  }
  console.error(`unexpected error on ${c.req.method} ${c.req.path}:`, err);
  // A full disk or a database DuckDB gave up on is the server's state, not a bug: say so, so clients retry.
  if (noteStorageError(err) !== null) return errorJson(c, storageUnavailable());
  return errorJson(
    c,
    new ApiError(
      500,
      "internal_error",
      "Something went wrong on the server; nothing was changed. Try again.",
    ),
  );
};

export const storageUnavailable = () =>
  new ApiError(
    503,
    "storage_unavailable",
    "The server cannot write to its database just now; nothing was changed. Try again in a few minutes.",
  );

export const onNotFound: NotFoundHandler = (c) =>
  errorJson(c, new ApiError(404, "not_found", `There is no endpoint ${c.req.method} ${c.req.path}.`));

/** The defaultHook of every OpenAPIHono: a request that fails its zod schema → 400 naming the first bad field. */
export function validationHook(
  result: { target?: string } & ({ success: true } | { success: false; error: ZodError }),
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const target = result.target ?? "json";
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join("/") ?? "";
  const what =
    path === ""
      ? `The request ${target === "json" ? "body" : target === "query" ? "query string" : target}`
      : `Field "${path}"`;
  let message = `${what}: ${issue?.message ?? "is not valid"}.`;
  if (issue?.code === "unrecognized_keys") {
    message = `${what} has fields this endpoint does not take: ${issue.keys.join(", ")}.`;
  }
  return c.json(
    new ApiError(400, "invalid_request", message, path === "" ? undefined : path).toBody(),
    400,
  ) as unknown as Response;
}
