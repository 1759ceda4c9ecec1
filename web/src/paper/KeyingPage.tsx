// /admin/keying: paper forms keyed in one after another, keyboard only. Fields follow the template's columns;
// Enter or Tab moves on, Enter on the last field saves the form at once (one JSON row to the import endpoint).
// Problems show at their field with focus there; a form the server did not acknowledge stays on screen.
import { Fragment, type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { localize, useI18n } from "../i18n";
import { StaffPage } from "../staff/StaffPage";
import { cellOf, echoOf, nextFormNo, unitMatches } from "./keying";
import { paperMessages } from "./messages";
import { buildOutline, conditionText, rowText } from "./outline";
import { importRows, type PaperColumn, type PaperDescription } from "./paperApi";
import { problemText } from "./problemText";
import { hiddenColumns, surveyModel } from "./visibility";
import { RoundLockedNotice, roundLocked, usePaperWave, WavePicker } from "./WavePicker";
import "./paper.css";

export function KeyingPage() {
  return (
    <StaffPage path="/admin/keying">{({ user }) => <Keying isAdmin={user.role === "admin"} />}</StaffPage>
  );
}

/** Unit, group and date: the next form is usually from the same station, so they stay. */
const carriedKinds = new Set(["unit", "group", "date"]);

type Status =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; text: string }
  | { kind: "invalid"; count: number; general: string[] }
  | { kind: "unsent"; message: string }
  | { kind: "refused"; message: string };

function Keying({ isAdmin }: { isAdmin: boolean }) {
  const { lang } = useI18n();
  const t = paperMessages[lang];
  const [loadError, setLoadError] = useState<string | null>(null);
  const { waves, waveId, setWaveId, paper } = usePaperWave(t, setLoadError);

  if (loadError) return <p className="notice notice-error">{loadError}</p>;
  if (!waves) return <p className="notice">…</p>;
  if (!waves.length) return <p className="notice">{t.noWaves}</p>;
  const wave = waves.find((w) => w.id === waveId);
  const locked = roundLocked(wave, isAdmin);
  return (
    <section>
      <h1>{t.keyingTitle}</h1>
      <p className="hint">{t.keyingIntro}</p>
      <p>
        <WavePicker t={t} waves={waves} waveId={waveId} onChange={setWaveId} />{" "}
        {waveId && <a href={`/admin/import?${new URLSearchParams({ wave: waveId })}`}>{t.importPage}</a>}
      </p>
      {wave && locked && <RoundLockedNotice t={t} wave={wave} />}
      {paper && waveId && (
        <KeyingForm key={waveId} paper={paper} waveId={waveId} isAdmin={isAdmin} locked={locked} />
      )}
    </section>
  );
}

function KeyingForm({
  paper,
  waveId,
  isAdmin,
  locked,
}: {
  paper: PaperDescription;
  waveId: string;
  isAdmin: boolean;
  /** A round this keyer may not key into: the fields stay shut. */
  locked: boolean;
}) {
  const { lang } = useI18n();
  const t = paperMessages[lang];
  const columns = paper.columns;
  const outline = useMemo(() => buildOutline(columns, paper.survey), [columns, paper.survey]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [keyed, setKeyed] = useState<string[]>([]);
  const [overrideClosed, setOverrideClosed] = useState(false);
  const [unitPick, setUnitPick] = useState(0);
  const inputs = useRef(new Map<string, HTMLInputElement | HTMLTextAreaElement>());
  const model = useMemo(() => surveyModel(paper), [paper]);
  // Fields of questions the survey hides for these answers are skipped, unless the server named them.
  const hidden = useMemo(() => {
    const set = hiddenColumns(model, paper, values);
    for (const name of Object.keys(errors)) set.delete(name);
    return set;
  }, [model, paper, values, errors]);
  const shown = (index: number) => {
    const column = columns[index];
    return column !== undefined && !hidden.has(column.name);
  };
  const saving = useRef(false);
  // The status bar grows when a message wraps: the fields' scroll margin follows its height (see paper.css).
  const bar = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const el = bar.current;
    if (!el || typeof ResizeObserver !== "function") return;
    const follow = new ResizeObserver(() =>
      form.current?.style.setProperty("--keying-bar-height", `${el.offsetHeight}px`),
    );
    follow.observe(el);
    return () => follow.disconnect();
  }, []);

  const focus = (name: string | undefined, select = false) => {
    const el = name ? inputs.current.get(name) : undefined;
    el?.focus();
    if (select) el?.select();
  };
  useEffect(() => {
    const first = columns[0]?.name;
    if (first) inputs.current.get(first)?.focus();
  }, [columns]);

  // A form typed but not saved is never dropped silently: leaving the page asks first.
  const dirty = columns.some((c) => !carriedKinds.has(c.kind) && (values[c.name] ?? "").trim() !== "");
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener("beforeunload", warn);
    return () => removeEventListener("beforeunload", warn);
  }, [dirty]);

  const set = (name: string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    if (errors[name]) setErrors(({ [name]: _gone, ...rest }) => rest);
  };

  const save = async () => {
    if (saving.current || locked) return;
    saving.current = true;
    setStatus({ kind: "saving" });
    const row: Record<string, string> = {};
    // Every column, as a template row has them: a blank one is "" (so the server names it if it is required).
    for (const c of columns)
      row[c.name] = hidden.has(c.name) ? "" : (cellOf(c, values[c.name] ?? "", paper) ?? "");
    const res = await importRows(waveId, [row], { dryRun: false, overrideClosed: isAdmin && overrideClosed });
    saving.current = false;
    if (res.ok) {
      const formNo = res.data.rows[0]?.formNo || row.form_no || "";
      const fresh = res.data.imported > 0;
      if (fresh) setKeyed((k) => [formNo, ...k]);
      setStatus({ kind: "saved", text: fresh ? t.savedForm(formNo) : t.unchangedForm(formNo) });
      const carried: Record<string, string> = {};
      for (const c of columns) if (carriedKinds.has(c.kind)) carried[c.name] = values[c.name] ?? "";
      const formNoColumn = columns.find((c) => c.kind === "form_no");
      if (formNoColumn) carried[formNoColumn.name] = nextFormNo(formNo);
      setValues(carried);
      setErrors({});
      requestAnimationFrame(() => focus(formNoColumn?.name, true));
      return;
    }
    if (res.error.code === "import_invalid" && res.error.problems) {
      const byColumn: Record<string, string> = {};
      const general: string[] = [];
      for (const p of res.error.problems) {
        const text = problemText(t, p, lang);
        if (p.column && columns.some((c) => c.name === p.column))
          byColumn[p.column] = byColumn[p.column] ? `${byColumn[p.column]} ${text}` : text;
        else general.push(p.column ? `${p.column}: ${text}` : text);
      }
      setErrors(byColumn);
      setStatus({ kind: "invalid", count: res.error.problems.length, general });
      focus(columns.find((c) => byColumn[c.name])?.name, true);
      return;
    }
    // No answer, or the server failed: nothing was stored, and the form stays as typed for a retry.
    if (res.status === 0 || res.status >= 500)
      return setStatus({ kind: "unsent", message: t.errors[res.error.code] ?? res.error.message });
    setStatus({ kind: "refused", message: t.errors[res.error.code] ?? res.error.message });
  };

  const onKey = (index: number, column: PaperColumn) => (e: KeyboardEvent<HTMLElement>) => {
    const picking = column.kind === "unit" ? unitMatches(paper, values[column.name] ?? "") : [];
    if (column.kind === "unit" && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setUnitPick((p) => Math.max(0, Math.min(picking.length - 1, p + step)));
      return;
    }
    const enter = e.key === "Enter" && !e.shiftKey;
    if (column.kind === "unit" && (enter || e.key === "Tab")) {
      const typed = (values[column.name] ?? "").trim();
      const pick = picking[unitPick] ?? picking[0];
      if (pick && !paper.units.some((u) => u.id === typed)) set(column.name, pick.id);
      setUnitPick(0);
    }
    if (!enter) return;
    e.preventDefault();
    let next = index + 1;
    while (next < columns.length && !shown(next)) next++;
    if (e.ctrlKey || next >= columns.length) void save();
    else focus(columns[next]?.name);
  };

  const questionOf = new Map(
    outline.sections.flatMap((s) => s.questions.flatMap((q) => q.columns.map((c) => [c.name, q] as const))),
  );
  let lastQuestion = "";

  return (
    <>
      <div className="keying-status" aria-live="polite" ref={bar}>
        <strong data-testid="keyed-count">{t.keyedCount(keyed.length)}</strong>
        {status.kind === "saving" && <span>{t.saving}</span>}
        {status.kind === "saved" && (
          <span className="keying-saved" role="status" data-testid="keying-saved">
            {status.text}
          </span>
        )}
        {status.kind === "invalid" && (
          <span className="notice-error" role="alert" data-testid="keying-invalid">
            {t.fixFields(status.count)} {status.general.join(" ")}
          </span>
        )}
        {(status.kind === "unsent" || status.kind === "refused") && (
          <span className="notice-error" role="alert" data-testid="keying-unsent">
            {status.kind === "unsent" ? `${t.notSaved} ` : ""}
            {status.message}{" "}
            {status.kind === "unsent" && (
              <button type="button" className="button" onClick={() => void save()}>
                {t.retry}
              </button>
            )}
          </span>
        )}
        {isAdmin && (
          <label title={t.overrideWarning}>
            <input
              type="checkbox"
              checked={overrideClosed}
              onChange={(e) => setOverrideClosed(e.target.checked)}
            />{" "}
            {t.overrideClosed}
          </label>
        )}
      </div>
      <form
        ref={form}
        className="keying-form"
        data-testid="keying-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset className="keying-fields" disabled={locked}>
          {columns.map((column, index) => {
            const q = questionOf.get(column.name);
            const isMatrixRow = q !== undefined && column.name.startsWith(`${q.name}.`);
            const heading = q && isMatrixRow && q.name !== lastQuestion ? q : undefined;
            if (q) lastQuestion = q.name;
            const label = !q
              ? localize(column.title, lang)
              : isMatrixRow
                ? localize(rowText(q.element, column), lang)
                : `${q.number}. ${localize(column.name === q.name ? q.title : column.title, lang)}`;
            const error = errors[column.name];
            const value = values[column.name] ?? "";
            const id = `key-${column.name}`;
            const common = {
              id,
              name: column.name,
              value,
              autoComplete: "off",
              disabled: hidden.has(column.name),
              "aria-invalid": error ? ("true" as const) : undefined,
              "aria-describedby": error ? `${id}-error` : undefined,
              ref: (el: HTMLInputElement | HTMLTextAreaElement | null) => {
                if (el) inputs.current.set(column.name, el);
                else inputs.current.delete(column.name);
              },
              onKeyDown: onKey(index, column),
            };
            const matches = column.kind === "unit" ? unitMatches(paper, value) : [];
            const exactUnit = paper.units.some((u) => u.id === value.trim());
            const condition = q?.element?.visibleIf;
            return (
              <Fragment key={column.name}>
                {heading && (
                  <h2>
                    {heading.number}. {localize(heading.title, lang)}
                  </h2>
                )}
                <label className="keying-label" htmlFor={id}>
                  {label}
                  <span className="paper-col">[{column.name}]</span>
                </label>
                {column.kind === "comment" ? (
                  <textarea
                    {...common}
                    rows={1}
                    onChange={(e) => set(column.name, e.target.value)}
                    placeholder={t.text}
                  />
                ) : (
                  <input
                    {...common}
                    inputMode={
                      ["scale", "number", "choice", "boolean", "group"].includes(column.kind)
                        ? "numeric"
                        : undefined
                    }
                    placeholder={placeholderOf(column, paper.groups.length, t.unitSearch, t.dateBoxes)}
                    onChange={(e) => {
                      set(column.name, e.target.value);
                      if (column.kind === "unit") setUnitPick(0);
                    }}
                  />
                )}
                <span className="keying-echo" data-testid={`echo-${column.name}`}>
                  {column.kind === "unit" && !exactUnit && value.trim() !== "" ? (
                    matches.length ? (
                      <ul className="keying-matches">
                        {matches.map((u, i) => (
                          <li key={u.id} data-picked={i === unitPick ? "true" : undefined}>
                            {u.id} · {localize(u.name, lang)}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      t.noUnitMatch
                    )
                  ) : (
                    echoOf(column, value, paper, lang) ||
                    (condition && (value === "" || hidden.has(column.name))
                      ? t.onlyIf(
                          conditionText(
                            condition,
                            outline.numberOf,
                            { question: t.question, answered: t.answered, and: t.and, or: t.or },
                            (v) => {
                              const text = outline.choiceTexts.get(v);
                              return text === undefined ? undefined : localize(text, lang);
                            },
                          ),
                        )
                      : choiceHint(column, paper, lang))
                  )}
                </span>
                {error && (
                  <p className="keying-error" id={`${id}-error`} data-testid={`error-${column.name}`}>
                    {error}
                  </p>
                )}
              </Fragment>
            );
          })}
          <p>
            <button type="submit" className="button button-primary" disabled={status.kind === "saving"}>
              {status.kind === "saving" ? t.saving : t.save}
            </button>
          </p>
        </fieldset>
      </form>
      {keyed.length > 0 && (
        <p className="hint" data-testid="keyed-list">
          {t.lastForms}: {keyed.slice(0, 20).join(", ")}
        </p>
      )}
    </>
  );
}

function placeholderOf(
  column: PaperColumn,
  groups: number,
  unitSearch: string,
  dateBoxes: string,
): string | undefined {
  if (column.kind === "unit") return unitSearch;
  if (column.kind === "group") return `1–${groups}`;
  if (column.kind === "date") return dateBoxes;
  if (column.kind === "scale" && column.min !== undefined) return `${column.min}–${column.max}`;
  if ((column.kind === "choice" || column.kind === "multi_choice") && column.choices)
    return `1–${column.choices.length}`;
  if (column.kind === "boolean") return "1 / 2";
  return undefined;
}

/** The numbered choices, as printed on the paper form, for a choice field left blank. */
function choiceHint(column: PaperColumn, paper: PaperDescription, lang: "zh-cn" | "en"): string {
  if (column.kind === "group")
    return paper.groups.map((g, i) => `${i + 1} ${localize(g.name, lang)}`).join("  ");
  if (column.kind !== "choice" && column.kind !== "multi_choice" && column.kind !== "boolean") return "";
  return (column.choices ?? []).map((c, i) => `${i + 1} ${localize(c.text, lang)}`).join("  ");
}
