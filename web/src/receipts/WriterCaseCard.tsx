// One of the writer's cases: what they wrote, where it stands, the published answer, and the two things only the
// writer may do — rate the answer once, reopen the case once (after a confirmation that says it is only once).
import { useId, useState } from "react";
import { useI18n } from "../i18n";
import { type CaseRating, fetchWriterCases, rateAnswer, reopenCase, type WriterCase } from "./receiptApi";
import { errorText, formatDay, refusalText, useWriterText } from "./useWriterText";

const ratings: readonly CaseRating[] = ["satisfied", "basically", "dissatisfied"];
/** The server's limit on a reopening comment (maxCaseText). */
const maxComment = 4000;

interface Props {
  receipt: string;
  writerCase: WriterCase;
  onCases: (cases: WriterCase[]) => void;
}

export function WriterCaseCard({ receipt, writerCase: c, onCases }: Props) {
  const t = useWriterText();
  const { lang, text } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [reopening, setReopening] = useState(false);
  const [comment, setComment] = useState("");
  const [commentMissing, setCommentMissing] = useState(false);
  const commentId = useId();
  const titleId = useId();
  const department = c.departmentName ? text(c.departmentName) : null;

  const send = async (step: () => ReturnType<typeof rateAnswer>) => {
    setBusy(true);
    setProblem(null);
    const res = await step();
    if (res.ok) {
      setBusy(false);
      setReopening(false);
      setComment("");
      onCases(res.data.cases);
      return;
    }
    if (res.status === 409) {
      // Refused because the case moved on (another tab or device rated or reopened it): show where it stands now,
      // and say why in the light of that, rather than leave buttons that can only be refused again.
      const fresh = await fetchWriterCases(receipt);
      setBusy(false);
      setReopening(false);
      setProblem(
        refusalText(t, res.error, fresh.ok ? fresh.data.cases.find((x) => x.id === c.id) : undefined),
      );
      if (fresh.ok) onCases(fresh.data.cases);
      return;
    }
    setBusy(false);
    setProblem(errorText(t, res.error));
  };

  const confirmReopen = () => {
    if (comment.trim() === "") {
      setCommentMissing(true);
      return;
    }
    void send(() => reopenCase(receipt, c.id, comment.trim()));
  };

  return (
    <article className="writer-case" aria-labelledby={titleId} data-testid={`writer-case-${c.number}`}>
      <header className="writer-case-head">
        <h2 id={titleId}>{t.caseNumber(c.number)}</h2>
        <span className="case-tag">{t.categories[c.category]}</span>
        <span className={`case-stage case-stage-${c.stage}`} data-testid="case-stage">
          {t.stage[c.stage]}
        </span>
      </header>
      <p className="hint">{t.receivedOn(formatDay(c.receivedOn, lang))}</p>
      <p className="case-text">{c.text}</p>

      {c.stage === "received" && <p className="hint">{t.waitingRouting}</p>}
      {c.stage === "in_progress" && (
        <p className="hint" data-testid="case-progress">
          {department && c.deadline ? t.handledBy(department, formatDay(c.deadline, lang)) : t.beingHandled}
        </p>
      )}
      {c.reopened && c.reopenComment && <p className="hint">{t.reopenedWith(c.reopenComment)}</p>}

      {c.answer !== null && (
        <section className="case-answer" data-testid="case-answer">
          <h3>{t.answerTitle}</h3>
          <p className="case-text">{c.answer}</p>
          {c.actionTaken && (
            <>
              <h3>{t.actionTaken}</h3>
              <p className="case-text">{c.actionTaken}</p>
            </>
          )}
          {c.publishedOn && (
            <p className="hint">
              {department
                ? t.answeredBy(department, formatDay(c.publishedOn, lang))
                : t.publishedOn(formatDay(c.publishedOn, lang))}
            </p>
          )}
        </section>
      )}
      {c.adopted && (
        <p className="case-adopted">
          {t.adopted}
          {c.reward && ` · ${t.reward(c.reward)}`}
        </p>
      )}

      <div aria-live="polite">
        {c.rating !== null && (
          <p className="case-rating" data-testid="case-rating">
            {t.yourRating(t.rating[c.rating] ?? c.rating)}
          </p>
        )}
      </div>
      {c.canRate && (
        <fieldset className="rate-answer" disabled={busy}>
          <legend>{t.rateQuestion}</legend>
          <div className="rate-buttons">
            {ratings.map((r) => (
              <button
                key={r}
                type="button"
                className="button"
                data-testid={`rate-${r}`}
                onClick={() => void send(() => rateAnswer(receipt, c.id, r))}
              >
                {t.rating[r]}
              </button>
            ))}
          </div>
          <p className="hint">{t.rateOnce}</p>
        </fieldset>
      )}

      {c.canReopen && !reopening && (
        <button
          type="button"
          className="button reopen-offer"
          data-testid="reopen-offer"
          disabled={busy}
          onClick={() => setReopening(true)}
        >
          {t.reopenOffer}
        </button>
      )}
      {c.canReopen && reopening && (
        <div className="reopen-panel" data-testid="reopen-panel">
          <h3>{t.reopenTitle}</h3>
          <p className="notice">{t.reopenWarning}</p>
          <label htmlFor={commentId} className="writer-label">
            {t.reopenLabel}
          </label>
          <textarea
            id={commentId}
            data-testid="reopen-comment"
            value={comment}
            rows={4}
            maxLength={maxComment}
            autoComplete="off"
            aria-invalid={commentMissing}
            onChange={(e) => {
              setComment(e.target.value);
              setCommentMissing(false);
            }}
          />
          {commentMissing && (
            <p className="notice notice-error" role="alert">
              {t.reopenEmpty}
            </p>
          )}
          <div className="reopen-actions">
            <button
              type="button"
              className="button button-strong"
              data-testid="reopen-confirm"
              disabled={busy}
              onClick={confirmReopen}
            >
              {busy ? t.sending : t.reopenConfirm}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setReopening(false)}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {c.reopened && !c.canReopen && c.stage !== "received" && c.stage !== "in_progress" && (
        <p className="hint">{t.reopenedAlready}</p>
      )}

      {problem && (
        <p className="notice notice-error" role="alert" data-testid="case-problem">
          {problem}
        </p>
      )}
    </article>
  );
}
