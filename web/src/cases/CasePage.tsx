// /cases/<id> (or /cases/<number>): one case — the demand, where it came from, where it stands, its answer and the
// writer's rating — the steps the viewer may take now, as forms, and the full history.
import { type ReactNode, useCallback, useEffect, useState } from "react";
import { fetchWaves, type Wave } from "../api";
import { useI18n } from "../i18n";
import type { StaffContext } from "../staff/StaffPage";
import { StaffPage } from "../staff/StaffPage";
import { CaseHistory } from "./CaseHistory";
import { DeadlineText, StatusBadge } from "./caseBits";
import { stepsFor } from "./caseSteps";
import {
  type Case,
  type CaseDetail,
  type CaseMeta,
  fetchCase,
  fetchCaseMeta,
  findCaseByNumber,
  type StepName,
} from "./casesApi";
import type { CasesMessages } from "./messages";
import {
  AdoptForm,
  AnswerForm,
  ApproveForm,
  ClassifyForm,
  MergeForm,
  RejectForm,
  ReplyForm,
  ReturnForm,
  RouteForm,
  type StepProps,
  UnmergeForm,
} from "./StepForms";
import { caseErrorText, useCasesText } from "./useCasesText";
import "./cases.css";

export function CasePage({ caseRef }: { caseRef: string }) {
  return <StaffPage path="/cases">{(ctx) => <CaseLoader ctx={ctx} caseRef={caseRef} />}</StaffPage>;
}

function CaseLoader({ ctx, caseRef }: { ctx: StaffContext; caseRef: string }) {
  const t = useCasesText();
  const [meta, setMeta] = useState<CaseMeta | null>(null);
  const [waves, setWaves] = useState<Wave[]>([]);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const id = /^\d+$/.test(caseRef) ? await findCaseByNumber(Number(caseRef)) : caseRef;
    if (id === null) return setError(t.notFound);
    const res = await fetchCase(id);
    if (!res.ok) return setError(caseErrorText(t, res.error));
    setError(null);
    setDetail(res.data);
  }, [caseRef, t]);

  useEffect(() => {
    void fetchCaseMeta().then((res) => (res.ok ? setMeta(res.data) : setError(caseErrorText(t, res.error))));
    void fetchWaves().then((res) => res.ok && setWaves(res.data));
    void load();
  }, [load, t]);

  const back = (
    <p>
      <a href="/cases">← {t.backToList}</a>
    </p>
  );
  if (error) {
    return (
      <>
        {back}
        <p className="notice notice-error" role="alert" data-testid="case-error">
          {error}
        </p>
      </>
    );
  }
  if (!meta || !detail) return <p className="notice">…</p>;
  return <CaseView ctx={ctx} meta={meta} waves={waves} detail={detail} reload={load} back={back} />;
}

function CaseView({
  ctx,
  meta,
  waves,
  detail,
  reload,
  back,
}: {
  ctx: StaffContext;
  meta: CaseMeta;
  waves: Wave[];
  detail: CaseDetail;
  reload: () => Promise<void>;
  back: ReactNode;
}) {
  const t = useCasesText();
  const { text } = useI18n();
  const c = detail.case;
  const [open, setOpen] = useState<StepName | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const steps = stepsFor(ctx.user.role, c);
  const topic = text(meta.topics.find((x) => x.id === c.topic)?.name) || c.topic || t.noTopic;
  const wave = waves.find((w) => w.id === c.waveId)?.title ?? c.waveId;
  // The reason of a rejection the department is reworking: the last step that sent the case back to it.
  const lastToRouted = [...detail.history]
    .reverse()
    .find((e) => e.toStatus === "routed" && e.fromStatus !== "routed");
  const rejectedReason =
    c.status === "routed" && lastToRouted?.action === "reject"
      ? String(lastToRouted.details.reason ?? "")
      : null;

  const onDone = (after: Case | null) => {
    if (after === null) {
      setNotice(t.returned);
      setOpen(null);
      return;
    }
    setNotice(t.done);
    setOpen(null);
    void reload();
  };
  const onStale = () => {
    setOpen(null);
    setNotice(null);
    void reload();
  };
  const seen = detail.history.at(-1)?.seq ?? 1;
  const props: StepProps = { t, meta, c, seen, onDone, onStale };
  const label: Record<StepName, string> = {
    classify: t.aClassify,
    merge: t.aMerge,
    route: c.status === "routed" ? t.aReroute : t.aRoute,
    reply: t.aReply,
    return: t.aReturn,
    answer: t.aAnswer,
    approve: t.aApprove,
    reject: t.aReject,
    adopt: t.aAdopt,
    unmerge: t.aUnmerge,
  };

  if (notice === t.returned) {
    return (
      <section>
        {back}
        <p className="notice" data-testid="case-notice">
          {notice}
        </p>
      </section>
    );
  }
  return (
    <article
      className="case-page"
      aria-labelledby="case-title"
      data-testid="case-page"
      data-status={c.status}
    >
      {back}
      <div className="cases-head">
        <h1 id="case-title">{t.caseTitle(c.number)}</h1>
        <StatusBadge t={t} status={c.status} />
        {c.overdue && <span className="case-flag case-flag-overdue">{t.overdue}</span>}
      </div>
      <blockquote className="case-text" data-testid="case-text">
        {c.text}
      </blockquote>
      <dl className="case-facts">
        <Fact term={t.unitPath}>{text(c.unitPath)}</Fact>
        <Fact term={t.channelRound}>
          {t.channels[c.channel]}
          {wave ? ` · ${wave}` : ""}
        </Fact>
        <Fact term={t.category}>
          {t.categories[c.category]} · {topic}
        </Fact>
        <Fact term={t.receivedOn}>{c.receivedOn}</Fact>
        <Fact term={t.department}>{c.departmentName ? text(c.departmentName) : t.none}</Fact>
        {c.routedOn && <Fact term={t.routedOn}>{c.routedOn}</Fact>}
        <Fact term={t.deadline}>
          <DeadlineText t={t} c={c} />
        </Fact>
        {c.category === "suggestion" && (
          <Fact term={t.adopted}>
            {c.adopted ? (c.reward ? `${t.adoptIt} · ${c.reward}` : t.adoptIt) : t.none}
          </Fact>
        )}
        {c.mergedInto !== null && (
          <Fact term={t.mergedInto}>
            <a href={`/cases/${c.mergedInto}`}>{c.mergedInto}</a>
          </Fact>
        )}
        {c.duplicates.length > 0 && (
          <Fact term={t.duplicates}>
            {c.duplicates.map((n, i) => (
              <span key={n}>
                {i > 0 && ", "}
                <a href={`/cases/${n}`}>{n}</a>
              </span>
            ))}
          </Fact>
        )}
      </dl>
      {c.answer && <AnswerBlock t={t} c={c} />}
      {notice && (
        <p className="notice" role="status" data-testid="case-notice">
          {notice}
        </p>
      )}
      <section className="case-actions" aria-labelledby="actions-title">
        <h2 id="actions-title">{t.take}</h2>
        {steps.length === 0 ? (
          <p className="hint">{t.noActions}</p>
        ) : (
          <div className="row-actions">
            {steps.map((s) => (
              <button
                key={s}
                type="button"
                className={`button${open === s ? " button-current" : ""}`}
                aria-expanded={open === s}
                data-testid={`open-${s}`}
                onClick={() => {
                  setNotice(null);
                  setOpen(open === s ? null : s);
                }}
              >
                {label[s]}
              </button>
            ))}
          </div>
        )}
        {open === "classify" && <ClassifyForm {...props} />}
        {open === "merge" && <MergeForm {...props} />}
        {open === "route" && <RouteForm {...props} />}
        {open === "reply" && <ReplyForm {...props} />}
        {open === "return" && <ReturnForm {...props} />}
        {open === "answer" && <AnswerForm {...props} rejectedReason={rejectedReason} />}
        {open === "approve" && <ApproveForm {...props} />}
        {open === "reject" && <RejectForm {...props} />}
        {open === "adopt" && <AdoptForm {...props} />}
        {open === "unmerge" && <UnmergeForm {...props} />}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t.history}</h2>
        <CaseHistory t={t} meta={meta} history={detail.history} />
      </section>
    </article>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AnswerBlock({ t, c }: { t: CasesMessages; c: Case }) {
  return (
    <section className="panel case-answer" aria-labelledby="answer-title" data-testid="case-answer">
      <h2 id="answer-title">{t.answer}</h2>
      <p className="case-quote">{c.answer}</p>
      {c.actionTaken && (
        <>
          <h3>{t.actionTaken}</h3>
          <p className="case-quote">{c.actionTaken}</p>
        </>
      )}
      {c.answeredOn && <p className="hint">{t.answeredOnBy(c.answeredOn, c.answeredBy ?? t.none)}</p>}
      {c.publishedOn && (
        <>
          <h3>{t.publicText}</h3>
          <p className="case-quote">{c.publicText ?? t.publicTextNone}</p>
          <p className="hint">
            {t.publishedOn}: {c.publishedOn}
          </p>
        </>
      )}
      {c.adopted && (
        <p>
          <strong>{t.adopted}</strong>
          {c.reward ? ` · ${t.reward}: ${c.reward}` : ""}
        </p>
      )}
      {(c.status === "published" || c.status === "closed" || c.rating) && (
        <p data-testid="case-rating">
          <strong>{t.rating}:</strong> {c.rating ? t.ratings[c.rating] : t.notRated}
        </p>
      )}
      {c.reopened && (
        <p>
          <strong>{t.reopened}</strong>
          {c.reopenComment ? ` · ${t.reopenComment}: ${c.reopenComment}` : ""}
        </p>
      )}
    </section>
  );
}
