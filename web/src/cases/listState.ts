// The inbox's view in the URL (tab, filters, page), so a filtered list can be bookmarked or sent to a colleague,
// and its translation into the list endpoint's query.
import type { CaseQuery } from "./casesApi";

export const statusTabs = ["new", "routed", "answered", "published", "closed", "merged"] as const;
export type Tab = (typeof statusTabs)[number] | "overdue" | "dueSoon" | "all";
export const tabs: readonly Tab[] = [...statusTabs, "overdue", "dueSoon", "all"];

export const filterKeys = [
  "topic",
  "category",
  "departmentId",
  "unitId",
  "waveId",
  "channel",
  "q",
  "sort",
] as const;
export type Filters = Record<(typeof filterKeys)[number], string>;
export const emptyFilters: Filters = {
  topic: "",
  category: "",
  departmentId: "",
  unitId: "",
  waveId: "",
  channel: "",
  q: "",
  sort: "",
};

export interface ListView {
  tab: Tab;
  filters: Filters;
  page: number;
}

export const pageSize = 20;

export function viewFromUrl(defaultTab: Tab): ListView {
  const q = new URLSearchParams(location.search);
  const tab = q.get("tab");
  const filters = { ...emptyFilters };
  for (const k of filterKeys) filters[k] = q.get(k) ?? "";
  const page = Math.max(0, Number.parseInt(q.get("page") ?? "0", 10) || 0);
  return { tab: tabs.includes(tab as Tab) ? (tab as Tab) : defaultTab, filters, page };
}

export function writeUrl(view: ListView): void {
  const q = new URLSearchParams();
  q.set("tab", view.tab);
  for (const k of filterKeys) if (view.filters[k]) q.set(k, view.filters[k]);
  if (view.page > 0) q.set("page", String(view.page));
  history.replaceState(null, "", `${location.pathname}?${q}`);
}

export function toQuery(view: ListView): CaseQuery {
  const q: Record<string, string> = {};
  for (const k of filterKeys) if (view.filters[k].trim()) q[k] = view.filters[k].trim();
  if ((statusTabs as readonly string[]).includes(view.tab)) q.status = view.tab;
  if (view.tab === "overdue") q.overdue = "1";
  if (view.tab === "dueSoon") {
    q.dueSoon = "1";
    q.sort ??= "deadline";
  }
  q.offset = String(view.page * pageSize);
  q.limit = String(pageSize);
  return q as CaseQuery;
}
