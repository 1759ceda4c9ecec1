// /report: the periodic analysis report for a unit and a round as a printable A4 page (Chinese by default), with
// controls to choose the round, make a PDF and XLSX that the server keeps, and download kept ones. With ?print=1
// (the server's printer) only the report shows; it marks itself ready once its data and charts are drawn.
import type { EChartsCoreOption } from "echarts/core";
import { useEffect, useMemo, useState } from "react";
import { fetchWaves, type Wave } from "../api";
import { EChart } from "../charts/EChart";
import { formatChange, formatMeasure } from "../explore/format";
import { type Lang, type LocalizedText, localize } from "../i18n";
import {
  createSchedule,
  deleteSchedule,
  fetchReportData,
  fetchReports,
  fetchSchedules,
  makeReport,
  type ReportData,
  type ReportSchedule,
  type ReportSummary,
  type ScopedUnit,
} from "../staff/api";
import { StaffPage } from "../staff/StaffPage";
import { errorText, useStaffText } from "../staff/useStaffText";
import { type ReportMessages, reportMessages } from "./messages";
import "./report.css";

export function ReportPage() {
  return <StaffPage path="/report">{({ units }) => <Report units={units} />}</StaffPage>;
}

function Report({ units }: { units: ScopedUnit[] }) {
  const params = new URLSearchParams(location.search);
  const printing = params.get("print") === "1";
  const [lang, setLang] = useState<Lang>(params.get("lang") === "en" ? "en" : "zh-cn");
  const [unitId] = useState(params.get("unit") ?? undefined);
  const [waveId, setWaveId] = useState(params.get("wave") ?? undefined);
  const [surveyId] = useState(params.get("survey") ?? undefined);
  const [data, setData] = useState<ReportData | null>(null);
  const [waves, setWaves] = useState<Wave[]>([]);
  const [kept, setKept] = useState<ReportSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const staff = useStaffText();
  const t = reportMessages[lang];
  const text = (v: LocalizedText | null | undefined) => localize(v, lang);

  useEffect(() => {
    let live = true;
    fetchReportData({
      ...(surveyId ? { surveyId } : {}),
      ...(unitId ? { unitId } : {}),
      ...(waveId ? { waveId } : {}),
    }).then((res) => {
      if (!live) return;
      if (!res.ok) return setError(errorText(staff, res.error));
      setData(res.data);
    });
    return () => {
      live = false;
    };
  }, [surveyId, unitId, waveId, staff]);
  useEffect(() => {
    if (printing) return;
    fetchWaves().then((res) => res.ok && setWaves(res.data));
    fetchReports().then((res) => res.ok && setKept(res.data));
  }, [printing]);

  const unitName = (id: string) => text(units.find((u) => u.id === id)?.name) || id;
  const make = async () => {
    if (!data) return;
    setBusy(true);
    const res = await makeReport({ surveyId: data.surveyId, unitId: data.unitId, waveId: data.waveId, lang });
    setBusy(false);
    if (!res.ok) return setError(`${t.failed} ${errorText(staff, res.error)}`);
    setKept((k) => [res.data, ...k]);
  };

  return (
    <div className={printing ? "report printing" : "report"}>
      {!printing && (
        <div className="report-controls panel">
          <label className="inline-field">
            {t.controlsWave}
            <select value={data?.waveId ?? ""} onChange={(e) => setWaveId(e.target.value)}>
              {waves
                .filter((w) => !data || w.surveyId === data.surveyId)
                .map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.title}
                  </option>
                ))}
            </select>
          </label>
          <label className="inline-field">
            {t.controlsLang}
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
              <option value="zh-cn">中文</option>
              <option value="en">English</option>
            </select>
          </label>
          <button type="button" className="button" onClick={() => window.print()}>
            {t.print}
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={make}
            disabled={busy || !data}
            data-testid="make-report"
          >
            {busy ? t.making : t.makePdf}
          </button>
          {data && (
            <Schedules t={t} lang={lang} surveyId={data.surveyId} unitId={data.unitId} unitName={unitName} />
          )}
          <div>
            <h2>{t.kept}</h2>
            {kept.length === 0 ? (
              <p className="hint">{t.none}</p>
            ) : (
              <ul data-testid="kept-reports">
                {kept.map((r) => (
                  <li key={r.id}>
                    {r.title} · {r.lang} ·{" "}
                    {new Date(r.createdAt).toLocaleString(lang === "zh-cn" ? "zh-CN" : "en-GB")} —{" "}
                    <a href={`/api/reports/${r.id}/pdf`}>PDF</a> ·{" "}
                    <a href={`/api/reports/${r.id}/xlsx`}>XLSX</a>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {data && <ReportBody t={t} lang={lang} data={data} unitName={unitName} text={text} />}
    </div>
  );
}

function Schedules({
  t,
  lang,
  surveyId,
  unitId,
  unitName,
}: {
  t: ReportMessages;
  lang: Lang;
  surveyId: string;
  unitId: string;
  unitName: (id: string) => string;
}) {
  const staff = useStaffText();
  const [list, setList] = useState<ReportSchedule[]>([]);
  const [cadence, setCadence] = useState<"monthly" | "quarterly">("quarterly");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchSchedules().then((res) => res.ok && setList(res.data));
  }, []);
  const add = async () => {
    const res = await createSchedule({ surveyId, unitId, cadence, lang });
    if (!res.ok) return setError(errorText(staff, res.error));
    setError(null);
    setList((l) => [res.data, ...l]);
  };
  const remove = async (id: string) => {
    const res = await deleteSchedule(id);
    if (!res.ok) return setError(errorText(staff, res.error));
    setList((l) => l.filter((s) => s.id !== id));
  };
  return (
    <div>
      <h2>{t.schedules}</h2>
      <div className="row-actions">
        <select
          value={cadence}
          onChange={(e) => setCadence(e.target.value as "monthly" | "quarterly")}
          aria-label={t.cadence}
        >
          <option value="monthly">{t.monthly}</option>
          <option value="quarterly">{t.quarterly}</option>
        </select>
        <button type="button" className="button" onClick={add} data-testid="add-schedule">
          {t.schedule(unitName(unitId))}
        </button>
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {list.map((s) => (
          <li key={s.id}>
            {unitName(s.unitId)} · {s.cadence === "monthly" ? t.monthly : t.quarterly} · {s.lang} ·{" "}
            {s.createdBy}{" "}
            <button type="button" className="link-button" onClick={() => remove(s.id)}>
              {t.unschedule}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReportBody({
  t,
  lang,
  data,
  unitName,
  text,
}: {
  t: ReportMessages;
  lang: Lang;
  data: ReportData;
  unitName: (id: string) => string;
  text: (v: LocalizedText | null | undefined) => string;
}) {
  const [ready, setReady] = useState(false);
  // Charts draw synchronously on mount; one frame later the page is complete for the printer.
  useEffect(() => {
    const id = requestAnimationFrame(() => setReady(true));
    return () => cancelAnimationFrame(id);
  }, []);
  const h = data.headline;
  const topic = (id: string) => text(data.labels.topics[id]) || id;
  const wave = (id: string) => text(data.labels.waves[id]) || id;
  const trend = data.dashboard.trend;
  const xs = data.dashboard.waves.map((w) => w.id);
  const topics = [...new Set(trend.results.map((r) => r.dimensions.topic as string))];
  // biome-ignore lint/correctness/useExhaustiveDependencies: the other inputs are derived from the data and language
  const option = useMemo<EChartsCoreOption>(
    () => ({
      legend: { type: "plain", bottom: 0, itemWidth: 14, textStyle: { fontSize: 10 } },
      grid: { bottom: 70, left: 40, right: 10, top: 10 },
      xAxis: { type: "category", data: xs.map(wave), axisLabel: { fontSize: 9 } },
      yAxis: { type: "value", scale: true },
      series: topics.map((id) => ({
        type: "line",
        name: topic(id),
        data: xs.map((w) => {
          const r = trend.results.find((x) => x.dimensions.wave === w && x.dimensions.topic === id);
          return r && !r.suppressed ? (r.measures.index ?? null) : null;
        }),
      })),
    }),
    [data, lang],
  );
  const change = (m: string, v: number | null) => (v == null ? "" : ` (${t.vsLast} ${formatChange(m, v)})`);
  return (
    <article
      className="report-page"
      data-report-ready={ready ? "true" : undefined}
      lang={lang === "zh-cn" ? "zh-CN" : "en"}
    >
      <header>
        <h1>{t.title(unitName(data.unitId))}</h1>
        <p>{t.round(wave(data.waveId))}</p>
        <p className="hint">{t.made(new Date().toLocaleDateString(lang === "zh-cn" ? "zh-CN" : "en-GB"))}</p>
      </header>
      <section>
        <h2>{t.headline}</h2>
        <ul className="headline">
          <li>
            {t.responses}: <strong>{h.responses}</strong> / {h.headcount} ({t.rate}{" "}
            {h.headcount > 0 ? `${((100 * h.responses) / h.headcount).toFixed(1)}%` : "—"})
          </li>
          <li>
            {t.index}: <strong>{formatMeasure("index", h.index)}</strong>
            {change("index", h.change.index)}
          </li>
          <li>
            {t.favourable}: <strong>{formatMeasure("favourable", h.favourable)}</strong>
            {change("favourable", h.change.favourable)}
          </li>
          <li>
            {t.enps}: <strong>{formatMeasure("enps", h.enps)}</strong>
            {change("enps", h.change.enps)}
          </li>
        </ul>
      </section>
      <section>
        <h2>{t.trend}</h2>
        <EChart option={option} label={t.trend} className="report-chart" testId="report-trend" />
      </section>
      <section>
        <h2>{t.changes}</h2>
        {data.largestChanges.length === 0 ? (
          <p>{t.noChanges}</p>
        ) : (
          <ul>
            {data.largestChanges.map((c) => (
              <li key={c.topic}>
                <strong>{topic(c.topic)}</strong> {formatChange("index", c.change)}
                {c.significant ? ` (${t.significant})` : ""}
                {c.drivers.length > 0 &&
                  `; ${t.drivenBy} ${c.drivers.map((d) => `${unitName(d.unitId)} ${formatChange("index", d.change)}`).join("、")}`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>{t.attention}</h2>
        {data.attention.length === 0 ? (
          <p>{t.noAttention}</p>
        ) : (
          <ul>
            {data.attention.map((a) => (
              <li key={a.unitId}>
                {unitName(a.unitId)}: {t.index} {formatMeasure("index", a.index)}
                {a.change == null
                  ? ""
                  : ` (${t.vsLast} ${formatChange("index", a.change)}${a.significant ? `, ${t.significant}` : ""})`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>{t.rates}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t.unit}</th>
              <th scope="col">{t.responses}</th>
              <th scope="col">{t.headcount}</th>
              <th scope="col">{t.rate}</th>
            </tr>
          </thead>
          <tbody>
            {data.dashboard.responseRate.map((r) => (
              <tr key={r.unitId}>
                <th scope="row">{unitName(r.unitId)}</th>
                <td>{r.responses}</td>
                <td>{r.headcount}</td>
                <td>{r.headcount > 0 ? `${((100 * r.responses) / r.headcount).toFixed(1)}%` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t.comments}</h2>
        {data.comments.length === 0 ? (
          <p>{t.noComments}</p>
        ) : (
          <ul className="comment-list">
            {data.comments.map((c) => (
              <li key={`${c.question}:${c.text}`}>
                <q>{c.text}</q>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
