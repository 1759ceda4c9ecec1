// Response progress for one survey round inside the user's scope: the current unit's totals, then each child unit
// with its headcount, responses by channel and response rate; click a unit to go down, breadcrumbs to come back.
// Counts only, no answers: there is nothing here that group-size suppression would hide.
import { useEffect, useMemo, useState } from "react";
import { fetchWaves, type Wave } from "../api";
import { useI18n } from "../i18n";
import { fetchProgress, type ScopedUnit, type UnitProgress, type WaveProgress } from "../staff/api";
import { Breadcrumbs } from "../staff/Breadcrumbs";
import { Figure } from "../staff/Figure";
import { errorText, useStaffText } from "../staff/useStaffText";

const percent = (n: number, d: number) => (d > 0 ? `${((100 * n) / d).toFixed(1)}%` : "—");

function pickDefaultWave(waves: Wave[]): string | null {
  return (
    (waves.find((w) => w.status === "open") ?? waves.find((w) => w.status === "closed") ?? waves[0])?.id ??
    null
  );
}

export function ProgressOverview({ scopeUnits }: { scopeUnits: readonly ScopedUnit[] }) {
  const t = useStaffText();
  const { text } = useI18n();
  const [waves, setWaves] = useState<Wave[] | null>(null);
  const [waveId, setWaveId] = useState<string | null>(() => new URLSearchParams(location.search).get("wave"));
  const [unitId, setUnitId] = useState<string | undefined>(
    () => new URLSearchParams(location.search).get("unit") ?? undefined,
  );
  const [progress, setProgress] = useState<WaveProgress | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchWaves().then((res) => {
      if (!res.ok) return setError(errorText(t, res.error));
      setWaves(res.data);
      setWaveId((current) =>
        current && res.data.some((w) => w.id === current) ? current : pickDefaultWave(res.data),
      );
    });
  }, [t]);

  useEffect(() => {
    if (!waveId) return;
    let live = true;
    fetchProgress(waveId, unitId).then((res) => {
      if (!live) return;
      if (!res.ok) {
        setProgress(null);
        return setError(errorText(t, res.error));
      }
      setError(null);
      setProgress(res.data);
    });
    const q = new URLSearchParams(location.search);
    q.set("wave", waveId);
    if (unitId) q.set("unit", unitId);
    else q.delete("unit");
    history.replaceState(null, "", `${location.pathname}?${q}`);
    return () => {
      live = false;
    };
  }, [waveId, unitId, t]);

  const view = useMemo(() => {
    if (!progress) return null;
    const byId = new Map(progress.units.map((u) => [u.id, u]));
    const root = byId.get(progress.rootUnitId) as UnitProgress;
    const children = progress.units.filter((u) => u.parentId === root.id);
    return { root, children };
  }, [progress]);

  return (
    <section aria-labelledby="progress-title">
      <h1 id="progress-title">{t.overviewTitle}</h1>
      <p className="hint">{t.overviewIntro}</p>
      {waves && waves.length === 0 && <p className="notice">{t.noWaves}</p>}
      {waves && waves.length > 0 && (
        <label className="inline-field">
          {t.wave}
          <select value={waveId ?? ""} onChange={(e) => setWaveId(e.target.value)} data-testid="wave-select">
            {waves.map((w) => (
              <option key={w.id} value={w.id}>
                {`${text(w.title)} (${t.waveStatus[w.status] ?? w.status})`}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {view && (
        <>
          <Breadcrumbs units={scopeUnits} currentId={view.root.id} onPick={setUnitId} label={t.whole} />
          <div className="figure-row" data-testid="progress-total">
            <Figure label={t.responses} value={String(view.root.subtree.total)} />
            <Figure label={t.headcount} value={String(view.root.subtree.headcount)} />
            <Figure label={t.rate} value={percent(view.root.subtree.total, view.root.subtree.headcount)} />
          </div>
          <div className="table-wrap">
            <table className="data-table" data-testid="progress">
              <thead>
                <tr>
                  <th scope="col">{t.unit}</th>
                  <th scope="col">{t.headcount}</th>
                  <th scope="col">{t.responses}</th>
                  <th scope="col">{t.rate}</th>
                  <th scope="col">{t.online}</th>
                  <th scope="col">{t.onsite}</th>
                  <th scope="col">{t.paper}</th>
                </tr>
              </thead>
              <tbody>
                {[{ ...view.root, isOwn: true }, ...view.children.map((c) => ({ ...c, isOwn: false }))].map(
                  (u) => {
                    const c = u.isOwn ? { ...u.own, headcount: u.headcount } : u.subtree;
                    const hasChildren = !u.isOwn && progress?.units.some((x) => x.parentId === u.id);
                    return (
                      <tr key={`${u.id}${u.isOwn ? ":own" : ""}`}>
                        <th scope="row">
                          {hasChildren ? (
                            <button type="button" className="link-button" onClick={() => setUnitId(u.id)}>
                              {text(u.name)}
                            </button>
                          ) : (
                            text(u.name)
                          )}
                        </th>
                        <td>{c.headcount}</td>
                        <td>{c.total}</td>
                        <td>
                          <RateBar
                            value={c.headcount > 0 ? c.total / c.headcount : 0}
                            label={percent(c.total, c.headcount)}
                          />
                        </td>
                        <td>{c.online}</td>
                        <td>{c.onsite}</td>
                        <td>{c.paper}</td>
                      </tr>
                    );
                  },
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function RateBar({ value, label }: { value: number; label: string }) {
  return (
    <span className="rate">
      <span className="rate-bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, value * 100)}%` }} />
      </span>
      {label}
    </span>
  );
}
