// /admin/links (admins, grid workers): pick a round and a part of the tree, see each unit's short link, print the
// chosen units' QR sheets, and optionally issue single-use slips for a unit (shown once, printed at once; the first
// slips of a unit only after confirming that its QR link and kiosk then need one for every response).
import "./links.css";
import { useEffect, useMemo, useState } from "react";
import { UnitSelect } from "../admin/UnitSelect";
import { fetchWaves, type Wave } from "../api";
import { useI18n } from "../i18n";
import {
  fetchLinks,
  fetchTokenCounts,
  type IssuedTokens,
  issueTokens,
  type ScopedUnit,
  type TokenCount,
  type UnitLink,
} from "../staff/api";
import { StaffPage } from "../staff/StaffPage";
import { errorText, useStaffText } from "../staff/useStaffText";
import { linksMessages } from "./messages";
import { Slips, UnitSheet } from "./PrintSheets";

const maxSlips = 2000;

/** The count as typed, if it is a whole number of slips one request may issue. */
function slipCountOf(typed: string): number | null {
  const count = Number(typed.trim());
  return typed.trim() !== "" && Number.isInteger(count) && count >= 1 && count <= maxSlips ? count : null;
}

/** Phones at the stations cannot reach the machine itself: sheets printed with such an address are useless. */
function isLocalAddress(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return (
      host === "localhost" ||
      host === "[::1]" ||
      host === "0.0.0.0" ||
      /^127\./.test(host) ||
      host.endsWith(".localhost")
    );
  } catch {
    return false;
  }
}

export function LinksPage() {
  return <StaffPage path="/admin/links">{({ units }) => <Links scopeUnits={units} />}</StaffPage>;
}

const pickWave = (waves: Wave[]) =>
  (waves.find((w) => w.status === "open") ?? waves.find((w) => w.status === "scheduled") ?? waves[0])?.id ??
  "";

/** Prints only the sheets or only the slips: the print stylesheet keys on this attribute. */
function printOnly(what: "sheets" | "slips") {
  document.body.dataset.print = what;
  window.print();
}

function Links({ scopeUnits }: { scopeUnits: readonly ScopedUnit[] }) {
  const staff = useStaffText();
  const { lang, text } = useI18n();
  const t = linksMessages[lang];
  const [waves, setWaves] = useState<Wave[] | null>(null);
  const [waveId, setWaveId] = useState("");
  const [rootId, setRootId] = useState(scopeUnits[0]?.id ?? "");
  const [links, setLinks] = useState<UnitLink[] | null>(null);
  const [counts, setCounts] = useState<TokenCount[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [slipUnit, setSlipUnit] = useState("");
  // Kept as typed: clamping on every keystroke would turn a cleared field into "1" while someone types "25".
  const [slipCount, setSlipCount] = useState("30");
  const [issuing, setIssuing] = useState(false);
  const [countProblem, setCountProblem] = useState(false);
  // The first slips of a unit change how it answers: asked once more, inline, before they are issued.
  const [confirming, setConfirming] = useState(false);
  const [issued, setIssued] = useState<IssuedTokens | null>(null);

  useEffect(() => {
    fetchWaves().then((res) => {
      if (!res.ok) return setError(errorText(staff, res.error));
      setWaves(res.data);
      // ?wave=ID (the survey-round admin page links here) picks that round when it exists.
      const asked = new URLSearchParams(location.search).get("wave");
      const known = asked && res.data.some((w) => w.id === asked) ? asked : null;
      setWaveId((current) => current || known || pickWave(res.data));
    });
  }, [staff]);

  useEffect(() => {
    if (!waveId || !rootId) return;
    let live = true;
    setLinks(null);
    (async () => {
      const [found, tokens] = await Promise.all([
        fetchLinks(waveId, rootId),
        fetchTokenCounts(waveId, rootId),
      ]);
      if (!live) return;
      if (!found.ok) return setError(errorText(staff, found.error));
      if (!tokens.ok) return setError(errorText(staff, tokens.error));
      setError(null);
      setLinks(found.data);
      setCounts(tokens.data);
      setSelected(new Set(found.data.map((l) => l.unitId)));
      setSlipUnit((current) =>
        found.data.some((l) => l.unitId === current) ? current : (found.data[0]?.unitId ?? ""),
      );
    })();
    return () => {
      live = false;
    };
  }, [waveId, rootId, staff]);

  // Slips of one round and unit only: another choice hides them (they were printed or are lost by design).
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new round or part of the tree is what clears them.
  useEffect(() => setIssued(null), [waveId, rootId]);

  const wave = waves?.find((w) => w.id === waveId) ?? null;
  const countOf = useMemo(() => new Map(counts.map((c) => [c.unitId, c])), [counts]);
  const chosen = links?.filter((l) => selected.has(l.unitId)) ?? [];
  const indent = (l: UnitLink) => l.level - (links?.[0]?.level ?? 0);

  const toggle = (unitId: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(unitId)) next.add(unitId);
      return next;
    });

  const firstSlips = !countOf.has(slipUnit);
  const slipUnitName = links?.find((l) => l.unitId === slipUnit)?.name;

  const issue = async (confirmed: boolean) => {
    if (!waveId || !slipUnit) return;
    const count = slipCountOf(slipCount);
    setCountProblem(count === null);
    if (count === null) return;
    if (firstSlips && !confirmed) return setConfirming(true);
    setConfirming(false);
    setIssuing(true);
    const res = await issueTokens(waveId, slipUnit, count);
    setIssuing(false);
    if (!res.ok) return setError(errorText(staff, res.error));
    setError(null);
    setIssued(res.data);
    const refreshed = await fetchTokenCounts(waveId, rootId);
    if (refreshed.ok) setCounts(refreshed.data);
  };

  return (
    <section className="links" aria-labelledby="links-title">
      <div className="links-controls">
        <h1 id="links-title">{t.title}</h1>
        <p className="hint">{t.intro}</p>
        {waves && waves.length === 0 && <p className="notice">{t.noWaves}</p>}
        {waves && waves.length > 0 && (
          <div className="links-pickers">
            <label className="inline-field">
              {t.wave}
              <select value={waveId} onChange={(e) => setWaveId(e.target.value)} data-testid="links-wave">
                {waves.map((w) => (
                  <option key={w.id} value={w.id}>
                    {`${text(w.title)} (${staff.waveStatus[w.status] ?? w.status})`}
                  </option>
                ))}
              </select>
            </label>
            <div className="inline-field">
              <label htmlFor="links-root">{t.unit}</label>
              <UnitSelect id="links-root" units={scopeUnits} value={rootId} onChange={setRootId} />
            </div>
          </div>
        )}
        {wave && !wave.channels.includes("online") && <p className="notice">{t.notOnline}</p>}
        {links?.[0] && isLocalAddress(links[0].url) && (
          <p className="notice notice-error" role="alert" data-testid="links-local-address">
            {t.localAddress(new URL(links[0].url).host)}
          </p>
        )}
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        {waveId && !links && !error && <p className="notice">{t.loading}</p>}
        {links && wave && (
          <>
            <div className="links-actions">
              <button
                type="button"
                className="button"
                onClick={() => setSelected(new Set(links.map((l) => l.unitId)))}
              >
                {t.selectAll}
              </button>
              <button type="button" className="button" onClick={() => setSelected(new Set())}>
                {t.selectNone}
              </button>
              <button
                type="button"
                className="button button-primary"
                disabled={chosen.length === 0}
                onClick={() => printOnly("sheets")}
                data-testid="print-sheets"
              >
                {t.printSheets(chosen.length)}
              </button>
            </div>
            <div className="table-wrap">
              <table className="data-table" data-testid="links">
                <thead>
                  <tr>
                    <th scope="col">{t.columnPrint}</th>
                    <th scope="col">{t.columnUnit}</th>
                    <th scope="col">{t.columnLink}</th>
                    <th scope="col">{t.columnSlips}</th>
                  </tr>
                </thead>
                <tbody>
                  {links.map((l) => {
                    const c = countOf.get(l.unitId);
                    return (
                      <tr key={l.unitId}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`${t.columnPrint}: ${text(l.name)}`}
                            checked={selected.has(l.unitId)}
                            onChange={() => toggle(l.unitId)}
                          />
                        </td>
                        <th scope="row" style={{ paddingInlineStart: `${0.5 + indent(l) * 1.25}rem` }}>
                          {text(l.name)}
                        </th>
                        <td>
                          <a href={l.url} data-testid="link-url">
                            {l.url}
                          </a>
                        </td>
                        <td>
                          {c ? (
                            <>
                              {`${c.used} / ${c.issued}`}{" "}
                              <span className="links-slip-needed" data-testid="slip-needed-mark">
                                {t.slipNeededMark}
                              </span>
                            </>
                          ) : (
                            t.noSlips
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>

            <section className="links-slip-form" aria-labelledby="slips-title">
              <h2 id="slips-title">{t.slipsTitle}</h2>
              <p className="hint">{t.slipsIntro}</p>
              <div className="links-pickers">
                <label className="inline-field">
                  {t.slipsUnit}
                  <select
                    value={slipUnit}
                    onChange={(e) => {
                      setSlipUnit(e.target.value);
                      setConfirming(false);
                    }}
                    data-testid="slip-unit"
                  >
                    {links.map((l) => (
                      <option key={l.unitId} value={l.unitId}>
                        {`${"\u3000".repeat(indent(l))}${text(l.name)}`}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="inline-field">
                  {t.slipsCount}
                  <input
                    type="number"
                    min={1}
                    max={maxSlips}
                    step={1}
                    value={slipCount}
                    aria-invalid={countProblem}
                    onChange={(e) => {
                      setSlipCount(e.target.value);
                      setCountProblem(false);
                      setConfirming(false);
                    }}
                    data-testid="slip-count"
                  />
                </label>
                <button
                  type="button"
                  className="button"
                  disabled={issuing || confirming}
                  onClick={() => issue(false)}
                  data-testid="issue"
                >
                  {issuing ? t.issuing : t.issue}
                </button>
              </div>
              {countProblem && (
                <p className="notice notice-error" role="alert" data-testid="slip-count-problem">
                  {t.countOutOfRange(maxSlips)}
                </p>
              )}
              {confirming && slipUnitName && (
                <div
                  className="notice"
                  role="alertdialog"
                  aria-labelledby="slips-confirm"
                  data-testid="slip-confirm"
                >
                  <p id="slips-confirm">
                    {t.confirmFirstSlips(text(slipUnitName), slipCountOf(slipCount) ?? 0)}
                  </p>
                  <div className="links-actions">
                    <button
                      type="button"
                      className="button button-primary"
                      onClick={() => issue(true)}
                      data-testid="issue-confirm"
                    >
                      {t.confirmIssue}
                    </button>
                    <button type="button" className="button" onClick={() => setConfirming(false)}>
                      {t.cancel}
                    </button>
                  </div>
                </div>
              )}
              {issued && (
                <div className="notice" role="status">
                  <p>{t.issuedOnce(issued.tokens.length)}</p>
                  <button type="button" className="button button-primary" onClick={() => printOnly("slips")}>
                    {t.printSlips}
                  </button>
                </div>
              )}
            </section>
            <h2 className="links-preview-title">
              {t.sheetsPreview} · {t.sheetCount(chosen.length)}
            </h2>
          </>
        )}
      </div>
      {links && wave && (
        <div className="links-sheets">
          {chosen.map((l) => (
            <UnitSheet key={l.unitId} wave={wave} link={l} needsSlip={countOf.has(l.unitId)} />
          ))}
        </div>
      )}
      {issued && wave && (
        <div className="links-slips">
          <Slips
            wave={wave}
            issued={issued}
            unitName={links?.find((l) => l.unitId === issued.unitId)?.pathName["zh-cn"] ?? issued.unitId}
          />
        </div>
      )}
    </section>
  );
}
