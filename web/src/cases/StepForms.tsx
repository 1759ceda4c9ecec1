// The form of each step: classify, merge, route, reply on the spot, return, answer, approve, reject, adopt.
// Each posts one step and reports the case after it; a refusal is shown in the user's language and changes nothing.
import { type FormEvent, type ReactNode, useState } from "react";
import { useI18n } from "../i18n";
import { ChoiceField, categoryChoices, namedChoices } from "./ChoiceField";
import { type Case, type CaseMeta, type StepInputs, type StepName, takeStep } from "./casesApi";
import type { CasesMessages } from "./messages";
import { caseErrorText } from "./useCasesText";

export interface StepProps {
  t: CasesMessages;
  meta: CaseMeta;
  c: Case;
  onDone: (after: Case | null, refused?: boolean) => void;
}

function StepForm<S extends StepName>({
  t,
  c,
  step,
  body,
  hint,
  onDone,
  children,
}: StepProps & { step: S; body: () => StepInputs[S]; hint?: ReactNode; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const res = await takeStep(c.id, step, body());
    setBusy(false);
    if (!res.ok) {
      setError(caseErrorText(t, res.error));
      // The case moved on under us: show where it stands now.
      if (res.error.code === "case_status") onDone(c, true);
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
        <p className="notice notice-error" role="alert" data-testid="step-error">
          {error}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t.saving : t.submit}
        </button>
      </div>
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

export function MergeForm(p: StepProps) {
  const [into, setInto] = useState("");
  return (
    <StepForm {...p} step="merge" hint={p.t.mergeHint} body={() => ({ into: Number(into) })}>
      <label>
        {p.t.mergeInto}
        <input
          name="into"
          inputMode="numeric"
          value={into}
          onChange={(e) => setInto(e.target.value.trim())}
        />
      </label>
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
      <label>
        {t.answerText}
        <textarea name="answer" rows={5} value={s.answer} onChange={(e) => s.setAnswer(e.target.value)} />
      </label>
      <label>
        {t.actionText} {t.optional}
        <textarea
          name="actionTaken"
          rows={3}
          value={s.action}
          onChange={(e) => s.setAction(e.target.value)}
        />
      </label>
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
      {!s.none && (
        <textarea
          name="publicText"
          aria-label={t.publicWording}
          rows={4}
          value={s.wording}
          onChange={(e) => s.setWording(e.target.value)}
        />
      )}
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
        <label>
          {t.rewardText} {t.optional}
          <input name="reward" value={s.reward} onChange={(e) => s.setReward(e.target.value)} />
        </label>
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
  return (
    <label>
      {t.reason}
      <textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
    </label>
  );
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
