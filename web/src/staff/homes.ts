// Where each role lands after logging in, which staff pages each role may open, and the navigation it sees.
// The server enforces access on every API call; these rules only keep people off pages that would refuse them.
import type { Role } from "./api";
import type { StaffMessages } from "./messages";

export const homeOf: Record<Role, string> = {
  admin: "/admin",
  analyst: "/explore",
  leader: "/dashboard",
  handler: "/cases",
  collector: "/progress",
};

export const pageRoles: Record<string, readonly Role[]> = {
  "/admin": ["admin"],
  "/admin/audit": ["admin"],
  "/admin/organisation": ["admin"],
  "/admin/links": ["admin", "collector"],
  "/explore": ["admin", "analyst", "leader"],
  "/progress": ["admin", "analyst", "leader", "collector"],
  "/comments": ["admin", "analyst"],
  "/report": ["admin", "analyst", "leader"],
  "/dashboard": ["admin", "analyst", "leader"],
  "/cases": ["admin", "analyst", "handler"],
  "/cases/supervision": ["admin", "analyst", "handler"],
  "/account": ["admin", "analyst", "leader", "handler", "collector"],
  "/admin/import": ["admin", "collector"],
  "/admin/keying": ["admin", "collector"],
  "/print/paper": ["admin", "collector"],
  "/admin/waves": ["admin"],
  "/admin/catalogues": ["admin"],
  "/admin/settings": ["admin"],
  "/admin/surveys": ["admin"],
};

type NavKey =
  | "navAdmin"
  | "navAudit"
  | "navExplore"
  | "navComments"
  | "navProgress"
  | "navDashboard"
  | "navReport"
  | "navCases"
  | "navSupervision"
  | "navLinks"
  | "navKiosk"
  | "navPaperImport"
  | "navKeying"
  | "navWaves"
  | "navCatalogues"
  | "navSettings"
  | "navOrganisation"
  | "navQuestionnaires";

const nav: { path: string; label: NavKey; roles: readonly Role[] }[] = [
  { path: "/admin", label: "navAdmin", roles: ["admin"] },
  // The admin's cycle in the order it is run: the organisation, the questionnaires and catalogues, the rounds, the settings.
  { path: "/admin/organisation", label: "navOrganisation", roles: ["admin"] },
  { path: "/admin/surveys", label: "navQuestionnaires", roles: ["admin"] },
  { path: "/admin/catalogues", label: "navCatalogues", roles: ["admin"] },
  { path: "/admin/waves", label: "navWaves", roles: ["admin"] },
  { path: "/admin/settings", label: "navSettings", roles: ["admin"] },
  { path: "/admin/audit", label: "navAudit", roles: ["admin"] },
  { path: "/dashboard", label: "navDashboard", roles: ["leader", "analyst", "admin"] },
  { path: "/explore", label: "navExplore", roles: ["admin", "analyst", "leader"] },
  { path: "/comments", label: "navComments", roles: ["admin", "analyst"] },
  { path: "/progress", label: "navProgress", roles: ["admin", "analyst", "leader", "collector"] },
  { path: "/report", label: "navReport", roles: ["admin", "analyst", "leader"] },
  { path: "/cases", label: "navCases", roles: ["handler", "analyst", "admin"] },
  { path: "/cases/supervision", label: "navSupervision", roles: ["admin", "analyst", "handler"] },
  { path: "/admin/links", label: "navLinks", roles: ["admin", "collector"] },
  // Public, but set up by whoever runs collection on site: it is their tablet's starting point.
  { path: "/kiosk", label: "navKiosk", roles: ["admin", "collector"] },
  { path: "/admin/import", label: "navPaperImport", roles: ["admin", "collector"] },
  { path: "/admin/keying", label: "navKeying", roles: ["admin", "collector"] },
];

export function navFor(role: Role, t: StaffMessages): { path: string; label: string }[] {
  return nav.filter((n) => n.roles.includes(role)).map((n) => ({ path: n.path, label: t[n.label] }));
}

/** A `next` target after login: only a path on this site, never another origin (no open redirect). */
export function safeNext(next: string | null): string | null {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  return next;
}
