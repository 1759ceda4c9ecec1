// parse: checks that a request body has the shape of a breakdown query (types, enums, at most 3 dimensions) and
// nothing else; it does not know whether the survey or the units exist (validate does). parseWith does the same
// for the engine's other requests (comments, exports, dashboard), with the same error.
import type { z } from "zod";
import { QueryError } from "./errors";
import { BreakdownQuery } from "./query";

export function parseWith<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join("/") ?? "";
  const what = path === "" ? "The query" : `Field "${path}"`;
  const message =
    issue?.code === "unrecognized_keys"
      ? `${what} has fields a query does not take: ${issue.keys.join(", ")}.`
      : `${what}: ${issue?.message ?? "is not valid"}.`;
  throw new QueryError("invalid_query", message, path === "" ? undefined : path);
}

export function parse(body: unknown): BreakdownQuery {
  return parseWith(BreakdownQuery, body);
}
