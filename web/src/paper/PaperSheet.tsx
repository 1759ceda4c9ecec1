// The paper form itself, A4 and black on white: header, anonymity promise, envelope boxes, then every question
// numbered with its template column; in one language or Chinese with the English beneath. No data fetching.
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { type LocalizedText, localize } from "../i18n";
import { type PaperMessages, paperMessages } from "./messages";
import {
  buildOutline,
  conditionText,
  type Outline,
  type OutlineQuestion,
  rowText,
  type SurveyElement,
  scalePoints,
} from "./outline";
import type { PaperColumn, PaperDescription } from "./paperApi";

export type FormLang = "zh-cn" | "en" | "bilingual";
export const formLangs: FormLang[] = ["zh-cn", "en", "bilingual"];

/** Texts in the form's language, or Chinese with the English beneath. */
interface Say {
  v: (value: LocalizedText | null | undefined) => ReactNode;
  m: (pick: (t: PaperMessages, lang: "zh-cn" | "en") => string) => ReactNode;
  /** Plain text in the first language (for places that take no markup). */
  plain: (value: LocalizedText | null | undefined) => string;
  first: PaperMessages;
}

function sayer(formLang: FormLang): Say {
  const langs = formLang === "bilingual" ? (["zh-cn", "en"] as const) : ([formLang] as const);
  const both = (parts: string[]) => {
    const [a, b] = parts;
    if (!b || b === a) return a;
    return (
      <>
        {a}
        <span className="paper-second">{b}</span>
      </>
    );
  };
  return {
    v: (value) => both(langs.map((l) => localize(value, l))),
    m: (pick) => both(langs.map((l) => pick(paperMessages[l], l))),
    plain: (value) => localize(value, langs[0]),
    first: paperMessages[langs[0]],
  };
}

export function PaperSheet({
  paper,
  formLang,
  unitId,
}: {
  paper: PaperDescription;
  formLang: FormLang;
  unitId: string | undefined;
}) {
  const say = sayer(formLang);
  const outline = useMemo(() => buildOutline(paper.columns, paper.survey), [paper]);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    // One frame after the form is on screen, it is complete for the server's printer.
    const frame = requestAnimationFrame(() => setReady(true));
    return () => cancelAnimationFrame(frame);
  }, []);
  const survey = paper.survey as { title?: LocalizedText; description?: LocalizedText };
  const unit = paper.units.find((u) => u.id === unitId);
  const columnOf = (kind: string) => outline.header.find((c) => c.kind === kind);
  return (
    <article
      className="paper-sheet"
      data-report-ready={ready ? "true" : undefined}
      lang={formLang === "en" ? "en" : "zh-CN"}
      data-testid="paper-form"
    >
      <header className="paper-head">
        <div className="paper-titles">
          <h1>{say.v(survey.title ?? paper.wave.title)}</h1>
          <p className="paper-wave">
            {paper.wave.title} · {say.m((t) => t.period(paper.wave.periodStart, paper.wave.periodEnd))}
          </p>
        </div>
        <HeaderBox label={say.m((t) => t.formNo)} column={columnOf("form_no")} boxes={6} />
      </header>
      <section className="paper-promise">
        <strong>{say.m((t) => t.anonymityTitle)}</strong>
        <p>{say.m((t) => t.anonymityText)}</p>
        {survey.description && <p>{say.v(survey.description)}</p>}
      </section>
      <section className="paper-fields">
        <div className="paper-field paper-field-wide">
          <span className="paper-label">
            {say.m((t) => t.unit)} <ColumnName column={columnOf("unit")} />
          </span>
          {unit ? (
            <span className="paper-filled">
              {say.v(unit.name)} ({unit.id})
            </span>
          ) : (
            <span className="paper-line paper-line-long" title={say.first.unitWrite}>
              <span className="paper-hint">{say.m((t) => t.unitWrite)}</span>
            </span>
          )}
        </div>
        <div className="paper-field">
          <span className="paper-label">
            {say.m((t) => t.date)} <ColumnName column={columnOf("date")} />
          </span>
          <span className="paper-date">
            <span className="paper-line paper-line-short" />-<span className="paper-line paper-line-tiny" />-
            <span className="paper-line paper-line-tiny" />
          </span>
          <span className="paper-hint">{say.m((t) => t.dateBoxes)}</span>
        </div>
        <div className="paper-field paper-field-wide">
          <span className="paper-label">
            {say.m((t) => t.group)} <ColumnName column={columnOf("group")} />
          </span>
          <ol className="paper-choices">
            {paper.groups.map((g, i) => (
              <li key={g.id}>
                <Box n={i + 1} /> {say.v(g.name)}
              </li>
            ))}
          </ol>
        </div>
      </section>
      <p className="paper-howto">
        {say.m((t) => t.howTo)} <span className="paper-hint">{say.m((t) => t.columnHint)}</span>
      </p>
      {outline.sections.map((section, i) => (
        <section className="paper-section" key={section.questions[0]?.name ?? i}>
          {section.title && <h2>{say.v(section.title)}</h2>}
          {section.questions.map((q) => (
            <Question key={q.name} q={q} outline={outline} say={say} />
          ))}
        </section>
      ))}
      <p className="paper-thanks">{say.m((t) => t.thanks)}</p>
    </article>
  );
}

function ColumnName({ column }: { column: PaperColumn | undefined }) {
  return column ? <span className="paper-col">[{column.name}]</span> : null;
}

function Box({ n }: { n?: number | string }) {
  return (
    <span className="paper-box-wrap">
      {n !== undefined && <span className="paper-box-n">{n}</span>}
      <span className="paper-box" aria-hidden="true" />
    </span>
  );
}

function HeaderBox({ label, column, boxes }: { label: ReactNode; column?: PaperColumn; boxes: number }) {
  return (
    <div className="paper-formno">
      <span className="paper-label">
        {label} <ColumnName column={column} />
      </span>
      <span className="paper-digits">
        {Array.from({ length: boxes }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed, identical boxes
          <span key={i} className="paper-digit" />
        ))}
      </span>
    </div>
  );
}

function Question({ q, outline, say }: { q: OutlineQuestion; outline: Outline; say: Say }) {
  const first = q.columns[0];
  const main = q.columns.filter((c) => !c.name.endsWith("-Comment"));
  const other = q.columns.find((c) => c.name.endsWith("-Comment"));
  const el = q.element;
  const isMatrix = main.length > 1 && main.every((c) => c.name.startsWith(`${q.name}.`));
  return (
    <div className="paper-q" data-question={q.name}>
      <p className="paper-q-title">
        <span className="paper-q-n">{q.number}.</span> {say.v(q.title)}
        {first?.multiple || first?.kind === "multi_choice" ? <> {say.m((t) => t.multiple)}</> : null}{" "}
        {!isMatrix && <ColumnName column={main[0]} />}
      </p>
      {el?.description && <p className="paper-hint">{say.v(el.description)}</p>}
      {el?.visibleIf && (
        <p className="paper-condition">
          {say.m((t, lang) =>
            t.onlyIf(
              conditionText(
                el.visibleIf as string,
                outline.numberOf,
                { question: t.question, answered: t.answered, and: t.and, or: t.or },
                (value) => {
                  const text = outline.choiceTexts.get(value);
                  return text === undefined ? undefined : localize(text, lang);
                },
              ),
            ),
          )}
        </p>
      )}
      {isMatrix ? (
        <MatrixTable columns={main} element={el} say={say} />
      ) : (
        main.map((c) => <Answer key={c.name} column={c} other={other} element={el} say={say} />)
      )}
      {other && !main.some((c) => c.choices?.some((choice) => choice.value === "other")) && (
        <p className="paper-other">
          {say.m((t) => t.other)} <span className="paper-line paper-line-long" />{" "}
          <ColumnName column={other} />
        </p>
      )}
      {el?.demand && !el.description && <p className="paper-hint">{say.m((t) => t.demandNote)}</p>}
    </div>
  );
}

function Answer({
  column,
  other,
  element,
  say,
}: {
  column: PaperColumn;
  other?: PaperColumn;
  element?: SurveyElement;
  say: Say;
}) {
  switch (column.kind) {
    case "scale": {
      const points = scalePoints(column, element);
      return (
        <div className="paper-scale">
          {element?.minRateDescription && (
            <span className="paper-end">{say.v(element.minRateDescription)}</span>
          )}
          {points.map((p) => (
            <Box key={p} n={p} />
          ))}
          {element?.maxRateDescription && (
            <span className="paper-end">{say.v(element.maxRateDescription)}</span>
          )}
        </div>
      );
    }
    case "choice":
    case "multi_choice":
      return (
        <ol className="paper-choices">
          {(column.choices ?? []).map((c, i) =>
            c.value === "other" && other ? (
              <li key="other" className="paper-other">
                <Box n={i + 1} /> {otherLabel(element, c.text, say)}{" "}
                <span className="paper-line paper-line-long" /> <ColumnName column={other} />
              </li>
            ) : (
              <li key={String(c.value)}>
                <Box n={i + 1} /> {say.v(c.text)}
              </li>
            ),
          )}
        </ol>
      );
    case "boolean":
      return (
        <ol className="paper-choices">
          <li>
            <Box n={1} /> {say.m((t) => t.yes)}
          </li>
          <li>
            <Box n={2} /> {say.m((t) => t.no)}
          </li>
        </ol>
      );
    case "comment": {
      const lines = element?.demand || (element?.maxLength ?? 0) > 500 ? 5 : 3;
      return (
        <div className="paper-lines">
          {Array.from({ length: lines }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: fixed, identical lines
            <span key={i} className="paper-line paper-line-full" />
          ))}
        </div>
      );
    }
    case "number":
      return (
        <p>
          <span className="paper-line paper-line-short" />
          {column.min !== undefined && column.max !== undefined && (
            <span className="paper-hint">
              {" "}
              ({column.min}–{column.max})
            </span>
          )}
        </p>
      );
    default:
      return (
        <div className="paper-lines">
          <span className="paper-line paper-line-full" />
        </div>
      );
  }
}

/** The "other" item's own text, or the form's "Other, please write:". */
function otherLabel(element: SurveyElement | undefined, text: LocalizedText, say: Say): ReactNode {
  return element?.otherText ? say.v(element.otherText) : text ? say.v(text) : say.m((t) => t.other);
}

function MatrixTable({
  columns,
  element,
  say,
}: {
  columns: PaperColumn[];
  element?: SurveyElement;
  say: Say;
}) {
  const head =
    element?.columns && element.columns.length > 0
      ? element.columns.map((c) => ({ value: c.value, text: c.text }))
      : scalePoints(columns[0] as PaperColumn, undefined).map((v) => ({ value: v, text: undefined }));
  return (
    <table className="paper-matrix">
      <thead>
        <tr>
          <th />
          {head.map((h) => (
            <th key={String(h.value)}>
              <span className="paper-box-n">{h.value}</span>
              {h.text && <span className="paper-matrix-head">{say.v(h.text)}</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr key={c.name}>
            <th scope="row">
              {say.v(rowText(element, c))} <ColumnName column={c} />
            </th>
            {head.map((h) => (
              <td key={String(h.value)}>
                <Box />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
