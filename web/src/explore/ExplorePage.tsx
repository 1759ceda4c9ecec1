// /explore, the analyst's home: build a breakdown, see it as a pivot table and a chart, export it. The query lives
// in the URL; every number comes from POST /api/analytics/query, which applies scope and suppression.
import { useCallback, useEffect, useMemo, useState } from "react";
import { fetchWaves } from "../api";
import { useI18n } from "../i18n";
import {
  type AnalyticsCatalogue,
  type BreakdownQuery,
  type BreakdownResult,
  type CurrentUser,
  exportRaw,
  exportTable,
  fetchAnalyticsCatalogue,
  runBreakdown,
  type ScopedUnit,
} from "../staff/api";
import { StaffPage } from "../staff/StaffPage";
import { errorText, useStaffText } from "../staff/useStaffText";
import { BreakdownChart } from "./BreakdownChart";
import { exploreMessages } from "./messages";
import { labelOf, PivotTable } from "./PivotTable";
import { QueryBuilder } from "./QueryBuilder";
import { defaultQuery, readQuery, writeQuery } from "./urlState";
import "./explore.css";

export function ExplorePage() {
  return (
    <StaffPage path="/explore">{({ user, units }) => <Workbench user={user} units={units} />}</StaffPage>
  );
}

function Workbench({ user, units }: { user: CurrentUser; units: ScopedUnit[] }) {
  const { lang, text } = useI18n();
  const t = exploreMessages[lang];
  const staff = useStaffText();
  const [surveys, setSurveys] = useState<string[]>([]);
  const [draft, setDraft] = useState<BreakdownQuery | null>(readQuery);
  const [catalogue, setCatalogue] = useState<AnalyticsCatalogue | null>(null);
  const [result, setResult] = useState<BreakdownResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [measure, setMeasure] = useState<string | null>(null);
  const [slice, setSlice] = useState<string | null>(null);

  const run = useCallback(
    async (query: BreakdownQuery) => {
      setBusy(true);
      writeQuery(query);
      const res = await runBreakdown(query);
      setBusy(false);
      if (!res.ok) {
        setError(`${errorText(staff, res.error)}${res.error.path ? ` (${res.error.path})` : ""}`);
        return;
      }
      setError(null);
      setResult(res.data);
      setMeasure((m) => (m && query.measures.includes(m as never) ? m : (query.measures[0] ?? null)));
      setSlice(null);
    },
    [staff],
  );

  // The questionnaires come from the rounds; the first visit starts from the default view of the newest one.
  useEffect(() => {
    fetchWaves().then((res) => {
      if (!res.ok) return setError(errorText(staff, res.error));
      const ids = [...new Set(res.data.map((w) => w.surveyId))];
      setSurveys(ids);
      setDraft((d) => d ?? (ids[0] ? defaultQuery(ids[0], undefined) : null));
    });
  }, [staff]);

  const surveyId = draft?.surveyId;
  useEffect(() => {
    if (!surveyId) return;
    fetchAnalyticsCatalogue(surveyId).then((res) => {
      if (!res.ok) return setError(errorText(staff, res.error));
      setCatalogue(res.data);
    });
  }, [surveyId, staff]);

  // Run once when the page opens: the URL's query, or the default for the newest closed round.
  const [started, setStarted] = useState(false);
  useEffect(() => {
    if (started || !catalogue || !draft) return;
    setStarted(true);
    const fromUrl = readQuery();
    if (fromUrl) return void run(fromUrl);
    const latest = catalogue.waves.at(-2)?.id ?? catalogue.waves.at(-1)?.id;
    const q = defaultQuery(catalogue.surveyId, latest);
    setDraft(q);
    void run(q);
  }, [catalogue, draft, started, run]);

  const dims = result?.query.dimensions ?? [];
  const sliceDim = dims.length === 3 ? (dims[2] as string) : null;
  const sliceValues = useMemo(
    () =>
      sliceDim && result ? [...new Set(result.results.map((r) => r.dimensions[sliceDim] as string))] : [],
    [result, sliceDim],
  );
  const chartRows = useMemo(() => {
    if (!result) return [];
    if (!sliceDim) return result.results;
    const v = slice ?? sliceValues[0];
    return result.results.filter((r) => r.dimensions[sliceDim] === v);
  }, [result, sliceDim, slice, sliceValues]);

  const doExport = async (
    send: () => Promise<{ ok: boolean; error?: { code: string; message: string } }>,
  ) => {
    const res = await send();
    if (!res.ok && res.error) setError(`${t.exportFailed} ${errorText(staff, res.error)}`);
  };

  return (
    <section aria-labelledby="explore-title">
      <h1 id="explore-title">{t.title}</h1>
      <p className="hint">{t.intro}</p>
      {draft && (
        <QueryBuilder
          t={t}
          surveys={surveys}
          query={draft}
          catalogue={catalogue}
          units={units}
          busy={busy}
          onChange={setDraft}
          onRun={() => void run(draft)}
        />
      )}
      {error && (
        <p className="notice notice-error" role="alert" data-testid="query-error">
          {error}
        </p>
      )}
      {result && (
        <div className="result" data-testid="result">
          <div className="result-bar">
            <label className="inline-field">
              {t.pivotMeasure}
              <select
                value={measure ?? ""}
                onChange={(e) => setMeasure(e.target.value)}
                data-testid="pivot-measure"
              >
                {[...new Set(result.query.measures)].map((m) => (
                  <option key={m} value={m}>
                    {t.measureNames[m]}
                  </option>
                ))}
              </select>
            </label>
            {sliceDim && (
              <label className="inline-field">
                {t.chartSlice}
                <select value={slice ?? sliceValues[0] ?? ""} onChange={(e) => setSlice(e.target.value)}>
                  {sliceValues.map((v) => (
                    <option key={v} value={v}>
                      {labelOf(result, sliceDim, v, text)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <span className="row-actions">
              {t.exportTable}:
              <button
                type="button"
                className="link-button"
                data-testid="export-csv"
                onClick={() => doExport(() => exportTable(result.query, "csv", lang))}
              >
                CSV
              </button>
              <button
                type="button"
                className="link-button"
                onClick={() => doExport(() => exportTable(result.query, "xlsx", lang))}
              >
                XLSX
              </button>
              {user.role !== "leader" && (
                <>
                  {t.exportRaw}:
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => doExport(() => exportRaw(rawBody(result.query, "csv")))}
                  >
                    CSV
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => doExport(() => exportRaw(rawBody(result.query, "parquet")))}
                  >
                    Parquet
                  </button>
                </>
              )}
            </span>
          </div>
          <p className="hint" data-testid="result-summary">
            {result.results.length === 0
              ? t.noRows
              : t.rows(result.results.length, result.meta.suppressedRows)}
          </p>
          {result.meta.warnings.length > 0 && (
            <ul className="notice" aria-label={t.warnings}>
              {result.meta.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {result.results.length > 0 && measure && (
            <>
              <BreakdownChart t={t} result={result} rows={chartRows} measure={measure} />
              <PivotTable t={t} result={result} measure={measure} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The raw export takes whole pools only: the query's rounds and the units it reads within (never finer filters). */
function rawBody(q: BreakdownQuery, format: "csv" | "parquet") {
  const within = (q.filters ?? [])
    .filter((f) => f.member === "unit" && f.operator === "within")
    .flatMap((f) => f.values);
  return {
    surveyId: q.surveyId,
    format,
    ...(q.waveIds ? { waveIds: q.waveIds } : {}),
    ...(within.length > 0 ? { unitsWithin: within } : {}),
    ...(q.minGroupSize ? { minGroupSize: q.minGroupSize } : {}),
  };
}
