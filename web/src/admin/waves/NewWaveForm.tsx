// The new-round form: its fields, "Copy last round" (the selected questionnaire's latest round moved on to the next
// period, by the server), and creating it. The draft lives in the page, so a round's own "Copy" can fill it too.
import { type FormEvent, useState } from "react";
import { useI18n } from "../../i18n";
import { type Draft, draftOf, newWaveBody } from "./draft";
import { wavesMessages } from "./messages";
import { problemText } from "./problemText";
import { WaveFields } from "./WaveFields";
import { type AdminWave, type CreatedWave, copyWave, createWave, type SurveySummary } from "./wavesApi";

interface Props {
  draft: Draft;
  onDraft: (next: Draft) => void;
  surveys: readonly SurveySummary[];
  waves: readonly AdminWave[];
  offsetMinutes: number;
  zone: string;
  open: boolean;
  onToggle: (open: boolean) => void;
  onCreated: (wave: CreatedWave) => void;
}

export function NewWaveForm(props: Props) {
  const { draft, onDraft, surveys, waves, offsetMinutes, zone } = props;
  const { lang } = useI18n();
  const t = wavesMessages[lang];
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; path?: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  // The list is newest period first: the first round of the questionnaire is its latest.
  const lastWave = waves.find((w) => w.surveyId === draft.surveyId);

  const copyLast = async () => {
    if (!lastWave) return;
    setBusy(true);
    const res = await copyWave(lastWave.id);
    setBusy(false);
    if (!res.ok) return setProblem({ text: problemText(lang, res.error), path: res.error.path });
    setProblem(null);
    onDraft(draftOf(res.data, offsetMinutes));
    setCopied(lastWave.title);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = newWaveBody(draft, offsetMinutes);
    if (typeof body === "string") return setProblem({ text: t[body] });
    setBusy(true);
    const res = await createWave(body);
    setBusy(false);
    if (!res.ok) return setProblem({ text: problemText(lang, res.error), path: res.error.path });
    setProblem(null);
    setCopied(null);
    props.onCreated(res.data);
  };

  return (
    <details
      className="panel"
      open={props.open}
      onToggle={(e) => props.onToggle((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>{t.newWave}</summary>
      {surveys.length === 0 ? (
        <p className="notice">{t.noSurveys}</p>
      ) : (
        <form onSubmit={submit} className="form form-grid wave-form" noValidate data-testid="new-wave-form">
          <WaveFields
            draft={draft}
            onChange={(next) => {
              onDraft(next);
              if (next.surveyId !== draft.surveyId) setCopied(null);
            }}
            surveys={surveys}
            zone={zone}
            invalid={problem?.path}
            idPrefix="new-wave"
          >
            <div className="wave-form-actions">
              <button
                type="button"
                className="button"
                onClick={copyLast}
                disabled={busy || !lastWave}
                data-testid="copy-last-wave"
              >
                {t.copyLast}
              </button>
              <span className="hint">{lastWave ? t.copyLastHint : draft.surveyId ? t.noLastWave : ""}</span>
            </div>
            {copied && (
              <p className="notice wave-form-wide" role="status">
                {t.copiedFrom(copied)}
              </p>
            )}
          </WaveFields>
          {problem && (
            <p className="notice notice-error wave-form-wide" role="alert" data-testid="new-wave-problem">
              {problem.text}
            </p>
          )}
          <button type="submit" className="button button-primary wave-form-wide" disabled={busy}>
            {busy ? t.creating : t.create}
          </button>
        </form>
      )}
    </details>
  );
}
