// The organisation tree as the unit picker needs it: children per parent, display paths and search.
// Pure functions over the form's flat unit list; rendering lives in UnitPicker.tsx.
import type { FormUnit } from "../api";
import { type Lang, localize } from "../i18n";

export interface UnitTree {
  byId: Map<string, FormUnit>;
  children: Map<string | null, FormUnit[]>;
  /** Units a respondent browses first: the root's children (the root itself is the whole plant). */
  topLevel: FormUnit[];
  /** Lower-cased own names (both languages) and whole path, built once so typing stays fast. */
  searchText: Map<string, { own: string; path: string }>;
}

const allNames = (u: FormUnit) =>
  (typeof u.name === "string" ? [u.name] : Object.values(u.name)).join("\n").toLowerCase();

export function buildUnitTree(units: readonly FormUnit[]): UnitTree {
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<string | null, FormUnit[]>();
  for (const u of units) {
    const parent = u.parentId !== null && byId.has(u.parentId) ? u.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(u);
    children.set(parent, list);
  }
  const roots = children.get(null) ?? [];
  const topLevel = roots.length === 1 && roots[0] ? (children.get(roots[0].id) ?? roots) : roots;
  const tree: UnitTree = { byId, children, topLevel, searchText: new Map() };
  for (const u of units) {
    // The root is left out, as in unitPath: every unit shares it, so its name ("No. 3 Plant") would match all.
    const chain = ancestry(tree, u.id);
    const path = (chain.length > 1 ? chain.slice(1) : chain).map(allNames).join("\n");
    tree.searchText.set(u.id, { own: allNames(u), path });
  }
  return tree;
}

/** The unit and its ancestors, top first. */
function ancestry(tree: UnitTree, id: string): FormUnit[] {
  const chain: FormUnit[] = [];
  const seen = new Set<string>();
  for (
    let u = tree.byId.get(id);
    u && !seen.has(u.id);
    u = u.parentId ? tree.byId.get(u.parentId) : undefined
  ) {
    seen.add(u.id);
    chain.unshift(u);
  }
  return chain;
}

/** "采油一区 › 中心站3 › 班组2": the root is left out because every unit shares it. */
export function unitPath(tree: UnitTree, id: string, lang: Lang): string {
  const chain = ancestry(tree, id);
  const shown = chain.length > 1 ? chain.slice(1) : chain;
  return shown.map((u) => localize(u.name, lang)).join(" › ");
}

export function hasChildren(tree: UnitTree, id: string): boolean {
  return (tree.children.get(id)?.length ?? 0) > 0;
}

/**
 * Every word must appear somewhere in the unit's path (either language) and at least one in its own name,
 * so "中心站3 班组2" finds that team and not every unit under station 3. Own-name matches of the whole
 * query come first; otherwise tree order.
 */
export function searchUnits(tree: UnitTree, query: string): FormUnit[] {
  const q = query.trim().toLowerCase();
  // Chinese names mix scripts without spaces ("北3中心站"), so "中心站3" is split into "中心站" and "3".
  const words = q
    .replace(/(\p{Script=Han})(?=[^\p{Script=Han}\s])|([^\p{Script=Han}\s])(?=\p{Script=Han})/gu, "$1$2 ")
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return [];
  const exact: FormUnit[] = [];
  const partial: FormUnit[] = [];
  for (const [id, text] of tree.searchText) {
    if (!words.every((w) => text.path.includes(w)) || !words.some((w) => text.own.includes(w))) continue;
    const unit = tree.byId.get(id);
    if (unit) (text.own.includes(q) ? exact : partial).push(unit);
  }
  return [...exact, ...partial];
}
