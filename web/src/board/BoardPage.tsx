// /board: the public board (公示栏) of published answers — pick a unit (its subtree), a topic and a kind, read each
// answer with the demand's wording as approved, and the counts answered and adopted. Filters live in the address
// (?unit=&topic=&category=) so a station can print a link to its own board; nothing here is anyone's own.
import { useEffect, useMemo, useRef, useState } from "react";
import type { ApiErrorInfo } from "../api";
import "../fill/fill.css";
import { UnitPicker } from "../fill/UnitPicker";
import { buildUnitTree, unitPath } from "../fill/unitTree";
import { useI18n } from "../i18n";
import {
  type BoardCase,
  type BoardMeta,
  type BoardQuery,
  type CaseCategory,
  fetchBoard,
  fetchBoardMeta,
} from "../receipts/receiptApi";
import "../receipts/receipts.css";
import { errorText, formatDay, useWriterText } from "../receipts/useWriterText";

const pageSize = 20;

interface Filters {
  unitId: string | null;
  topic: string | null;
  category: CaseCategory | null;
}

function filtersFromAddress(categories: readonly string[]): Filters {
  const q = new URLSearchParams(location.search);
  const category = q.get("category");
  return {
    unitId: q.get("unit") || null,
    topic: q.get("topic") || null,
    category: category && categories.includes(category) ? (category as CaseCategory) : null,
  };
}

function writeAddress(f: Filters) {
  const q = new URLSearchParams();
  if (f.unitId) q.set("unit", f.unitId);
  if (f.topic) q.set("topic", f.topic);
  if (f.category) q.set("category", f.category);
  const search = q.toString();
  history.replaceState(null, "", `/board${search ? `?${search}` : ""}`);
}

export function BoardPage() {
  const t = useWriterText();
  const { t: common } = useI18n();
  const [meta, setMeta] = useState<BoardMeta | ApiErrorInfo | "loading">("loading");

  useEffect(() => {
    let live = true;
    fetchBoardMeta().then((res) => {
      if (live) setMeta(res.ok ? res.data : res.error);
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <section aria-labelledby="board-title" className="writer-page">
      <h1 id="board-title">{t.boardTitle}</h1>
      <p>{t.boardIntro}</p>
      {meta === "loading" && <p className="notice">{common.loading}</p>}
      {meta !== "loading" && "code" in meta && (
        <p className="notice notice-error" role="alert">
          {errorText(t, meta)}
        </p>
      )}
      {meta !== "loading" && "units" in meta && <Board meta={meta} />}
      <p className="writer-links">
        <a href="/r">{t.followMine}</a>
      </p>
    </section>
  );
}

type Listed = { cases: BoardCase[]; total: number; adopted: number };

function Board({ meta }: { meta: BoardMeta }) {
  const t = useWriterText();
  const { lang, text, t: common } = useI18n();
  const tree = useMemo(() => buildUnitTree(meta.units), [meta.units]);
  const topicName = useMemo(() => new Map(meta.topics.map((tp) => [tp.id, tp.name])), [meta.topics]);
  const [filters, setFilters] = useState<Filters>(() => {
    const f = filtersFromAddress(meta.categories);
    // A unit that has since been merged away or retired: start from the whole organisation instead.
    return f.unitId && !tree.byId.has(f.unitId) ? { ...f, unitId: null } : f;
  });
  const [picking, setPicking] = useState(false);
  const [listed, setListed] = useState<Listed | null>(null);
  const [problem, setProblem] = useState<ApiErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  // Only the answer to the latest request is shown: a slow earlier one must not overwrite it.
  const request = useRef(0);

  const load = async (f: Filters, offset: number) => {
    const mine = ++request.current;
    setBusy(true);
    const query: BoardQuery = { limit: String(pageSize), offset: String(offset) };
    if (f.unitId) query.unitId = f.unitId;
    if (f.topic) query.topic = f.topic;
    if (f.category) query.category = f.category;
    const res = await fetchBoard(query);
    if (mine !== request.current) return;
    setBusy(false);
    if (!res.ok) {
      setProblem(res.error);
      return;
    }
    setProblem(null);
    setListed((before) =>
      offset === 0 || !before ? res.data : { ...res.data, cases: [...before.cases, ...res.data.cases] },
    );
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: load reads only its arguments and stable setters
  useEffect(() => {
    writeAddress(filters);
    setListed(null);
    void load(filters, 0);
  }, [filters]);

  const change = (next: Partial<Filters>) => setFilters((f) => ({ ...f, ...next }));

  return (
    <>
      <p className="board-unit">
        <span>{t.boardUnit}</span>
        <strong data-testid="board-unit">
          {filters.unitId ? unitPath(tree, filters.unitId, lang) : t.wholeOrganisation}
        </strong>
      </p>
      <div className="writer-links">
        <button
          type="button"
          className="button"
          data-testid="board-choose-unit"
          aria-expanded={picking}
          onClick={() => setPicking((p) => !p)}
        >
          {t.chooseUnit}
        </button>
        {filters.unitId && (
          <button type="button" className="button" onClick={() => change({ unitId: null })}>
            {t.wholeOrganisation}
          </button>
        )}
      </div>
      {picking && (
        <UnitPicker
          tree={tree}
          selectedId={filters.unitId}
          label={t.pickUnitLabel}
          onSelect={(unitId) => {
            setPicking(false);
            change({ unitId });
          }}
        />
      )}
      <div className="board-filters">
        <label>
          <span className="writer-label">{t.topic}</span>
          <select
            data-testid="board-topic"
            value={filters.topic ?? ""}
            onChange={(e) => change({ topic: e.target.value || null })}
          >
            <option value="">{t.allTopics}</option>
            {meta.topics.map((tp) => (
              <option key={tp.id} value={tp.id}>
                {text(tp.name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="writer-label">{t.category}</span>
          <select
            data-testid="board-category"
            value={filters.category ?? ""}
            onChange={(e) => change({ category: (e.target.value || null) as CaseCategory | null })}
          >
            <option value="">{t.allCategories}</option>
            {meta.categories.map((c) => (
              <option key={c} value={c}>
                {t.categories[c]}
              </option>
            ))}
          </select>
        </label>
      </div>

      {problem && (
        <p className="notice notice-error" role="alert">
          {errorText(t, problem)}
        </p>
      )}
      {listed === null && !problem && <p className="notice">{common.loading}</p>}
      {listed && (
        <>
          <p className="board-counts" data-testid="board-counts" aria-live="polite">
            {t.boardCounts(listed.total, listed.adopted)}
          </p>
          {listed.cases.length === 0 && <p className="notice">{t.boardEmpty}</p>}
          <ul className="board-cases">
            {listed.cases.map((c) => (
              <li key={c.number} className="board-case" data-testid="board-case">
                <div className="board-meta">
                  <span className="case-tag">{t.categories[c.category]}</span>
                  {c.topic && <span className="case-tag">{text(topicName.get(c.topic) ?? c.topic)}</span>}
                  <span className="hint">{text(c.unitName)}</span>
                </div>
                {c.publicText ? (
                  <h2 className="case-text">{c.publicText}</h2>
                ) : (
                  <h2 className="hint">{t.noWording}</h2>
                )}
                <section className="case-answer">
                  <h3>{t.answerTitle}</h3>
                  <p className="case-text">{c.answer}</p>
                  {c.actionTaken && (
                    <>
                      <h3>{t.actionTaken}</h3>
                      <p className="case-text">{c.actionTaken}</p>
                    </>
                  )}
                  <p className="hint">
                    {c.departmentName
                      ? t.answeredBy(text(c.departmentName), formatDay(c.publishedOn, lang))
                      : t.publishedOn(formatDay(c.publishedOn, lang))}
                  </p>
                </section>
                {c.adopted && (
                  <p className="case-adopted">
                    {t.adopted}
                    {c.reward && ` · ${t.reward(c.reward)}`}
                  </p>
                )}
              </li>
            ))}
          </ul>
          {listed.cases.length < listed.total && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void load(filters, listed.cases.length)}
            >
              {t.showMore}
            </button>
          )}
        </>
      )}
    </>
  );
}
