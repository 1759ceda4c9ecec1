// /cases: for analysts and admins the triage inbox (tabs by status, overdue and due soon, with counts; filters;
// paging); for a department handler the department's cases with the reminders on top. Both log meeting demands.
import { useEffect, useMemo, useState } from "react";
import { fetchWaves, type Wave } from "../api";
import { useI18n } from "../i18n";
import type { StaffContext } from "../staff/StaffPage";
import { StaffPage } from "../staff/StaffPage";
import { CaseFilters } from "./CaseFilters";
import { CaseTable } from "./CaseTable";
import { unitsInTreeOrder } from "./caseBits";
import { type CaseList, type CaseMeta, fetchCaseMeta, fetchCases } from "./casesApi";
import { type ListView, pageSize, type Tab, tabs, toQuery, viewFromUrl, writeUrl } from "./listState";
import { MeetingForm } from "./MeetingForm";
import { Reminders } from "./Reminders";
import { caseErrorText, useCasesText } from "./useCasesText";
import "./cases.css";

export function CasesPage() {
  return <StaffPage path="/cases">{(ctx) => <CasesLoader ctx={ctx} />}</StaffPage>;
}

/** The choices every view needs (meta, rounds), loaded once. */
function CasesLoader({ ctx }: { ctx: StaffContext }) {
  const t = useCasesText();
  const [meta, setMeta] = useState<CaseMeta | null>(null);
  const [waves, setWaves] = useState<Wave[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    void attempt;
    void fetchCaseMeta().then((res) => (res.ok ? setMeta(res.data) : setError(caseErrorText(t, res.error))));
    void fetchWaves().then((res) => res.ok && setWaves(res.data));
  }, [attempt, t]);
  if (error) {
    return (
      <div className="notice notice-error" role="alert">
        <p>{error}</p>
        <button
          type="button"
          className="button"
          onClick={() => {
            setError(null);
            setAttempt((n) => n + 1);
          }}
        >
          {t.retry}
        </button>
      </div>
    );
  }
  if (!meta) return <p className="notice">…</p>;
  return <Inbox ctx={ctx} meta={meta} waves={waves} />;
}

function Inbox({ ctx, meta, waves }: { ctx: StaffContext; meta: CaseMeta; waves: Wave[] }) {
  const t = useCasesText();
  const { text } = useI18n();
  const handler = ctx.user.role === "handler";
  const [view, setView] = useState<ListView>(() => viewFromUrl(handler ? "routed" : "new"));
  const [filters, setFilters] = useState(view.filters);
  const [list, setList] = useState<CaseList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [meeting, setMeeting] = useState(false);
  const [reload, setReload] = useState(0);

  // Analysts pick among their scope's units; a handler hears demands from anywhere in the plant.
  const units = useMemo(
    () => unitsInTreeOrder(meta.units, handler ? undefined : new Set(ctx.units.map((u) => u.id))),
    [meta.units, ctx.units, handler],
  );

  useEffect(() => {
    void reload;
    writeUrl(view);
    let live = true;
    void fetchCases(toQuery(view)).then((res) => {
      if (!live) return;
      if (!res.ok) return setError(caseErrorText(t, res.error));
      setError(null);
      setList(res.data);
    });
    return () => {
      live = false;
    };
  }, [view, reload, t]);

  const shownTabs: readonly Tab[] = handler ? tabs.filter((x) => x !== "new" && x !== "merged") : tabs;
  const counts = list?.counts;
  const countOf = (tab: Tab) =>
    !counts
      ? null
      : tab === "all"
        ? counts.new + counts.routed + counts.answered + counts.published + counts.closed + counts.merged
        : counts[tab];
  const tabName = (tab: Tab) =>
    tab === "overdue" ? t.overdue : tab === "dueSoon" ? t.dueSoon : tab === "all" ? t.all : t.statuses[tab];
  const department = text(ctx.units[0]?.name) || ctx.user.scopeUnitId;

  return (
    <section aria-labelledby="cases-title" className="cases">
      <div className="cases-head">
        <h1 id="cases-title">{handler ? t.titleHandler : t.title}</h1>
        {!meeting && (
          <button type="button" className="button" onClick={() => setMeeting(true)} data-testid="log-meeting">
            {t.logMeeting}
          </button>
        )}
      </div>
      <p className="hint">{handler ? t.introHandler(department) : t.introTriage}</p>
      {meeting && (
        <MeetingForm
          t={t}
          meta={meta}
          units={units}
          waves={waves}
          handler={handler}
          onSaved={() => setReload((n) => n + 1)}
          onClose={() => setMeeting(false)}
        />
      )}
      {handler && counts && (
        <Reminders
          key={reload}
          t={t}
          overdue={counts.overdue}
          onShowOverdue={() => setView({ ...view, tab: "overdue", page: 0 })}
        />
      )}
      <div className="case-tabs" role="tablist" aria-label={t.status}>
        {shownTabs.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            aria-selected={view.tab === tab}
            data-testid={`tab-${tab}`}
            className={`case-tab${tab === "overdue" && (counts?.overdue ?? 0) > 0 ? " case-tab-alert" : ""}`}
            onClick={() => setView({ ...view, tab, page: 0 })}
          >
            {tabName(tab)} <span className="case-count">{countOf(tab) ?? ""}</span>
          </button>
        ))}
      </div>
      <CaseFilters
        t={t}
        meta={meta}
        units={units}
        waves={waves}
        showDepartment={!handler}
        filters={filters}
        onChange={setFilters}
        onApply={(next) => setView({ ...view, filters: next, page: 0 })}
      />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {list && !error && list.cases.length === 0 && (
        <p className="notice" data-testid="cases-empty">
          {t.noCases}
        </p>
      )}
      {list && list.cases.length > 0 && (
        <>
          <CaseTable t={t} meta={meta} cases={list.cases} showDepartment={!handler} />
          <div className="row-actions case-pager">
            <button
              type="button"
              className="button"
              disabled={view.page === 0}
              onClick={() => setView({ ...view, page: view.page - 1 })}
            >
              {t.previous}
            </button>
            <span data-testid="case-range">
              {t.shown(view.page * pageSize + 1, view.page * pageSize + list.cases.length, list.total)}
            </span>
            <button
              type="button"
              className="button"
              disabled={(view.page + 1) * pageSize >= list.total}
              onClick={() => setView({ ...view, page: view.page + 1 })}
            >
              {t.next}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
