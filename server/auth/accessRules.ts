// Who may call each endpoint: the one table the access-matrix test checks every route of the app against, so an
// endpoint cannot be added without saying who may use it. Scope (a user's unit subtree) applies on top of roles.
import type { Role } from "./accounts";

export type Access = "public" | "signed_in" | readonly Role[];

export const accessRules: Readonly<Record<string, Access>> = {
  "GET /api/health": "public",
  "GET /api/openapi.json": "public",
  // Respondents are anonymous: the fill page needs the open waves, their form, and to submit.
  "GET /api/waves": "public",
  "GET /api/waves/:id/form": "public",
  "POST /api/responses": "public",
  "POST /api/auth/login": "public",
  // Logging out without a session is harmless and answers 204, so it needs no session.
  "POST /api/auth/logout": "public",
  "GET /api/auth/me": "signed_in",
};
