// Small pieces the list and the case page share: the status badge, the deadline with days left or overdue, and
// the meta's units in tree order (parent first) for a unit picker.
import type { Case, MetaUnit } from "./casesApi";
import type { CasesMessages } from "./messages";

export function StatusBadge({ t, status }: { t: CasesMessages; status: string }) {
  return <span className={`case-badge case-badge-${status}`}>{t.statuses[status] ?? status}</span>;
}

export function DeadlineText({ t, c }: { t: CasesMessages; c: Case }) {
  if (c.deadline === null) return <>{t.none}</>;
  return (
    <span className="case-deadline">
      {c.deadline}
      {c.overdue && (
        <span className="case-flag case-flag-overdue">
          {c.daysLeft !== null && c.daysLeft < 0 ? t.daysOver(-c.daysLeft) : t.overdue}
        </span>
      )}
      {!c.overdue && c.dueSoon && c.daysLeft !== null && (
        <span className="case-flag case-flag-soon">{t.daysLeft(c.daysLeft)}</span>
      )}
      {!c.overdue && !c.dueSoon && c.daysLeft !== null && (
        <span className="hint"> {t.daysLeft(c.daysLeft)}</span>
      )}
      {c.answeredLate && !c.overdue && <span className="case-flag case-flag-overdue">{t.answeredLate}</span>}
    </span>
  );
}

/** Units parent first, children in the meta's order, so indenting by level draws the tree; `within` keeps a subtree. */
export function unitsInTreeOrder(units: readonly MetaUnit[], within?: ReadonlySet<string>): MetaUnit[] {
  const children = new Map<string | null, MetaUnit[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const parent = u.parentId !== null && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: MetaUnit[] = [];
  const walk = (parent: string | null) => {
    for (const u of children.get(parent) ?? []) {
      if (!within || within.has(u.id)) out.push(u);
      walk(u.id);
    }
  };
  walk(null);
  return out;
}
