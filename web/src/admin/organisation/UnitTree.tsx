// The unit tree of the organisation page: expand and collapse, search by name in either language or by id, each
// unit's own headcount and its subtree's, and retired units on demand (greyed, with Restore). Choosing a unit or
// restoring one hands it to the page; this file changes nothing.
import { useMemo, useState } from "react";
import { useI18n } from "../../i18n";
import type { ScopedUnit } from "../../staff/api";
import type { OrganisationMessages } from "./messages";
import type { RetiredUnit } from "./orgApi";

export interface TreeIndex {
  byId: Map<string, ScopedUnit>;
  children: Map<string | null, ScopedUnit[]>;
  subtreeHeadcount: Map<string, number>;
}

export function indexTree(units: readonly ScopedUnit[]): TreeIndex {
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<string | null, ScopedUnit[]>();
  for (const u of units) {
    const parent = u.parentId !== null && byId.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const subtreeHeadcount = new Map<string, number>();
  const sum = (u: ScopedUnit): number => {
    const n = u.headcount + (children.get(u.id) ?? []).reduce((s, c) => s + sum(c), 0);
    subtreeHeadcount.set(u.id, n);
    return n;
  };
  for (const root of children.get(null) ?? []) sum(root);
  return { byId, children, subtreeHeadcount };
}

/** Units whose name (either language) or id contains the text, with their ancestors so the path shows. */
function matching(index: TreeIndex, query: string): Set<string> | null {
  const q = query.trim().toLowerCase();
  if (q === "") return null;
  const shown = new Set<string>();
  for (const u of index.byId.values()) {
    const name = typeof u.name === "string" ? u.name : Object.values(u.name).join(" ");
    if (!`${u.id} ${name}`.toLowerCase().includes(q)) continue;
    for (let at: ScopedUnit | undefined = u; at && !shown.has(at.id); ) {
      shown.add(at.id);
      at = at.parentId ? index.byId.get(at.parentId) : undefined;
    }
  }
  return shown;
}

export function UnitTree({
  t,
  index,
  selectedId,
  onSelect,
  retired,
  onShowRetired,
  onRestore,
  restoringId,
}: {
  t: OrganisationMessages;
  index: TreeIndex;
  selectedId: string | null;
  onSelect: (unitId: string) => void;
  /** Retired units to show among the live ones; null while they are hidden. */
  retired: readonly RetiredUnit[] | null;
  onShowRetired: (show: boolean) => void;
  onRestore: (unit: RetiredUnit) => void;
  restoringId: string | null;
}) {
  const { text, lang } = useI18n();
  const retiredUnder = useMemo(() => {
    const byParent = new Map<string, RetiredUnit[]>();
    for (const r of retired ?? []) {
      if (r.parentId === null) continue;
      byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
    }
    return byParent;
  }, [retired]);
  const retiredName = (r: { nameZh: string; nameEn: string }) => (lang === "zh-cn" ? r.nameZh : r.nameEn);
  const nameOf = (id: string) => {
    const live = index.byId.get(id);
    if (live) return text(live.name);
    const gone = retired?.find((r) => r.id === id);
    return gone ? retiredName(gone) : id;
  };

  // A retired unit, greyed, under its parent (live or retired); merged ones say where they went and stay retired.
  const retiredNode = (r: RetiredUnit) => {
    const name = retiredName(r);
    const below = retiredUnder.get(r.id) ?? [];
    return (
      <li key={r.id} data-unit-id={r.id} data-retired="true">
        <div className="org-row org-row-retired">
          <span className="org-toggle" aria-hidden="true" />
          <span className="org-name">{name}</span>
          <span className="hint org-kind">
            {t.kinds[r.kind] ?? r.kind} · {r.mergedInto ? t.mergedInto(nameOf(r.mergedInto)) : t.retiredTag}
          </span>
          {r.mergedInto === null && (
            <button
              type="button"
              className="org-restore"
              aria-label={t.restoreLabel(name)}
              disabled={restoringId !== null}
              onClick={() => onRestore(r)}
            >
              {t.restore}
            </button>
          )}
        </div>
        {below.length > 0 && <ul>{below.map(retiredNode)}</ul>}
      </li>
    );
  };
  const roots = index.children.get(null) ?? [];
  // The root and the operating areas show at first; deeper levels open on demand.
  const [open, setOpen] = useState<Set<string>>(
    () => new Set([...index.byId.values()].filter((u) => u.level <= (roots[0]?.level ?? 0)).map((u) => u.id)),
  );
  const [query, setQuery] = useState("");
  const shown = useMemo(() => matching(index, query), [index, query]);
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const node = (u: ScopedUnit) => {
    if (shown && !shown.has(u.id)) return null;
    const kids = index.children.get(u.id) ?? [];
    const retiredKids = retiredUnder.get(u.id) ?? [];
    const expanded = shown !== null || open.has(u.id);
    const name = text(u.name);
    return (
      <li key={u.id} data-unit-id={u.id}>
        <div className={u.id === selectedId ? "org-row org-row-selected" : "org-row"}>
          {kids.length + retiredKids.length > 0 ? (
            <button
              type="button"
              className="org-toggle"
              aria-expanded={expanded}
              aria-label={expanded ? t.collapse(name) : t.expand(name)}
              onClick={() => toggle(u.id)}
              disabled={shown !== null}
            >
              {expanded ? "▾" : "▸"}
            </button>
          ) : (
            <span className="org-toggle" aria-hidden="true" />
          )}
          <button
            type="button"
            className="link-button org-name"
            aria-current={u.id === selectedId ? "true" : undefined}
            onClick={() => onSelect(u.id)}
          >
            {name}
          </button>
          <span className="hint org-kind">{t.kinds[u.kind] ?? u.kind}</span>
          <span className="org-headcount" data-testid={`headcount-${u.id}`}>
            {t.headcountOwnSubtree(u.headcount, index.subtreeHeadcount.get(u.id) ?? u.headcount)}
          </span>
        </div>
        {kids.length + retiredKids.length > 0 && expanded && (
          <ul>
            {kids.map(node)}
            {retiredKids.map(retiredNode)}
          </ul>
        )}
      </li>
    );
  };

  const total = roots.reduce((s, r) => s + (index.subtreeHeadcount.get(r.id) ?? 0), 0);
  return (
    <div className="org-tree">
      <div className="org-tree-tools">
        <label>
          {t.search}
          <input
            type="search"
            name="unit-search"
            placeholder={t.searchPlaceholder}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <span>
          <button type="button" className="link-button" onClick={() => setOpen(new Set(index.byId.keys()))}>
            {t.expandAll}
          </button>{" "}
          <button type="button" className="link-button" onClick={() => setOpen(new Set())}>
            {t.collapseAll}
          </button>
        </span>
        <label className="org-show-retired">
          <input
            type="checkbox"
            name="show-retired"
            checked={retired !== null}
            onChange={(e) => onShowRetired(e.target.checked)}
          />
          {t.showRetired}
        </label>
      </div>
      <p className="hint">
        {t.headcountLegend} {t.totalHeadcount(total)}
      </p>
      {shown !== null && shown.size === 0 ? (
        <p className="notice">{t.noMatch}</p>
      ) : (
        <ul className="org-tree-list" data-testid="unit-tree">
          {roots.map(node)}
        </ul>
      )}
    </div>
  );
}
