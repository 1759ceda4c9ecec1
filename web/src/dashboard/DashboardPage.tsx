// /dashboard, the leader's home: for one unit (default: the leader's scope) and one round, topic trends, this
// round against the last, child units × topics (click to drill down, breadcrumbs to climb back), risers and
// fallers, response rates, the eNPS trend and the demands' figures (诉求办理). Every chart has its numbers in a data
// table beside it.
import type { EChartsCoreOption } from "echarts/core";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { fetchWaves, type Wave } from "../api";
import { EChart, viridis } from "../charts/EChart";
import { formatChange, formatMeasure } from "../explore/format";
import { type LocalizedText, useI18n } from "../i18n";
import { type Dashboard, fetchDashboard, type ScopedUnit } from "../staff/api";
import { Breadcrumbs } from "../staff/Breadcrumbs";
import { StaffPage } from "../staff/StaffPage";
import { errorText, useStaffText } from "../staff/useStaffText";
import { CasesPanel } from "./CasesPanel";
import { type DashboardMessages, dashboardMessages } from "./messages";
import "../explore/explore.css";
import "./dashboard.css";

export function DashboardPage() {
  return <StaffPage path="/dashboard">{({ units }) => <Board units={units} />}</StaffPage>;
}

type Result = Dashboard["trend"];
type Row = Result["results"][number];

function Board({ units }: { units: ScopedUnit[] }) {
  const { lang, text } = useI18n();
  const t = dashboardMessages[lang];
  const staff = useStaffText();
  const params = new URLSearchParams(location.search);
  const [unitId, setUnitId] = useState<string | undefined>(params.get("unit") ?? undefined);
  const [waveId, setWaveId] = useState<string | undefined>(params.get("wave") ?? undefined);
  const [waves, setWaves] = useState<Wave[]>([]);
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchWaves().then((res) => res.ok && setWaves(res.data));
  }, []);
  useEffect(() => {
    let live = true;
    fetchDashboard({ ...(unitId ? { unitId } : {}), ...(waveId ? { waveId } : {}) }).then((res) => {
      if (!live) return;
      if (!res.ok) return setError(errorText(staff, res.error));
      setError(null);
      setData(res.data);
    });
    const q = new URLSearchParams();
    if (unitId) q.set("unit", unitId);
    if (waveId) q.set("wave", waveId);
    history.replaceState(null, "", `${location.pathname}${q.size > 0 ? `?${q}` : ""}`);
    return () => {
      live = false;
    };
  }, [unitId, waveId, staff]);

  const unitName = (id: string) => text(units.find((u) => u.id === id)?.name) || id;
  const topicName = (r: Result, id: string) => label(r, "topic", id, text);
  const surveyWaves = waves.filter((w) => !data || w.surveyId === data.surveyId);

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h1 id="dashboard-title">{t.title}</h1>
      <p className="hint">{t.intro}</p>
      <div className="result-bar">
        <label className="inline-field">
          {t.wave}
          <select
            value={data?.waveId ?? waveId ?? ""}
            onChange={(e) => setWaveId(e.target.value)}
            data-testid="dashboard-wave"
          >
            {surveyWaves.map((w) => (
              <option key={w.id} value={w.id}>
                {text(w.title)}
              </option>
            ))}
          </select>
        </label>
        {data && <Breadcrumbs units={units} currentId={data.unitId} onPick={setUnitId} label={t.unit} />}
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p className="notice">{t.loading}</p>}
      {data && (
        <div className="panels">
          <Panel title={t.trendTitle} wide>
            <TrendPanel
              t={t}
              result={data.trend}
              measure="index"
              topicName={topicName}
              changes={data.orgChanges}
            />
          </Panel>
          <Panel title={t.topicsTitle}>
            <TopicsPanel t={t} result={data.topics} topicName={topicName} />
          </Panel>
          <Panel title={t.moversTitle}>
            <Movers t={t} data={data} unitName={unitName} onPick={setUnitId} />
          </Panel>
          <Panel title={t.heatmapTitle} wide>
            {data.heatmap ? (
              <Heatmap
                t={t}
                result={data.heatmap}
                topicName={topicName}
                unitName={unitName}
                onPick={setUnitId}
              />
            ) : (
              <p className="hint">{t.noChildren}</p>
            )}
          </Panel>
          <Panel title={t.favourableTrendTitle} wide>
            <TrendPanel
              t={t}
              result={data.trend}
              measure="favourable"
              topicName={topicName}
              changes={data.orgChanges}
            />
          </Panel>
          <Panel title={t.rateTitle}>
            <RatePanel t={t} data={data} unitName={unitName} />
          </Panel>
          <Panel title={t.enpsTitle}>
            <EnpsPanel t={t} result={data.enps} />
          </Panel>
          <Panel title={t.casesTitle} wide>
            <CasesPanel t={t} panel={data.cases} />
          </Panel>
          <p className="hint">{t.took(data.elapsedMs)}</p>
        </div>
      )}
    </section>
  );
}

function label(result: Result, dim: string, id: string, text: (v: LocalizedText) => string): string {
  const l = result.meta.labels[dim]?.[id];
  return l === undefined ? id : text(l);
}

function Panel({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <article className={`panel dashboard-panel${wide ? " wide" : ""}`}>
      <h2>{title}</h2>
      {children}
    </article>
  );
}

function DataTable({ t, head, rows }: { t: DashboardMessages; head: string[]; rows: (string | number)[][] }) {
  return (
    <details className="data-table-details">
      <summary>{t.dataTable}</summary>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r[0])}>
                {r.map((c, i) =>
                  i === 0 ? (
                    <th key={head[i]} scope="row">
                      {c}
                    </th>
                  ) : (
                    <td key={head[i]}>{c}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

const shown = (r: Row | undefined, m: keyof Row["measures"]) =>
  r && !r.suppressed ? (r.measures[m] ?? null) : null;

function TrendPanel({
  t,
  result,
  measure,
  topicName,
  changes,
}: {
  t: DashboardMessages;
  result: Result;
  measure: "index" | "favourable";
  topicName: (r: Result, id: string) => string;
  changes: Dashboard["orgChanges"];
}) {
  const { text } = useI18n();
  const waves = [...new Set(result.results.map((r) => r.dimensions.wave as string))];
  const waveOrder = result.query.waveIds ?? waves;
  const xs = waveOrder.filter((w) => waves.includes(w));
  const topics = [...new Set(result.results.map((r) => r.dimensions.topic as string))];
  const at = (w: string, topic: string) =>
    result.results.find((r) => r.dimensions.wave === w && r.dimensions.topic === topic);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the other inputs are derived from these on each render
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: "axis", valueFormatter: (v: unknown) => formatMeasure(measure, v as number) },
      legend: { type: "scroll", bottom: 0 },
      grid: { bottom: 60 },
      xAxis: { type: "category", data: xs.map((w) => label(result, "wave", w, text)) },
      yAxis: { type: "value", scale: true },
      series: topics.map((topic, i) => ({
        type: "line",
        name: topicName(result, topic),
        data: xs.map((w) => shown(at(w, topic), measure)),
        // A dashed line where the organisation changed: the trend carries on across it.
        ...(i === 0 && changes.length > 0
          ? {
              markLine: {
                symbol: "none",
                lineStyle: { type: "dashed", color: "#555" },
                label: { formatter: t.reorganised, position: "insideEndTop" },
                data: [...new Set(changes.map((c) => c.waveId))].map((w) => ({
                  xAxis: label(result, "wave", w, text),
                })),
              },
            }
          : {}),
      })),
    }),
    [result, measure, text],
  );
  return (
    <>
      <EChart
        option={option}
        label={measure === "index" ? t.trendTitle : t.favourableTrendTitle}
        testId={`trend-${measure}`}
      />
      <DataTable
        t={t}
        head={[t.topic, ...xs.map((w) => label(result, "wave", w, text))]}
        rows={topics.map((topic) => [
          topicName(result, topic),
          ...xs.map((w) => {
            const r = at(w, topic);
            return r?.suppressed ? t.hidden : formatMeasure(measure, shown(r, measure));
          }),
        ])}
      />
    </>
  );
}

function TopicsPanel({
  t,
  result,
  topicName,
}: {
  t: DashboardMessages;
  result: Result;
  topicName: (r: Result, id: string) => string;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="topics-vs-last">
        <thead>
          <tr>
            <th scope="col">{t.topic}</th>
            <th scope="col">{t.index}</th>
            <th scope="col">{t.favourable}</th>
            <th scope="col">{t.change}</th>
          </tr>
        </thead>
        <tbody>
          {result.results.map((r) => {
            const change = r.comparison?.change.favourable;
            const significant = r.comparison?.significant.favourable;
            return (
              <tr key={r.dimensions.topic}>
                <th scope="row">{topicName(result, r.dimensions.topic as string)}</th>
                <td>{r.suppressed ? t.hidden : formatMeasure("index", r.measures.index)}</td>
                <td>{formatMeasure("favourable", r.measures.favourable)}</td>
                <td className={`change ${change != null && change > 0 ? "up" : "down"}`}>
                  {change == null
                    ? ""
                    : `${change > 0 ? "▲" : change < 0 ? "▼" : ""} ${formatChange("favourable", change)}`}
                  {significant && <abbr title={t.significant}>*</abbr>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">{t.significant}</p>
    </div>
  );
}

function Heatmap({
  t,
  result,
  topicName,
  unitName,
  onPick,
}: {
  t: DashboardMessages;
  result: Result;
  topicName: (r: Result, id: string) => string;
  unitName: (id: string) => string;
  onPick: (unitId: string) => void;
}) {
  const dim = (result.query.dimensions ?? [])[0] as string;
  const ys = [...new Set(result.results.map((r) => r.dimensions[dim] as string))];
  const xs = [...new Set(result.results.map((r) => r.dimensions.topic as string))];
  const data = result.results.flatMap((r) => {
    const v = shown(r, "index");
    return v === null
      ? []
      : [[xs.indexOf(r.dimensions.topic as string), ys.indexOf(r.dimensions[dim] as string), v]];
  });
  const values = data.map((d) => d[2] as number);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the other inputs are derived from these on each render
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { position: "top", valueFormatter: (v: unknown) => formatMeasure("index", v as number) },
      grid: { left: 150, bottom: 100, top: 10 },
      xAxis: {
        type: "category",
        data: xs.map((x) => topicName(result, x)),
        axisLabel: { rotate: 40, interval: 0 },
      },
      yAxis: {
        type: "category",
        data: ys.map(unitName),
        inverse: true,
        axisLabel: { interval: 0 },
        triggerEvent: true,
      },
      visualMap: {
        min: values.length > 0 ? Math.min(...values) : 0,
        max: values.length > 0 ? Math.max(...values) : 100,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        calculable: true,
        inRange: { color: viridis },
      },
      series: [
        {
          type: "heatmap",
          data,
          label: { show: true, formatter: (p: { value: number[] }) => (p.value[2] as number).toFixed(0) },
        },
      ],
    }),
    [result, unitName],
  );
  const pick = (event: { componentType?: string; value?: unknown; data?: unknown }) => {
    // A click on a cell or on a unit's name on the axis opens that unit.
    const y =
      event.componentType === "yAxis"
        ? ys[ys.map(unitName).indexOf(String(event.value))]
        : ys[(event.data as number[] | undefined)?.[1] ?? -1];
    if (y) onPick(y);
  };
  return (
    <>
      <EChart
        option={option}
        label={t.heatmapTitle}
        onClick={pick}
        className="chart chart-tall"
        testId="heatmap"
      />
      <div className="unit-links" data-testid="heatmap-units">
        {ys.map((u) => (
          <button key={u} type="button" className="link-button" onClick={() => onPick(u)}>
            {unitName(u)}
          </button>
        ))}
      </div>
      <DataTable
        t={t}
        head={[t.unit, ...xs.map((x) => topicName(result, x))]}
        rows={ys.map((u) => [
          unitName(u),
          ...xs.map((x) => {
            const r = result.results.find((row) => row.dimensions[dim] === u && row.dimensions.topic === x);
            return r?.suppressed ? t.hidden : formatMeasure("index", shown(r, "index"));
          }),
        ])}
      />
    </>
  );
}

function Movers({
  t,
  data,
  unitName,
  onPick,
}: {
  t: DashboardMessages;
  data: Dashboard;
  unitName: (id: string) => string;
  onPick: (unitId: string) => void;
}) {
  const list = (title: string, movers: Dashboard["movers"]["risers"], testId: string) => (
    <div>
      <h3>{title}</h3>
      {movers.length === 0 ? (
        <p className="hint">{t.none}</p>
      ) : (
        <ol data-testid={testId}>
          {movers.map((m) => (
            <li key={m.unitId}>
              <button type="button" className="link-button" onClick={() => onPick(m.unitId)}>
                {unitName(m.unitId)}
              </button>{" "}
              <span className={`change ${m.change > 0 ? "up" : "down"}`}>
                {m.change > 0 ? "▲" : "▼"} {formatChange("index", m.change)}
                {m.significant && <abbr title={t.significant}>*</abbr>}
              </span>{" "}
              <span className="hint">({formatMeasure("index", m.index)})</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
  return (
    <div className="movers">
      {list(t.fallers, data.movers.fallers, "fallers")}
      {list(t.risers, data.movers.risers, "risers")}
    </div>
  );
}

function RatePanel({
  t,
  data,
  unitName,
}: {
  t: DashboardMessages;
  data: Dashboard;
  unitName: (id: string) => string;
}) {
  const rows = data.responseRate;
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: "axis", valueFormatter: (v: unknown) => `${Number(v).toFixed(1)}%` },
      grid: { left: 150 },
      xAxis: { type: "value", max: 100 },
      yAxis: {
        type: "category",
        data: rows.map((r) => unitName(r.unitId)),
        inverse: true,
        axisLabel: { interval: 0 },
      },
      series: [
        { type: "bar", data: rows.map((r) => (r.headcount > 0 ? (100 * r.responses) / r.headcount : 0)) },
      ],
    }),
    [rows, unitName],
  );
  return (
    <>
      <EChart option={option} label={t.rateTitle} testId="response-rate" />
      <DataTable
        t={t}
        head={[t.unit, t.responses, t.headcount, t.rate]}
        rows={rows.map((r) => [
          unitName(r.unitId),
          r.responses,
          r.headcount,
          r.headcount > 0 ? `${((100 * r.responses) / r.headcount).toFixed(1)}%` : "—",
        ])}
      />
    </>
  );
}

function EnpsPanel({ t, result }: { t: DashboardMessages; result: Result }) {
  const { text } = useI18n();
  const xs = (result.query.waveIds ?? []).filter((w) => result.results.some((r) => r.dimensions.wave === w));
  const at = (w: string) => result.results.find((r) => r.dimensions.wave === w);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the other inputs are derived from these on each render
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: "axis", valueFormatter: (v: unknown) => formatMeasure("enps", v as number) },
      xAxis: { type: "category", data: xs.map((w) => label(result, "wave", w, text)) },
      yAxis: { type: "value", min: -100, max: 100 },
      series: [{ type: "line", name: t.enps, data: xs.map((w) => shown(at(w), "enps")) }],
    }),
    [result, text],
  );
  return (
    <>
      <EChart option={option} label={t.enpsTitle} testId="enps-trend" />
      <DataTable
        t={t}
        head={[t.wave, t.enps]}
        rows={xs.map((w) => [
          label(result, "wave", w, text),
          at(w)?.suppressed ? t.hidden : formatMeasure("enps", shown(at(w), "enps")),
        ])}
      />
    </>
  );
}
