// /admin/organisation (admins of the whole organisation): the unit tree with each unit's actions, the change
// history and the whole-tree import. The server checks and audits every change; this page shows its answers.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ApiErrorInfo } from "../../api";
import { useI18n } from "../../i18n";
import { fetchUnits, type ScopedUnit } from "../../staff/api";
import { StaffPage } from "../../staff/StaffPage";
import { useStaffText } from "../../staff/useStaffText";
import { HistoryList } from "./HistoryList";
import { ImportPanel } from "./ImportPanel";
import { organisationMessages } from "./messages";
import { fetchRetiredUnits, type RetiredUnit, restoreUnit } from "./orgApi";
import { type Notice, UnitActions } from "./UnitActions";
import { indexTree, UnitTree } from "./UnitTree";
import "./organisation.css";

export function OrganisationPage() {
  return (
    <StaffPage path="/admin/organisation">
      {({ units }) =>
        // The scope unit comes first; only an admin scoped to the root (level 0) may change the organisation.
        units[0]?.level === 0 ? <Organisation initial={units} /> : <WholeOrganisationOnly />
      }
    </StaffPage>
  );
}

function WholeOrganisationOnly() {
  const { lang } = useI18n();
  const t = organisationMessages[lang];
  return (
    <section className="notice notice-error" role="alert" data-testid="forbidden">
      <h1>{t.title}</h1>
      <p>{t.errors.whole_organisation_only}</p>
    </section>
  );
}

function Organisation({ initial }: { initial: ScopedUnit[] }) {
  const { lang, text } = useI18n();
  const t = organisationMessages[lang];
  const staff = useStaffText();
  const [units, setUnits] = useState(initial);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [version, setVersion] = useState(0);
  const [showRetired, setShowRetired] = useState(false);
  const [retired, setRetired] = useState<RetiredUnit[] | null>(null);
  const [restoringId, setRestoringId] = useState<string | null>(null);
  const index = useMemo(() => indexTree(units), [units]);
  const selected = selectedId ? index.byId.get(selectedId) : undefined;

  const errorText = useCallback(
    (error: ApiErrorInfo) => t.errors[error.code] ?? staff.errors[error.code] ?? error.message,
    [t, staff],
  );

  // Retired units are fetched when shown, and again after every change (a retire adds one, a restore takes one).
  const loadRetired = useCallback(async () => {
    const res = await fetchRetiredUnits();
    if (res.ok) setRetired(res.data);
    else setNotice({ ok: false, text: errorText(res.error) });
  }, [errorText]);
  const toggleRetired = (show: boolean) => {
    setShowRetired(show);
    if (show) void loadRetired();
    else setRetired(null);
  };

  const reload = useCallback(async () => {
    const res = await fetchUnits();
    if (res.ok) setUnits(res.data);
    else setNotice({ ok: false, text: errorText(res.error) });
    if (showRetired) await loadRetired();
    setVersion((v) => v + 1);
  }, [errorText, showRetired, loadRetired]);

  const restore = async (unit: RetiredUnit) => {
    setRestoringId(unit.id);
    const res = await restoreUnit(unit.id);
    setRestoringId(null);
    const name = lang === "zh-cn" ? unit.nameZh : unit.nameEn;
    done(res.ok ? { ok: true, text: t.done.restored(name) } : { ok: false, text: errorText(res.error) });
  };

  // A unit that is gone after a change (merged, retired) is no longer selected.
  useEffect(() => {
    if (selectedId && !index.byId.has(selectedId)) setSelectedId(null);
  }, [index, selectedId]);

  const done = (n: Notice, select?: string | null) => {
    setNotice(n);
    if (!n?.ok) return;
    if (select !== undefined) setSelectedId(select);
    void reload();
  };

  return (
    <section aria-labelledby="org-title" className="org-page">
      <h1 id="org-title">{t.title}</h1>
      <p className="hint">{t.intro}</p>
      {notice && (
        <p
          className={notice.ok ? "notice" : "notice notice-error"}
          role={notice.ok ? "status" : "alert"}
          data-testid="org-notice"
        >
          {notice.text}
        </p>
      )}
      <div className="org-layout">
        <UnitTree
          t={t}
          index={index}
          selectedId={selectedId}
          onSelect={(id) => setSelectedId(id)}
          retired={showRetired ? (retired ?? []) : null}
          onShowRetired={toggleRetired}
          onRestore={(unit) => void restore(unit)}
          restoringId={restoringId}
        />
        <div className="org-side">
          {selected ? (
            <UnitActions
              key={`${selected.id}:${version}`}
              t={t}
              unit={selected}
              units={units}
              errorText={errorText}
              onDone={done}
            />
          ) : (
            <p className="notice">{t.chooseUnit}</p>
          )}
        </div>
      </div>
      <ImportPanel
        t={t}
        errorText={errorText}
        onApplied={(n) => {
          setNotice({ ok: true, text: t.applied(n) });
          void reload();
        }}
      />
      <HistoryList
        t={t}
        unitId={selected?.id ?? null}
        unitName={selected ? text(selected.name) : null}
        version={version}
        errorText={errorText}
      />
    </section>
  );
}
