// A case's history as a timeline: when, who (a username, the anonymous writer or the system), what, the status it
// moved between, and the details that matter later (departments, deadlines, reasons, perfunctory, ratings).
import { formatDateTime, type Lang, useI18n } from "../i18n";
import type { CaseEvent, CaseMeta } from "./casesApi";
import type { CasesMessages } from "./messages";

export function CaseHistory({
  t,
  meta,
  history,
}: {
  t: CasesMessages;
  meta: CaseMeta;
  history: readonly CaseEvent[];
}) {
  const { lang } = useI18n();
  const actor = (a: string) => (a === "writer" ? t.writer : a === "system" ? t.system : a);
  const anyHourOnly = history.some((e) => hourOnly(e.actor));
  return (
    <>
      {anyHourOnly && (
        <p className="hint" data-testid="hour-only-hint">
          {t.hourOnlyHint}
        </p>
      )}
      <ol className="case-history" data-testid="case-history">
        {history.map((e) => (
          <li key={e.seq} data-action={e.action}>
            <div className="case-history-head">
              <strong>{t.actions[e.action] ?? e.action}</strong>
              <span className="hint">
                {hourOnly(e.actor) ? aroundHour(t, e.at, lang) : formatDateTime(e.at, lang)} ·{" "}
                {actor(e.actor)}
                {e.fromStatus && e.fromStatus !== e.toStatus
                  ? ` · ${t.eventMove(t.statuses[e.fromStatus] ?? e.fromStatus, t.statuses[e.toStatus] ?? e.toStatus)}`
                  : ""}
              </span>
            </div>
            <EventDetails t={t} meta={meta} event={e} />
          </li>
        ))}
      </ol>
    </>
  );
}

/** The writer's steps and the intake are stored to the hour only (anonymity): their minutes would be made up. */
const hourOnly = (actor: string) => actor === "writer" || actor === "system";

function aroundHour(t: CasesMessages, iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = new Intl.DateTimeFormat(lang === "zh-cn" ? "zh-CN" : "en-GB", { dateStyle: "medium" }).format(
    date,
  );
  return t.aroundHour(day, date.getHours());
}

function EventDetails({ t, meta, event }: { t: CasesMessages; meta: CaseMeta; event: CaseEvent }) {
  const { text } = useI18n();
  const d = event.details as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const dept = (id: unknown) => text(meta.departments.find((x) => x.id === id)?.name) || str(id) || t.none;
  const topic = (id: unknown) => text(meta.topics.find((x) => x.id === id)?.name) || (str(id) ?? t.noTopic);
  const lines: string[] = [];
  const previous = (d.previous ?? null) as Record<string, unknown> | null;
  switch (event.action) {
    case "route":
      lines.push(t.dRoute(dept(d.departmentId), str(d.deadline) ?? t.none));
      if (previous?.departmentId)
        lines.push(t.dPrevious(dept(previous.departmentId), str(previous.deadline) ?? t.none));
      if (previous?.overdue) lines.push(t.dWasOverdue);
      break;
    case "classify":
      lines.push(t.dClassify(t.categories[str(d.category) ?? ""] ?? "", topic(d.topic)));
      break;
    case "merge":
      lines.push(t.dMerge(Number(d.into)));
      if (Array.isArray(d.carried) && d.carried.length > 0) lines.push(t.dCarried(d.carried.join(", ")));
      break;
    case "reply":
      lines.push(d.publicText ? t.dWithWording : t.dWithoutWording);
      break;
    case "return":
      lines.push(t.dRoute(dept(d.departmentId), str(d.deadline) ?? t.none));
      if (d.overdue) lines.push(t.dWasOverdue);
      lines.push(t.dReason(str(d.reason) ?? ""));
      break;
    case "answer":
      lines.push(d.onTime ? t.dOnTime : t.dLate);
      break;
    case "approve":
      lines.push(d.onTime ? t.dOnTime : t.dLate, d.publicText ? t.dWithWording : t.dWithoutWording);
      if (d.adopted !== undefined) lines.push(d.adopted ? t.dAdopted(str(d.reward)) : t.dNotAdopted);
      break;
    case "reject":
      lines.push(t.dReason(str(d.reason) ?? ""));
      if (d.perfunctory) lines.push(t.dPerfunctory);
      break;
    case "adopt":
      lines.push(d.adopted ? t.dAdopted(str(d.reward)) : t.dNotAdopted);
      break;
    case "rate":
      lines.push(t.ratings[str(d.rating) ?? ""] ?? "");
      break;
    case "reopen":
      lines.push(t.dComment(str(d.comment) ?? ""));
      if (d.detached) lines.push(t.dDetached);
      if (str(d.departmentId)) lines.push(t.dReopenRoute(dept(d.departmentId), str(d.deadline) ?? t.none));
      if (str(previous?.rating)) lines.push(t.dPreviousRating(t.ratings[str(previous?.rating) ?? ""] ?? ""));
      break;
    case "unmerge":
      if (d.from !== null && d.from !== undefined) lines.push(t.dUnmerged(Number(d.from)));
      if (str(previous?.rating)) lines.push(t.dPreviousRating(t.ratings[str(previous?.rating) ?? ""] ?? ""));
      break;
  }
  if (lines.length === 0) return null;
  return (
    <div className="case-history-details">
      {lines.map((l) => (
        <p key={l} className={l === t.dPerfunctory || l === t.dWasOverdue ? "case-flag-text" : undefined}>
          {l}
        </p>
      ))}
      {event.action === "reject" && str(d.answer) && (
        <details>
          <summary>{t.dRejectedAnswer}</summary>
          <p className="case-quote">{str(d.answer)}</p>
        </details>
      )}
    </div>
  );
}
