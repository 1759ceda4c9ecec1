// /admin/audit: the audit log, newest first, filtered by who, action, target and time; older pages on demand.
// The filters live in the URL so a filtered view can be bookmarked or sent to a colleague.
import { type FormEvent, useEffect, useState } from "react";
import { formatDateTime, useI18n } from "../i18n";
import { type AuditEntry, type AuditQuery, fetchAudit } from "../staff/api";
import { StaffPage } from "../staff/StaffPage";
import { errorText, useStaffText } from "../staff/useStaffText";

const filterKeys = ["actor", "action", "target", "from", "to"] as const;
type Filters = Record<(typeof filterKeys)[number], string>;

function filtersFromUrl(): Filters {
  const q = new URLSearchParams(location.search);
  return Object.fromEntries(filterKeys.map((k) => [k, q.get(k) ?? ""])) as Filters;
}

/** datetime-local inputs give local wall-clock time without offset; the API wants an instant. */
function toQuery(f: Filters, before?: number): AuditQuery {
  const q: Record<string, string> = {};
  if (f.actor.trim()) q.actor = f.actor.trim();
  if (f.action) q.action = f.action;
  if (f.target.trim()) q.target = f.target.trim();
  if (f.from) q.from = new Date(f.from).toISOString();
  if (f.to) q.to = new Date(f.to).toISOString();
  if (before !== undefined) q.before = String(before);
  return q as AuditQuery;
}

export function AuditPage() {
  return <StaffPage path="/admin/audit">{() => <Audit />}</StaffPage>;
}

function Audit() {
  const t = useStaffText();
  const { lang } = useI18n();
  const [filters, setFilters] = useState<Filters>(filtersFromUrl);
  const [applied, setApplied] = useState<Filters>(filtersFromUrl);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [actions, setActions] = useState<string[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = async (f: Filters, before?: number) => {
    setLoading(true);
    const res = await fetchAudit(toQuery(f, before));
    setLoading(false);
    if (!res.ok) return setError(errorText(t, res.error));
    setError(null);
    setEntries((old) => (before === undefined ? res.data.entries : [...old, ...res.data.entries]));
    setActions(res.data.actions);
    setNextBefore(res.data.nextBefore);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load again only when the applied filters change
  useEffect(() => {
    void load(applied);
  }, [applied]);

  const apply = (event?: FormEvent, next: Filters = filters) => {
    event?.preventDefault();
    const q = new URLSearchParams();
    for (const k of filterKeys) if (next[k]) q.set(k, next[k]);
    history.replaceState(null, "", `${location.pathname}${q.size > 0 ? `?${q}` : ""}`);
    setApplied(next);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [k]: e.target.value }));
  const actionName = (a: string) => t.auditActions[a] ?? a;

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t.auditTitle}</h1>
      <p className="hint">{t.auditIntro}</p>
      <form className="form form-grid panel" onSubmit={apply} aria-label={t.filter}>
        <label>
          {t.actor}
          <input name="actor" value={filters.actor} onChange={set("actor")} autoCapitalize="none" />
        </label>
        <label>
          {t.action}
          <select name="action" value={filters.action} onChange={set("action")}>
            <option value="">{t.anyAction}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {actionName(a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.target}
          <input name="target" value={filters.target} onChange={set("target")} autoCapitalize="none" />
        </label>
        <label>
          {t.from}
          <input name="from" type="datetime-local" value={filters.from} onChange={set("from")} />
        </label>
        <label>
          {t.to}
          <input name="to" type="datetime-local" value={filters.to} onChange={set("to")} />
        </label>
        <div className="row-actions">
          <button type="submit" className="button">
            {t.filter}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              const empty = { actor: "", action: "", target: "", from: "", to: "" };
              setFilters(empty);
              apply(undefined, empty);
            }}
          >
            {t.clear}
          </button>
        </div>
      </form>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {!loading && !error && entries.length === 0 && <p className="notice">{t.noEntries}</p>}
      {entries.length > 0 && (
        <div className="table-wrap">
          <table className="data-table" data-testid="audit">
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.actor}</th>
                <th scope="col">{t.action}</th>
                <th scope="col">{t.target}</th>
                <th scope="col">{t.details}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td>{formatDateTime(e.at, lang)}</td>
                  <td>{e.actor ?? "—"}</td>
                  <td>{actionName(e.action)}</td>
                  <td>{e.target ?? "—"}</td>
                  <td>
                    <code className="detail">{e.detail ? JSON.stringify(e.detail) : ""}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore !== null && (
        <button type="button" className="button" disabled={loading} onClick={() => load(applied, nextBefore)}>
          {t.older}
        </button>
      )}
    </section>
  );
}
