// The form of each step: classify, merge (after a look at the target), route, reply on the spot, return, answer,
// approve, reject, adopt, undo a merge. Each posts one step with the history the page shows (`seen`); a refusal
// is shown in the user's language and changes nothing.
import { type FormEvent, type ReactNode, useState } from "react";
import { useI18n } from "../i18n";
import { ChoiceField, categoryChoices, namedChoices } from "./ChoiceField";
import { StatusBadge } from "./caseBits";
import { type Case, type CaseMeta, findCase, type StepInputs, type StepName, takeStep } from "./casesApi";
import { LimitedText } from "./LimitedText";
import type { CasesMessages } from "./messages";
import { caseErrorText } from "./useCasesText";

export interface StepProps {
  t: CasesMessages;
  meta: CaseMeta;
  c: Case;
  /** The seq of the last history step the page shows: the server refuses a step if the case changed since. */
  seen: number;
  onDone: (after: Case | null) => void;
  /** Reloads the case after a refusal because it changed under the page (another tab, a colleague). */
  onStale: () => void;
}

/** Refusals that mean the page shows an old state of the case: the way out is to reload it. */
const staleCodes = new Set(["case_changed", "case_status"]);

function StepForm<S extends StepName>({
  t,
  c,
  seen,
  step,
  body,
  hint,
  onDone,
  onStale,
  ready,
  submitLabel,
  hideSubmit,
  children,
}: StepProps & {
  step: S;
  body: () => StepInputs[S];
  hint?: ReactNode;
  /** False stops the save (the form does something else first, e.g. the merge's look at its target). */
  ready?: () => boolean;
  submitLabel?: string;
  hideSubmit?: boolean;
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; stale: boolean } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || (ready && !ready())) return;
    setBusy(true);
    const res = await takeStep(c.id, step, { ...body(), seen });
    setBusy(false);
    if (!res.ok) {
      setError({ text: caseErrorText(t, res.error), stale: staleCodes.has(res.error.code) });
      return;
    }
    setError(null);
    onDone(res.data.case);
  };
  return (
    <form className="form panel case-step" onSubmit={submit} data-testid={`step-${step}`}>
      {hint && <p className="hint">{hint}</p>}
      {children}
      {error && (
        <div className="notice notice-error" role="alert">
          <p data-testid="step-error">{error.text}</p>
          {error.stale && (
            <button type="button" className="button" onClick={onStale} data-testid="reload-case">
              {t.reloadCase}
            </button>
          )}
        </div>
      )}
      {!hideSubmit && (
        <div className="row-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t.saving : (submitLabel ?? t.submit)}
          </button>
        </div>
      )}
    </form>
  );
}

export function ClassifyForm(p: StepProps) {
  const { text } = useI18n();
  const [category, setCategory] = useState(p.c.category);
  const [topic, setTopic] = useState(p.c.topic ?? "");
  return (
    <StepForm {...p} step="classify" body={() => ({ category, topic: topic || null })}>
      <ChoiceField
        label={p.t.category}
        name="category"
        value={category}
        onChange={(v) => setCategory(v as Case["category"])}
        choices={categoryChoices(p.t, p.meta)}
      />
      <ChoiceField
        label={p.t.topic}
        name="topic"
        value={topic}
        onChange={setTopic}
        choices={namedChoices(p.meta.topics, text)}
        empty={p.t.noTopic}
      />
    </StepForm>
  );
}

/**
 * Merging is hard to notice once done (the writer reads another case's answer), so the target is shown first —
 * its number, opening words, status, topic, department — and the merge is saved only on a second, explicit click.
 */
export function MergeForm(p: StepProps) {
  const [into, setInto] = useState("");
  const [target, setTarget] = useState<Case | null>(null);
  const [looking, setLooking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const number = Number(into);
  const previewed = target !== null && target.number === number;

  const look = async () => {
    setTarget(null);
    if (!/^\d+$/.test(into) || number < 1) return setProblem(p.t.mergeEnterNumber);
    if (number === p.c.number) return setProblem(p.t.errors.merge_into_itself ?? null);
    setLooking(true);
    const res = await findCase(number);
    setLooking(false);
    if (!res.ok) return setProblem(caseErrorText(p.t, res.error));
    if (!res.data) return setProblem(p.t.errors.merge_target_not_found ?? null);
    if (res.data.mergedInto !== null) return setProblem(p.t.mergeTargetMerged(res.data.mergedInto));
    setProblem(null);
    setTarget(res.data);
  };

  return (
    <StepForm
      {...p}
      step="merge"
      hint={p.t.mergeHint}
      body={() => ({ into: number })}
      ready={() => {
        if (previewed) return true;
        void look();
        return false;
      }}
      submitLabel={p.t.mergeConfirm}
      hideSubmit={!previewed}
    >
      <div className="case-merge-lookup">
        <label>
          {p.t.mergeInto}
          <input
            name="into"
            inputMode="numeric"
            autoComplete="off"
            value={into}
            onChange={(e) => setInto(e.target.value.trim())}
          />
        </label>
        <button
          type="button"
          className="button"
          disabled={looking}
          onClick={() => void look()}
          data-testid="merge-lookup"
        >
          {looking ? p.t.mergeLooking : p.t.mergeLookup}
        </button>
      </div>
      {problem && (
        <p className="notice notice-error" role="alert" data-testid="merge-problem">
          {problem}
        </p>
      )}
      {previewed && <MergePreview t={p.t} meta={p.meta} c={p.c} target={target} />}
    </StepForm>
  );
}

function MergePreview({ t, meta, c, target }: { t: CasesMessages; meta: CaseMeta; c: Case; target: Case }) {
  const { text } = useI18n();
  const topicName = (id: string | null) =>
    id === null ? t.noTopic : text(meta.topics.find((x) => x.id === id)?.name) || id;
  const opening = target.text.length > 80 ? `${target.text.slice(0, 80)}…` : target.text;
  return (
    <div className="case-merge-preview" data-testid="merge-preview" aria-live="polite">
      <p>
        <strong>{t.mergePreview(target.number)}</strong>{" "}
        <a href={`/cases/${target.number}`} target="_blank" rel="noreferrer">
          {t.caseTitle(target.number)}
        </a>{" "}
        <StatusBadge t={t} status={target.status} />
      </p>
      <p className="case-quote">{opening}</p>
      <p className="hint">
        {t.categories[target.category]} · {topicName(target.topic)} ·{" "}
        {t.departmentIs(target.departmentName ? text(target.departmentName) : t.none)}
      </p>
      {target.topic !== c.topic && (
        <p className="notice notice-warning" data-testid="merge-warning">
          {t.mergeTopicDiffers(topicName(target.topic), topicName(c.topic))}
        </p>
      )}
      {target.status === "closed" && (
        <p className="notice notice-warning" data-testid="merge-warning">
          {t.mergeClosed}
        </p>
      )}
    </div>
  );
}

export function UnmergeForm(p: StepProps) {
  return (
    <StepForm {...p} step="unmerge" hint={p.t.unmergeHint} body={() => ({})} submitLabel={p.t.aUnmerge}>
      {null}
    </StepForm>
  );
}

export function RouteForm(p: StepProps) {
  const { text } = useI18n();
  // The server's own default for the category (working days from the plant's today, holidays skipped).
  const category = p.meta.categories.find((x) => x.id === p.c.category);
  const days = category?.deadlineDays ?? 15;
  const [departmentId, setDepartmentId] = useState(p.c.status === "routed" ? (p.c.departmentId ?? "") : "");
  const [deadline, setDeadline] = useState(category?.defaultDeadline ?? "");
  return (
    <StepForm {...p} step="route" body={() => ({ departmentId, ...(deadline ? { deadline } : {}) })}>
      <ChoiceField
        label={p.t.department}
        name="departmentId"
        value={departmentId}
        onChange={setDepartmentId}
        choices={namedChoices(p.meta.departments, text)}
        empty={p.t.chooseDepartment}
      />
      <label>
        {p.t.deadline}
        <input name="deadline" type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
        <span className="hint">{p.t.deadlineDefault(days)}</span>
      </label>
    </StepForm>
  );
}

const optionalText = (v: string) => (v.trim() ? v : null);

/** A checkbox with its text after it. */
function CheckField({
  name,
  label,
  checked,
  onChange,
}: {
  name: string;
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <label className="case-check">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

// Each group of fields used by two steps keeps its state in one hook, with the part of the step's body it gives.

/** The answer and the action taken (reply, answer). */
function useAnswer(answer0: string, action0: string) {
  const [answer, setAnswer] = useState(answer0);
  const [action, setAction] = useState(action0);
  return {
    answer,
    setAnswer,
    action,
    setAction,
    body: () => ({ answer, actionTaken: optionalText(action) }),
  };
}

function AnswerFields({ t, s }: { t: CasesMessages; s: ReturnType<typeof useAnswer> }) {
  return (
    <>
      <LimitedText
        t={t}
        label={t.answerText}
        name="answer"
        rows={5}
        value={s.answer}
        onChange={s.setAnswer}
      />
      <LimitedText
        t={t}
        label={
          <>
            {t.actionText} {t.optional}
          </>
        }
        name="actionTaken"
        rows={3}
        value={s.action}
        onChange={s.setAction}
      />
    </>
  );
}

/** The wording to publish, or none (reply, approve); starts from the first 1000 characters of `from`. */
function useWording(from: string) {
  const [wording, setWording] = useState(from.slice(0, 1000));
  const [none, setNone] = useState(false);
  return { wording, setWording, none, setNone, publicText: () => (none ? null : wording) };
}

function PublicWording({ t, s }: { t: CasesMessages; s: ReturnType<typeof useWording> }) {
  return (
    <fieldset className="case-public">
      <legend>{t.publicWording}</legend>
      <p className="notice notice-error case-public-warning">{t.publicWarning}</p>
      <CheckField name="noWording" label={t.publishNoWording} checked={s.none} onChange={s.setNone} />
      {!s.none && <LimitedText t={t} name="publicText" rows={4} value={s.wording} onChange={s.setWording} />}
    </fieldset>
  );
}

/** Adopted or not, and the reward if adopted (approve a suggestion, adopt). */
function useAdoption(c: Case) {
  const [adopted, setAdopted] = useState(c.adopted);
  const [reward, setReward] = useState(c.reward ?? "");
  return {
    adopted,
    setAdopted,
    reward,
    setReward,
    body: () => ({ adopted, reward: adopted ? optionalText(reward) : null }),
  };
}

function AdoptionFields({ t, s }: { t: CasesMessages; s: ReturnType<typeof useAdoption> }) {
  return (
    <>
      <CheckField name="adopted" label={t.adoptIt} checked={s.adopted} onChange={s.setAdopted} />
      {s.adopted && (
        <LimitedText
          t={t}
          label={
            <>
              {t.rewardText} {t.optional}
            </>
          }
          name="reward"
          value={s.reward}
          onChange={s.setReward}
        />
      )}
    </>
  );
}

/** The reason sent back with the case (return, reject). */
function ReasonField({
  t,
  reason,
  setReason,
}: {
  t: CasesMessages;
  reason: string;
  setReason: (v: string) => void;
}) {
  return <LimitedText t={t} label={t.reason} name="reason" rows={3} value={reason} onChange={setReason} />;
}

export function ReplyForm(p: StepProps) {
  const answer = useAnswer("", "");
  const wording = useWording(p.c.text);
  return (
    <StepForm
      {...p}
      step="reply"
      hint={p.t.replyHint}
      body={() => ({ ...answer.body(), publicText: wording.publicText() })}
    >
      <AnswerFields t={p.t} s={answer} />
      <PublicWording t={p.t} s={wording} />
    </StepForm>
  );
}

export function AnswerForm(p: StepProps & { rejectedReason: string | null }) {
  // A reopened or rejected case keeps its previous answer: start from it so the rework is an edit.
  const answer = useAnswer(p.c.answer ?? "", p.c.actionTaken ?? "");
  const rework = p.c.reopened || p.rejectedReason !== null;
  return (
    <StepForm {...p} step="answer" body={answer.body}>
      {p.c.reopened && p.c.reopenComment && (
        <div className="notice">
          <p>{p.t.reopenedRework}</p>
          <p className="case-quote">{p.c.reopenComment}</p>
        </div>
      )}
      {p.rejectedReason !== null && (
        <div className="notice notice-error">
          <p>{p.t.rejectedRework}</p>
          <p className="case-quote">{p.rejectedReason}</p>
        </div>
      )}
      {rework && p.c.answer && (
        <details>
          <summary>{p.t.previousAnswer}</summary>
          <p className="case-quote">{p.c.answer}</p>
        </details>
      )}
      <AnswerFields t={p.t} s={answer} />
    </StepForm>
  );
}

export function ReturnForm(p: StepProps) {
  const [reason, setReason] = useState("");
  return (
    <StepForm {...p} step="return" hint={p.t.returnHint} body={() => ({ reason })}>
      <ReasonField t={p.t} reason={reason} setReason={setReason} />
    </StepForm>
  );
}

export function ApproveForm(p: StepProps) {
  const wording = useWording(p.c.publicText ?? p.c.text);
  const adoption = useAdoption(p.c);
  const suggestion = p.c.category === "suggestion";
  return (
    <StepForm
      {...p}
      step="approve"
      body={() => ({ publicText: wording.publicText(), ...(suggestion ? adoption.body() : {}) })}
    >
      <div className="case-quote-block">
        <strong>{p.t.answer}</strong>
        <p className="case-quote">{p.c.answer}</p>
      </div>
      <PublicWording t={p.t} s={wording} />
      {suggestion && <AdoptionFields t={p.t} s={adoption} />}
    </StepForm>
  );
}

export function RejectForm(p: StepProps) {
  const [reason, setReason] = useState("");
  const [perfunctory, setPerfunctory] = useState(false);
  return (
    <StepForm {...p} step="reject" hint={p.t.rejectHint} body={() => ({ reason, perfunctory })}>
      <ReasonField t={p.t} reason={reason} setReason={setReason} />
      <CheckField
        name="perfunctory"
        label={p.t.perfunctory}
        checked={perfunctory}
        onChange={setPerfunctory}
      />
    </StepForm>
  );
}

export function AdoptForm(p: StepProps) {
  const adoption = useAdoption(p.c);
  return (
    <StepForm {...p} step="adopt" body={adoption.body}>
      <AdoptionFields t={p.t} s={adoption} />
    </StepForm>
  );
}
