// The form of each step: classify, merge, route, reply on the spot, return, answer, approve, reject, adopt.
// Each posts one step and reports the case after it; a refusal is shown in the user's language and changes nothing.
import { type FormEvent, type ReactNode, useState } from "react";
import { useI18n } from "../i18n";
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
      <label>
        {p.t.category}
        <select
          name="category"
          value={category}
          onChange={(e) => setCategory(e.target.value as Case["category"])}
        >
          {p.meta.categories.map((x) => (
            <option key={x.id} value={x.id}>
              {p.t.categories[x.id]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {p.t.topic}
        <select name="topic" value={topic} onChange={(e) => setTopic(e.target.value)}>
          <option value="">{p.t.noTopic}</option>
          {p.meta.topics.map((x) => (
            <option key={x.id} value={x.id}>
              {text(x.name)}
            </option>
          ))}
        </select>
      </label>
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
      <label>
        {p.t.department}
        <select name="departmentId" value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
          <option value="">{p.t.chooseDepartment}</option>
          {p.meta.departments.map((x) => (
            <option key={x.id} value={x.id}>
              {text(x.name)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {p.t.deadline}
        <input name="deadline" type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
        <span className="hint">{p.t.deadlineDefault(days)}</span>
      </label>
    </StepForm>
  );
}

function AnswerFields({
  t,
  answer,
  setAnswer,
  action,
  setAction,
}: {
  t: CasesMessages;
  answer: string;
  setAnswer: (v: string) => void;
  action: string;
  setAction: (v: string) => void;
}) {
  return (
    <>
      <label>
        {t.answerText}
        <textarea name="answer" rows={5} value={answer} onChange={(e) => setAnswer(e.target.value)} />
      </label>
      <label>
        {t.actionText} {t.optional}
        <textarea name="actionTaken" rows={3} value={action} onChange={(e) => setAction(e.target.value)} />
      </label>
    </>
  );
}

function PublicWording({
  t,
  wording,
  setWording,
  none,
  setNone,
}: {
  t: CasesMessages;
  wording: string;
  setWording: (v: string) => void;
  none: boolean;
  setNone: (v: boolean) => void;
}) {
  return (
    <fieldset className="case-public">
      <legend>{t.publicWording}</legend>
      <p className="notice notice-error case-public-warning">{t.publicWarning}</p>
      <label className="case-check">
        <input type="checkbox" name="noWording" checked={none} onChange={(e) => setNone(e.target.checked)} />
        {t.publishNoWording}
      </label>
      {!none && (
        <textarea
          name="publicText"
          aria-label={t.publicWording}
          rows={4}
          value={wording}
          onChange={(e) => setWording(e.target.value)}
        />
      )}
    </fieldset>
  );
}

const optionalText = (v: string) => (v.trim() ? v : null);

export function ReplyForm(p: StepProps) {
  const [answer, setAnswer] = useState("");
  const [action, setAction] = useState("");
  const [wording, setWording] = useState(p.c.text.slice(0, 1000));
  const [none, setNone] = useState(false);
  return (
    <StepForm
      {...p}
      step="reply"
      hint={p.t.replyHint}
      body={() => ({ answer, actionTaken: optionalText(action), publicText: none ? null : wording })}
    >
      <AnswerFields t={p.t} answer={answer} setAnswer={setAnswer} action={action} setAction={setAction} />
      <PublicWording t={p.t} wording={wording} setWording={setWording} none={none} setNone={setNone} />
    </StepForm>
  );
}

export function AnswerForm(p: StepProps & { rejectedReason: string | null }) {
  // A reopened or rejected case keeps its previous answer: start from it so the rework is an edit.
  const [answer, setAnswer] = useState(p.c.answer ?? "");
  const [action, setAction] = useState(p.c.actionTaken ?? "");
  const rework = p.c.reopened || p.rejectedReason !== null;
  return (
    <StepForm {...p} step="answer" body={() => ({ answer, actionTaken: optionalText(action) })}>
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
      <AnswerFields t={p.t} answer={answer} setAnswer={setAnswer} action={action} setAction={setAction} />
    </StepForm>
  );
}

export function ReturnForm(p: StepProps) {
  const [reason, setReason] = useState("");
  return (
    <StepForm {...p} step="return" hint={p.t.returnHint} body={() => ({ reason })}>
      <label>
        {p.t.reason}
        <textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
    </StepForm>
  );
}

function AdoptionFields({
  t,
  adopted,
  setAdopted,
  reward,
  setReward,
}: {
  t: CasesMessages;
  adopted: boolean;
  setAdopted: (v: boolean) => void;
  reward: string;
  setReward: (v: string) => void;
}) {
  return (
    <>
      <label className="case-check">
        <input
          type="checkbox"
          name="adopted"
          checked={adopted}
          onChange={(e) => setAdopted(e.target.checked)}
        />
        {t.adoptIt}
      </label>
      {adopted && (
        <label>
          {t.rewardText} {t.optional}
          <input name="reward" value={reward} onChange={(e) => setReward(e.target.value)} />
        </label>
      )}
    </>
  );
}

export function ApproveForm(p: StepProps) {
  const [wording, setWording] = useState((p.c.publicText ?? p.c.text).slice(0, 1000));
  const [none, setNone] = useState(false);
  const [adopted, setAdopted] = useState(p.c.adopted);
  const [reward, setReward] = useState(p.c.reward ?? "");
  const suggestion = p.c.category === "suggestion";
  return (
    <StepForm
      {...p}
      step="approve"
      body={() => ({
        publicText: none ? null : wording,
        ...(suggestion ? { adopted, reward: adopted ? optionalText(reward) : null } : {}),
      })}
    >
      <div className="case-quote-block">
        <strong>{p.t.answer}</strong>
        <p className="case-quote">{p.c.answer}</p>
      </div>
      <PublicWording t={p.t} wording={wording} setWording={setWording} none={none} setNone={setNone} />
      {suggestion && (
        <AdoptionFields
          t={p.t}
          adopted={adopted}
          setAdopted={setAdopted}
          reward={reward}
          setReward={setReward}
        />
      )}
    </StepForm>
  );
}

export function RejectForm(p: StepProps) {
  const [reason, setReason] = useState("");
  const [perfunctory, setPerfunctory] = useState(false);
  return (
    <StepForm {...p} step="reject" hint={p.t.rejectHint} body={() => ({ reason, perfunctory })}>
      <label>
        {p.t.reason}
        <textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <label className="case-check">
        <input
          type="checkbox"
          name="perfunctory"
          checked={perfunctory}
          onChange={(e) => setPerfunctory(e.target.checked)}
        />
        {p.t.perfunctory}
      </label>
    </StepForm>
  );
}

export function AdoptForm(p: StepProps) {
  const [adopted, setAdopted] = useState(p.c.adopted);
  const [reward, setReward] = useState(p.c.reward ?? "");
  return (
    <StepForm {...p} step="adopt" body={() => ({ adopted, reward: adopted ? optionalText(reward) : null })}>
      <AdoptionFields
        t={p.t}
        adopted={adopted}
        setAdopted={setAdopted}
        reward={reward}
        setReward={setReward}
      />
    </StepForm>
  );
}
