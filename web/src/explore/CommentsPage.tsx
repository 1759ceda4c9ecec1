// /comments: free-text answers for analysts, grouped by unit, topic, period or group, with keyword counts (click
// one to search for it). The server withholds the texts of any group under the comment group size.
import { type FormEvent, useEffect, useState } from "react";
import { fetchWaves } from "../api";
import { useI18n } from "../i18n";
import { type CommentsQuery, type CommentsResult, runComments, type ScopedUnit } from "../staff/api";
import { StaffPage } from "../staff/StaffPage";
import { errorText, useStaffText } from "../staff/useStaffText";
import { exploreMessages } from "./messages";
import "./explore.css";

export function CommentsPage() {
  return <StaffPage path="/comments">{({ units }) => <Comments units={units} />}</StaffPage>;
}

const groupings = [
  "unit:level_1",
  "unit:level_2",
  "topic",
  "question",
  "group",
  "wave",
  "period:quarter",
] as const;

function Comments({ units }: { units: ScopedUnit[] }) {
  const { lang, text } = useI18n();
  const t = exploreMessages[lang];
  const staff = useStaffText();
  const [waves, setWaves] = useState<{ id: string; title: string; surveyId: string }[]>([]);
  const [waveId, setWaveId] = useState("");
  const [groupBy, setGroupBy] = useState<string>("unit:level_1");
  const [unit, setUnit] = useState("");
  const [search, setSearch] = useState("");
  const [result, setResult] = useState<CommentsResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchWaves().then((res) => {
      if (!res.ok) return setError(errorText(staff, res.error));
      setWaves(res.data);
      setWaveId((w) => w || (res.data.find((x) => x.status === "closed")?.id ?? res.data[0]?.id ?? ""));
    });
  }, [staff]);

  const run = async (event?: FormEvent, term = search) => {
    event?.preventDefault();
    const wave = waves.find((w) => w.id === waveId);
    if (!wave) return;
    const query: CommentsQuery = {
      surveyId: wave.surveyId,
      waveIds: [wave.id],
      ...(groupBy ? { groupBy } : {}),
      ...(unit
        ? { filters: [{ member: "unit" as const, operator: "within" as const, values: [unit] }] }
        : {}),
      ...(term.trim() ? { search: term.trim() } : {}),
    };
    const res = await runComments(query);
    if (!res.ok) return setError(errorText(staff, res.error));
    setError(null);
    setResult(res.data);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: run once the rounds are known, then on demand
  useEffect(() => {
    if (waveId) void run();
  }, [waveId]);

  const top = units[0]?.level ?? 0;
  const dim = groupBy;
  return (
    <section aria-labelledby="comments-title">
      <h1 id="comments-title">{t.commentsTitle}</h1>
      <p className="hint">{t.commentsIntro(result?.meta.minGroupSize ?? 10)}</p>
      <form className="panel query-builder" onSubmit={run}>
        <div className="form-grid">
          <label>
            {t.dimensionNames.wave}
            <select value={waveId} onChange={(e) => setWaveId(e.target.value)}>
              {waves.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.groupBy}
            <select
              value={groupBy}
              onChange={(e) => setGroupBy(e.target.value)}
              data-testid="comments-group-by"
            >
              <option value="">{t.noGrouping}</option>
              {groupings.map((g) => (
                <option key={g} value={g}>
                  {t.dimensionNames[g] ?? t.level(Number(g.slice(-1)), "")}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.unitWithin}
            <select value={unit} onChange={(e) => setUnit(e.target.value)}>
              <option value="">{t.wholeScope}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {`${"\u3000".repeat(u.level - top)}${text(u.name)}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.search}
            <input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              data-testid="comments-search"
            />
          </label>
          <button type="submit" className="button button-primary">
            {t.run}
          </button>
        </div>
      </form>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {result && result.cells.length === 0 && <p className="notice">{t.noComments}</p>}
      {result && result.meta.withheld > 0 && (
        <p className="hint" data-testid="comments-withheld">
          {t.commentsWithheld(result.meta.withheld, result.meta.minGroupSize)}
        </p>
      )}
      {result?.cells.map((cell) => {
        const id = dim ? (cell.key[dim] as string) : "";
        const label = dim ? result.meta.labels[dim]?.[id] : undefined;
        return (
          <article key={id || "all"} className="panel comment-cell" data-testid="comment-cell">
            <h2>{label === undefined ? id || t.total : text(label)}</h2>
            <p className="hint">{t.commentCount(cell.count, cell.n)}</p>
            <fieldset className="keywords">
              <legend className="visually-hidden">{t.keywords}</legend>
              {cell.keywords.map((k) => (
                <button
                  key={k.word}
                  type="button"
                  className="keyword"
                  onClick={() => {
                    setSearch(k.word);
                    void run(undefined, k.word);
                  }}
                >
                  {k.word} <span className="hint">{k.count}</span>
                </button>
              ))}
            </fieldset>
            <ul className="comment-list">
              {cell.texts.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: texts have no id on purpose (anonymity); the list is static
                <li key={i}>
                  <q>{c.text}</q>{" "}
                  <span className="hint">
                    {text(result.meta.questions[c.question])} ·{" "}
                    {text(result.meta.labels.wave?.[c.wave] ?? c.wave)}
                  </span>
                </li>
              ))}
            </ul>
          </article>
        );
      })}
    </section>
  );
}
