// The dashboard's demands panel (诉求办理): the round's quarter against the one before (received, answered, on-time
// rate, overdue, satisfaction, adoptions), the trend by quarter, and the quarter by department and by topic. Hidden
// cells say why and keep their count of cases; a rate over too few ratings says so. No case text reaches this page.
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { EChart } from "../charts/EChart";
import { type LocalizedText, useI18n } from "../i18n";
import type { Dashboard } from "../staff/api";
import type { DashboardMessages } from "./messages";

type Panel = Dashboard["cases"];
type Result = Panel["trend"];
type Row = Result["results"][number];

const headline = [
  ["received", "received"],
  ["answered", "answered"],
  ["on_time_rate", "onTimeRate"],
  ["overdue", "overdue"],
  ["satisfaction_rate", "satisfactionRate"],
  ["adopted", "adopted"],
] as const;
type Measure = (typeof headline)[number][0];

const isRate = (m: string) => m.endsWith("_rate");

function formatValue(m: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  return isRate(m) ? `${(v * 100).toFixed(1)}%` : String(v);
}

function formatDelta(m: string, d: number): string {
  const sign = d > 0 ? "▲ +" : d < 0 ? "▼ −" : "±";
  return isRate(m) ? `${sign}${Math.abs(d * 100).toFixed(1)} pp` : `${sign}${Math.abs(d)}`;
}

/** A cell's value as the panel shows it: no row is a quarter without cases (0, or no rate); a hidden one is null. */
function cellValue(row: Row | undefined, m: Measure): number | null {
  if (!row) return isRate(m) ? null : 0;
  return row.suppressed ? null : (row.measures[m] ?? null);
}

/**
 * The engine hides a satisfaction rate over too few ratings (or to protect such a cell) and says so in a warning;
 * the cell itself only has null, as a cell without any rating has.
 */
const hidesFewRatings = (result: Result) =>
  result.meta.warnings.some((w) => w.startsWith("satisfaction_rate"));

/** A shown (not suppressed) row's figure in words: "too few ratings" where only its satisfaction rate is hidden. */
function shownFigure(t: DashboardMessages, result: Result, row: Row | undefined, m: Measure): string {
  const v = cellValue(row, m);
  if (v === null && row && m === "satisfaction_rate" && hidesFewRatings(result)) return t.fewRatings;
  return formatValue(m, v);
}

export function CasesPanel({ t, panel }: { t: DashboardMessages; panel: Panel }) {
  const { text } = useI18n();
  const at = (q: string | undefined) => panel.trend.results.find((r) => r.dimensions["period:quarter"] === q);
  const now = at(panel.quarter);
  const previousQuarter = panel.quarters.at(-2) as string;
  const before = at(previousQuarter);
  return (
    <div className="cases-panel">
      <p className="hint">{t.casesIntro(panel.quarter)}</p>
      {now?.suppressed ? (
        <p className="notice" data-testid="cases-hidden">
          {t.hiddenCases(now.n)}
        </p>
      ) : null}
      <dl className="case-tiles" data-testid="cases-figures">
        {headline.map(([m, key]) => {
          const v = cellValue(now, m);
          const p = cellValue(before, m);
          return (
            <div key={m} className="case-tile" data-testid={`cases-${m}`}>
              <dt>{t[key]}</dt>
              <dd className="case-value">
                {now?.suppressed ? t.hiddenCaseCell : shownFigure(t, panel.trend, now, m)}
              </dd>
              <dd className="hint">
                {t.previous(previousQuarter)}{" "}
                {before?.suppressed ? t.hiddenCaseCell : shownFigure(t, panel.trend, before, m)}
                {v !== null && p !== null && (
                  <span className={`change ${v - p >= 0 ? "up" : "down"}`}> {formatDelta(m, v - p)}</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      <CasesTrend t={t} panel={panel} />
      <h3>{t.casesByDepartment}</h3>
      <CasesTable t={t} result={panel.departments} dim="department" head={t.department} text={text} />
      <h3>{t.casesByTopic}</h3>
      <CasesTable t={t} result={panel.topics} dim="topic" head={t.topic} text={text} />
    </div>
  );
}

function CasesTrend({ t, panel }: { t: DashboardMessages; panel: Panel }) {
  const rows = panel.quarters.map((q) =>
    panel.trend.results.find((r) => r.dimensions["period:quarter"] === q),
  );
  const series = (m: Measure) => rows.map((r) => cellValue(r, m));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the series are derived from the panel on each render
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { bottom: 60 },
      xAxis: { type: "category", data: panel.quarters },
      yAxis: [
        { type: "value", name: t.cases, minInterval: 1 },
        { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      ],
      series: [
        { type: "bar", name: t.received, data: series("received") },
        { type: "bar", name: t.answered, data: series("answered") },
        ...(["on_time_rate", "satisfaction_rate"] as const).map((m) => ({
          type: "line",
          yAxisIndex: 1,
          connectNulls: false,
          name: m === "on_time_rate" ? t.onTimeRate : t.satisfactionRate,
          data: series(m).map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
        })),
      ],
    }),
    [panel, t],
  );
  return (
    <>
      <EChart option={option} label={t.casesTrendTitle} testId="cases-trend" />
      <details className="data-table-details">
        <summary>{t.dataTable}</summary>
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.quarter}</th>
                {headline.map(([m, key]) => (
                  <th key={m} scope="col">
                    {t[key]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {panel.quarters.map((q, i) => (
                <tr key={q}>
                  <th scope="row">{q}</th>
                  {rows[i]?.suppressed ? (
                    <td colSpan={headline.length}>{t.hiddenCases(rows[i]?.n ?? 0)}</td>
                  ) : (
                    headline.map(([m]) => <td key={m}>{shownFigure(t, panel.trend, rows[i], m)}</td>)
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

function CasesTable({
  t,
  result,
  dim,
  head,
  text,
}: {
  t: DashboardMessages;
  result: Result;
  dim: "department" | "topic";
  head: string;
  text: (v: LocalizedText) => string;
}) {
  if (result.results.length === 0) return <p className="hint">{t.noCases}</p>;
  const name = (id: string) => {
    const l = result.meta.labels[dim]?.[id];
    return l === undefined ? id : text(l);
  };
  const measures = headline.filter(([m]) => m !== "received");
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid={`cases-${dim}s`}>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{t.cases}</th>
            {measures.map(([m, key]) => (
              <th key={m} scope="col">
                {t[key]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.results.map((r) => (
            <tr key={r.dimensions[dim]}>
              <th scope="row">{name(r.dimensions[dim] as string)}</th>
              <td>{r.n}</td>
              {r.suppressed ? (
                <td colSpan={measures.length} className="hint">
                  {t.hiddenCaseCell}
                </td>
              ) : (
                measures.map(([m]) => <td key={m}>{shownFigure(t, result, r, m)}</td>)
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
