// One round in the admin list: its settings, status and response count, what may still be done with it (open now,
// extend or reopen, close now, edit a scheduled round's schedule), and its links (progress, fill page, QR codes).
import { type FormEvent, useState } from "react";
import { useI18n } from "../../i18n";
import { type Draft, draftOf, scheduleBody } from "./draft";
import { wavesMessages } from "./messages";
import { fromPlantInput, showPlantTime, toPlantInput } from "./plantTime";
import { problemText } from "./problemText";
import { WaveFields } from "./WaveFields";
import {
  type AdminWave,
  closeWave,
  extendWave,
  openWave,
  type SurveySummary,
  scheduleWave,
} from "./wavesApi";

export type Notice = { ok: boolean; text: string };

interface Props {
  wave: AdminWave;
  surveys: readonly SurveySummary[];
  offsetMinutes: number;
  zone: string;
  onDone: (notice: Notice) => void;
  onCopy: (wave: AdminWave) => void;
}

const week = 7 * 86_400_000;

export function WaveCard({ wave, surveys, offsetMinutes, zone, onDone, onCopy }: Props) {
  const { lang, text } = useI18n();
  const t = wavesMessages[lang];
  const [mode, setMode] = useState<"idle" | "extend" | "schedule">("idle");
  const [closesAt, setClosesAt] = useState("");
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; path?: string } | null>(null);
  const survey = surveys.find((s) => s.id === wave.surveyId);
  const can = (action: AdminWave["actions"][number]) => wave.actions.includes(action);
  const time = (iso: string) => showPlantTime(iso, offsetMinutes);

  const run = async (send: () => ReturnType<typeof openWave>, done: (w: AdminWave) => string) => {
    setBusy(true);
    const res = await send();
    setBusy(false);
    if (!res.ok) return setProblem({ text: problemText(lang, res.error), path: res.error.path });
    setProblem(null);
    setMode("idle");
    onDone({ ok: true, text: done({ ...wave, ...res.data }) });
  };

  const startExtend = () => {
    // A week past the current close time, or from now for a closed round: a sensible default to adjust.
    const base = Math.max(Date.parse(wave.closesAt), Date.now());
    setClosesAt(toPlantInput(new Date(base + week).toISOString(), offsetMinutes));
    setProblem(null);
    setMode("extend");
  };

  const submitExtend = (event: FormEvent) => {
    event.preventDefault();
    const iso = fromPlantInput(closesAt, offsetMinutes);
    if (!iso) return setProblem({ text: t.badTime, path: "closesAt" });
    void run(
      () => extendWave(wave.id, iso),
      (w) => t.extended(w.title, time(w.closesAt)),
    );
  };

  const submitSchedule = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const body = scheduleBody(draft, wave, offsetMinutes);
    if (typeof body === "string") return setProblem({ text: t[body] });
    if (Object.keys(body).length === 0) return setMode("idle");
    void run(
      () => scheduleWave(wave.id, body),
      (w) => t.saved(w.title),
    );
  };

  const editable = {
    scheduled: t.editableScheduled,
    open: t.editableOpen,
    closed: t.editableClosed,
  }[wave.status];

  return (
    <article className="wave-card" data-wave-id={wave.id} data-status={wave.status}>
      <header className="wave-card-head">
        <h3>{wave.title}</h3>
        <span className={`wave-badge wave-badge-${wave.status}`} data-testid="wave-status">
          {t.statusBadge[wave.status]}
        </span>
      </header>
      <dl className="wave-facts">
        <div>
          <dt>{t.survey}</dt>
          <dd>
            {survey ? text(survey.title) : wave.surveyId} · v{wave.surveyVersion}
          </dd>
        </div>
        <div>
          <dt>{t.period}</dt>
          <dd>
            {wave.periodStart} – {wave.periodEnd}
          </dd>
        </div>
        <div>
          <dt>{t.window}</dt>
          <dd>
            {time(wave.opensAt)} – {time(wave.closesAt)}
          </dd>
        </div>
        <div>
          <dt>{t.channels}</dt>
          <dd>{wave.channels.map((c) => t.channelShort[c]).join(lang === "zh-cn" ? "、" : ", ")}</dd>
        </div>
        <div>
          <dt>{t.responses}</dt>
          <dd data-testid="wave-responses">{wave.responses}</dd>
        </div>
      </dl>
      <p className="hint">{editable}</p>
      <div className="row-actions">
        {can("open") && (
          <ConfirmedButton
            label={t.openNow}
            question={t.confirmOpen(wave.title)}
            busy={busy}
            onConfirm={() =>
              run(
                () => openWave(wave.id),
                (w) => t.opened(w.title),
              )
            }
          />
        )}
        {can("extend") && (
          <button type="button" className="button" disabled={busy} onClick={startExtend}>
            {wave.status === "closed" ? t.reopen : t.extend}
          </button>
        )}
        {can("close") && (
          <ConfirmedButton
            label={t.closeNow}
            question={t.confirmClose(wave.title)}
            busy={busy}
            onConfirm={() =>
              run(
                () => closeWave(wave.id),
                (w) => t.closed(w.title),
              )
            }
          />
        )}
        {can("schedule") && (
          <button
            type="button"
            className="link-button"
            disabled={busy}
            onClick={() => {
              setDraft(draftOf(wave, offsetMinutes));
              setProblem(null);
              setMode("schedule");
            }}
          >
            {t.editSchedule}
          </button>
        )}
        <button type="button" className="link-button" onClick={() => onCopy(wave)}>
          {t.copy}
        </button>
        <a href={`/progress?wave=${encodeURIComponent(wave.id)}`}>{t.progress}</a>
        {wave.status === "open" && (
          <>
            <a href={`/s/${encodeURIComponent(wave.id)}`} data-testid="fill-link">
              {t.fillLink}
            </a>
            <a href={`/admin/links?wave=${encodeURIComponent(wave.id)}`}>{t.linksPage}</a>
          </>
        )}
      </div>
      {mode === "extend" && (
        <form className="form form-grid wave-form" onSubmit={submitExtend} noValidate>
          <label htmlFor={`extend-${wave.id}`}>
            {t.newCloseTime(zone)}
            <input
              id={`extend-${wave.id}`}
              type="datetime-local"
              value={closesAt}
              aria-invalid={problem?.path === "closesAt" ? true : undefined}
              onChange={(e) => setClosesAt(e.target.value)}
            />
          </label>
          <div className="wave-form-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? t.saving : wave.status === "closed" ? t.reopen : t.extend}
            </button>
            <button type="button" className="link-button" onClick={() => setMode("idle")}>
              {t.cancel}
            </button>
          </div>
        </form>
      )}
      {mode === "schedule" && draft && (
        <form className="form form-grid wave-form" onSubmit={submitSchedule} noValidate>
          <WaveFields
            draft={draft}
            onChange={setDraft}
            surveys={surveys}
            zone={zone}
            invalid={problem?.path}
            idPrefix={`schedule-${wave.id}`}
            surveyFixed
          />
          <div className="wave-form-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? t.saving : t.save}
            </button>
            <button type="button" className="link-button" onClick={() => setMode("idle")}>
              {t.cancel}
            </button>
          </div>
        </form>
      )}
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem.text}
        </p>
      )}
    </article>
  );
}

/** A button that does its change only after the browser's yes to a sentence naming the round. */
function ConfirmedButton({
  label,
  question,
  busy,
  onConfirm,
}: {
  label: string;
  question: string;
  busy: boolean;
  onConfirm: () => void;
}) {
  return (
    <button type="button" className="button" disabled={busy} onClick={() => confirm(question) && onConfirm()}>
      {label}
    </button>
  );
}
