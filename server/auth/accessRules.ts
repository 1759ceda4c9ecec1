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
  "POST /api/auth/password": "signed_in",
  // The organisation below one's scope: scope pickers, names in every view.
  "GET /api/units": "signed_in",
  // Reorganising between rounds: admins of the whole organisation (checked by the route) only.
  "POST /api/units/:id/rename": ["admin"],
  "POST /api/units/:id/move": ["admin"],
  "POST /api/units/:id/merge": ["admin"],
  // Keeping the tree current, its history and whole-tree import: admins of the whole organisation (checked by the
  // route) only; the export lists every unit, outside any one scope.
  "POST /api/units": ["admin"],
  "POST /api/units/:id/retire": ["admin"],
  "POST /api/units/:id/headcount": ["admin"],
  "POST /api/units/:id/restore": ["admin"],
  "GET /api/units/retired": ["admin"],
  "GET /api/units/history": ["admin"],
  "GET /api/units/export.csv": ["admin"],
  "POST /api/units/import/preview": ["admin"],
  "POST /api/units/import/apply": ["admin"],
  // Survey definitions are not secret (the fill page shows them), but the API serves them to staff only.
  "GET /api/surveys/:id": "signed_in",
  "GET /api/surveys": "signed_in",
  "GET /api/surveys/:id/versions/:version": "signed_in",
  "POST /api/surveys": ["admin"],
  // Topic tagging: the items of a version as the tagging screen edits them, and saving them as a new version.
  "GET /api/surveys/:id/versions/:version/items": ["admin"],
  "POST /api/surveys/:id/tagging": ["admin"],
  "POST /api/waves": ["admin"],
  // Running rounds (the whole organisation's admins, checked by the route): the admin list with response counts,
  // the next round's settings copied from one, reschedule, open now, extend or reopen, close now.
  "GET /api/admin/waves": ["admin"],
  "GET /api/waves/:id/copy": ["admin"],
  "POST /api/waves/:id/schedule": ["admin"],
  "POST /api/waves/:id/open": ["admin"],
  "POST /api/waves/:id/extend": ["admin"],
  "POST /api/waves/:id/close": ["admin"],
  // Topic and group names appear in every view; the catalogues are changed by admins of the whole organisation.
  "GET /api/topics": "signed_in",
  "POST /api/topics": ["admin"],
  "POST /api/topics/order": ["admin"],
  "POST /api/topics/:id": ["admin"],
  "POST /api/topics/:id/retire": ["admin"],
  "POST /api/topics/:id/restore": ["admin"],
  "GET /api/groups": "signed_in",
  "POST /api/groups": ["admin"],
  "POST /api/groups/order": ["admin"],
  "POST /api/groups/:id": ["admin"],
  "POST /api/groups/:id/retire": ["admin"],
  "POST /api/groups/:id/restore": ["admin"],
  // Thresholds and languages shape every staff page; admins of the whole organisation change them.
  "GET /api/settings": "signed_in",
  "POST /api/settings": ["admin"],
  // Response counts by unit and channel, within the user's scope (a grid worker: its own stations); handlers
  // only see their demands.
  "GET /api/waves/:id/progress": ["admin", "analyst", "leader", "collector"],
  // Accounts scoped inside the admin's own scope.
  "GET /api/users": ["admin"],
  "POST /api/users": ["admin"],
  "PATCH /api/users/:username": ["admin"],
  "POST /api/users/:username/password": ["admin"],
  "GET /api/audit": ["admin"],
  // Breakdowns within the caller's scope; handlers see only the demands routed to them.
  "POST /api/analytics/query": ["admin", "analyst", "leader"],
  "GET /api/analytics/catalogue": ["admin", "analyst", "leader"],
  "POST /api/dashboard": ["admin", "analyst", "leader"],
  // Case figures (counts and rates, never a case's text) by the writer's unit in scope: leaders get figures only.
  "POST /api/analytics/cases": ["admin", "analyst", "leader"],
  // Periodic reports of units in the caller's scope.
  "GET /api/reports/data": ["admin", "analyst", "leader"],
  "POST /api/reports": ["admin", "analyst", "leader"],
  "GET /api/reports": ["admin", "analyst", "leader"],
  "GET /api/reports/:id/:kind": ["admin", "analyst", "leader"],
  "GET /api/report-schedules": ["admin", "analyst", "leader"],
  "POST /api/report-schedules": ["admin", "analyst", "leader"],
  "DELETE /api/report-schedules/:id": ["admin", "analyst", "leader"],
  // Free text is for analysts (DESIGN.md: comments are the analyst's; leaders see them in reports).
  "POST /api/analytics/comments": ["admin", "analyst"],
  // Exports obey scope and suppression like the query; leaders may export what they may see.
  "POST /api/analytics/export": ["admin", "analyst", "leader"],
  // Respondent-level data, even anonymised, is for analysts and admins only.
  "POST /api/analytics/raw": ["admin", "analyst"],
  // Paper forms: grid workers and admins key in or import the forms of units in their scope.
  "GET /api/waves/:id/paper": ["admin", "collector"],
  "GET /api/waves/:id/paper/template.xlsx": ["admin", "collector"],
  "GET /api/waves/:id/paper/template.csv": ["admin", "collector"],
  "POST /api/waves/:id/paper/import": ["admin", "collector"],
  // Unit links and QR sheets, invitation tokens: admins and grid workers, for units in their scope. A short link
  // names a wave and a unit only, so resolving one (and the /l/<code> redirect outside /api) is public.
  "GET /api/waves/:id/links": ["admin", "collector"],
  "GET /api/links/:code": "public",
  "POST /api/waves/:id/tokens": ["admin", "collector"],
  "GET /api/waves/:id/tokens": ["admin", "collector"],
  // Whether a slip is still good: only what its holder knows anyway, and 59-bit tokens cannot be guessed through it.
  "POST /api/waves/:id/slips/check": "public",
  "GET /l/:code": "public",
  // The printable paper form: for whoever hands out paper and keys it in.
  "GET /api/waves/:id/paper/form.pdf": ["admin", "collector"],
  // Cases (承办单). The lists and a case's text are for analysts, admins and department handlers only (leaders get
  // figures); handlers reach the cases routed to their department, analysts those of writers in their scope.
  "GET /api/cases": ["admin", "analyst", "handler"],
  "GET /api/cases/meta": ["admin", "analyst", "handler"],
  "GET /api/cases/:id": ["admin", "analyst", "handler"],
  // Supervision: analysts and admins score every department on their scope's cases, a handler sees their own
  // department's row; the export carries texts, so only case readers get it (within their reach). Leaders get
  // figures from the analytics API instead.
  "GET /api/cases/scores": ["admin", "analyst", "handler"],
  "GET /api/cases/scores.xlsx": ["admin", "analyst", "handler"],
  "GET /api/cases/export.xlsx": ["admin", "analyst", "handler"],
  // Demands raised in meetings are logged by whoever held the meeting.
  "POST /api/cases": ["admin", "analyst", "handler"],
  // Triage and approval are the analyst's; answering (or sending back) is the department's.
  "POST /api/cases/:id/classify": ["admin", "analyst"],
  "POST /api/cases/:id/merge": ["admin", "analyst"],
  "POST /api/cases/:id/route": ["admin", "analyst"],
  "POST /api/cases/:id/reply": ["admin", "analyst"],
  "POST /api/cases/:id/return": ["handler"],
  "POST /api/cases/:id/answer": ["admin", "handler"],
  "POST /api/cases/:id/approve": ["admin", "analyst"],
  "POST /api/cases/:id/reject": ["admin", "analyst"],
  "POST /api/cases/:id/adopt": ["admin", "analyst"],
  "POST /api/cases/:id/unmerge": ["admin", "analyst"],
  // The writer holds only a receipt: reading, rating and reopening by it are public, like the board of answers.
  "GET /api/receipts/:receipt": "public",
  "POST /api/receipts/:receipt/cases/:caseId/rating": "public",
  "POST /api/receipts/:receipt/cases/:caseId/reopen": "public",
  "GET /api/board": "public",
  "GET /api/board/meta": "public",
  // A copy of everything, written on the server's own disk (never sent back): admins of the whole organisation.
  "POST /api/admin/backup": ["admin"],
};
