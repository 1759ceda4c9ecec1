// /cases/supervision (督办考核): a quarter's department scores by the plant's rules, the cases overdue now, and the
// scores and cases as XLSX. Analysts and admins see every department; a handler sees their own department's row.
import { useEffect, useState } from "react";
import { useI18n } from "../i18n";
import { StaffPage } from "../staff/StaffPage";
import { errorText, useStaffText } from "../staff/useStaffText";
import { ChoiceField } from "./ChoiceField";
import {
  type DepartmentScore,
  downloadCases,
  downloadScores,
  type Figures,
  fetchOverdue,
  fetchScores,
  type ListedCase,
  type QuarterScores,
} from "./supervisionApi";
import { type SupervisionMessages, supervisionMessages } from "./supervisionMessages";
import "./supervision.css";
import { Figure } from "../staff/Figure";

const percent = (v: number | null) => (v === null ? "—" : `${(100 * v).toFixed(1)}%`);

/** The quarter `today` falls in and the seven before it, newest first. */
function recentQuarters(today: string): string[] {
  let year = Number(today.slice(0, 4));
  let q = Math.ceil(Number(today.slice(5, 7)) / 3);
  const out: string[] = [];
  for (let i = 0; i < 8; i += 1) {
    out.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

export function SupervisionPage() {
  return (
    <StaffPage path="/cases/supervision">
      {({ user }) => <Supervision handler={user.role === "handler"} />}
    </StaffPage>
  );
}

function Supervision({ handler }: { handler: boolean }) {
  const staff = useStaffText();
  const { lang, text } = useI18n();
  const t = supervisionMessages[lang];
  const [quarter, setQuarter] = useState<string | null>(() =>
    new URLSearchParams(location.search).get("quarter"),
  );
  const [scores, setScores] = useState<QuarterScores | null>(null);
  const [overdue, setOverdue] = useState<{ cases: ListedCase[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    fetchScores(quarter).then((res) => {
      if (!live) return;
      if (!res.ok) return setError(errorText(staff, res.error));
      setError(null);
      setScores(res.data);
    });
    if (quarter) history.replaceState(null, "", `${location.pathname}?quarter=${quarter}`);
    return () => {
      live = false;
    };
  }, [quarter, staff]);

  useEffect(() => {
    fetchOverdue().then((res) => {
      if (!res.ok) return setError(errorText(staff, res.error));
      setOverdue({ cases: res.data.cases, total: res.data.total });
    });
  }, [staff]);

  const fetchFile = async (key: string, send: () => ReturnType<typeof downloadCases>) => {
    setBusy(key);
    const res = await send();
    setBusy(null);
    if (!res.ok) setError(errorText(staff, res.error));
  };

  return (
    <section aria-labelledby="supervision-title">
      <h1 id="supervision-title">{t.title}</h1>
      <p className="hint">{handler ? t.introHandler : t.intro}</p>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {scores && (
        <>
          <ChoiceField
            className="inline-field"
            label={t.quarter}
            value={scores.quarter}
            onChange={setQuarter}
            choices={[...new Set([scores.quarter, ...recentQuarters(scores.today)])]
              .sort()
              .reverse()
              .map((q) => ({ id: q, label: q }))}
            testId="quarter-select"
          />
          <p className="hint">{t.period(scores.from, scores.to, scores.today)}</p>
          <div className="figure-row" data-testid="score-totals">
            <Figure label={t.received} value={String(scores.totals.received)} />
            <Figure label={t.answered} value={String(scores.totals.answered)} />
            <Figure label={t.onTimeRate} value={percent(scores.totals.onTimeRate)} />
            <Figure label={t.overdue} value={String(scores.totals.overdue)} />
            <Figure label={t.satisfaction} value={percent(scores.totals.satisfactionRate)} />
            <Figure label={t.deductions} value={String(scores.totals.deductions)} />
          </div>
          <ScoreTable scores={scores} t={t} name={(r) => text(r.name)} />
          <p className="hint">{t.pendingHint}</p>
          {scores.onSpot.answered + scores.onSpot.rated > 0 && (
            <p className="hint" data-testid="on-spot">
              {t.onSpot(
                scores.onSpot.answered,
                scores.onSpot.rated,
                percent(
                  scores.onSpot.rated > 0
                    ? (scores.onSpot.satisfied + scores.onSpot.basically) / scores.onSpot.rated
                    : null,
                ),
              )}
            </p>
          )}
          <h2>{t.downloads}</h2>
          <div className="row-actions">
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => fetchFile("scores", () => downloadScores(scores.quarter, lang))}
            >
              {busy === "scores" ? t.downloading : t.downloadScores}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => fetchFile("cases", () => downloadCases(lang, false))}
            >
              {busy === "cases" ? t.downloading : t.downloadCases}
            </button>
            <button
              type="button"
              className="button"
              disabled={busy !== null}
              onClick={() => fetchFile("overdue", () => downloadCases(lang, true))}
            >
              {busy === "overdue" ? t.downloading : t.downloadOverdue}
            </button>
          </div>
        </>
      )}
      {overdue && <OverdueList {...overdue} t={t} />}
    </section>
  );
}

function ScoreTable({
  scores,
  t,
  name,
}: {
  scores: QuarterScores;
  t: SupervisionMessages;
  name: (row: DepartmentScore) => string;
}) {
  const cells = (f: Figures) => (
    <>
      <td>{f.received}</td>
      <td>{f.answered}</td>
      <td>{f.onTime}</td>
      <td className={f.overdue > 0 ? "score-bad" : undefined}>{f.overdue}</td>
      <td>{f.pending}</td>
      <td>{percent(f.onTimeRate)}</td>
      <td className={f.perfunctory > 0 ? "score-bad" : undefined}>{f.perfunctory}</td>
      <td>{f.deductions}</td>
      {/* A score is one department's: the total row has none. */}
      <td>{f.score ?? "—"}</td>
      <td>
        {percent(f.satisfactionRate)}
        <span className="detail score-rated">{t.rated(f.rated)}</span>
      </td>
      <td>{percent(f.satisfiedRate)}</td>
      <td>{f.adopted}</td>
    </>
  );
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="scores">
        <caption className="supervision-caption">{t.scoresTable}</caption>
        <thead>
          <tr>
            <th scope="col">{t.department}</th>
            <th scope="col">{t.received}</th>
            <th scope="col">{t.answered}</th>
            <th scope="col">{t.onTime}</th>
            <th scope="col">{t.overdue}</th>
            <th scope="col">{t.pending}</th>
            <th scope="col">{t.onTimeRate}</th>
            <th scope="col">{t.perfunctory}</th>
            <th scope="col">{t.deductions}</th>
            <th scope="col">{t.score}</th>
            <th scope="col">{t.satisfaction}</th>
            <th scope="col">{t.satisfiedShare}</th>
            <th scope="col">{t.adopted}</th>
            <th scope="col">{t.caseLists}</th>
          </tr>
        </thead>
        <tbody>
          {scores.departments.map((r) => (
            <tr key={r.departmentId} data-department={r.departmentId}>
              <th scope="row">{name(r)}</th>
              {cells(r)}
              {/* The lists are as long as the quarter makes them: a column of their own keeps the figures on one line. */}
              <td className="score-lists">
                {r.overdueCases.length > 0 && (
                  <div className="detail">
                    {t.overdueCases} <CaseLinks items={r.overdueCases.map((n) => ({ number: n }))} />
                  </div>
                )}
                {r.adoptions.length > 0 && (
                  <div className="detail">
                    {t.adoptions} <CaseLinks items={r.adoptions} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        {scores.departments.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">{t.total}</th>
              {cells(scores.totals)}
              <td />
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** Case numbers as links to their pages, each with its reward when it has one. */
function CaseLinks({ items }: { items: readonly { number: number; reward?: string | null }[] }) {
  return (
    <>
      {items.map((a, i) => (
        <span key={a.number}>
          {i > 0 && ", "}
          <a href={`/cases/${a.number}`}>{a.number}</a>
          {a.reward ? ` (${a.reward})` : ""}
        </span>
      ))}
    </>
  );
}

function OverdueList({ cases, total, t }: { cases: ListedCase[]; total: number; t: SupervisionMessages }) {
  const { text } = useI18n();
  return (
    <>
      <h2>{t.overdueTitle}</h2>
      {cases.length === 0 ? (
        <p className="notice" data-testid="overdue-none">
          {t.overdueNone}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="overdue">
            <thead>
              <tr>
                <th scope="col">{t.number}</th>
                <th scope="col">{t.department}</th>
                <th scope="col">{t.deadline}</th>
                <th scope="col">{t.daysOver}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.unit}</th>
                <th scope="col">{t.text}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`/cases/${c.id}`}>{c.number}</a>
                  </td>
                  <td>{text(c.departmentName)}</td>
                  <td>{c.deadline}</td>
                  <td>{c.daysLeft === null ? "" : Math.max(0, -c.daysLeft)}</td>
                  <td>{t.statuses[c.status] ?? c.status}</td>
                  <td>{text(c.unitPath)}</td>
                  <td className="detail">{c.text.length > 60 ? `${c.text.slice(0, 60)}…` : c.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > cases.length && <p className="hint">{t.overdueMore(cases.length, total)}</p>}
    </>
  );
}
