// 会议诉求登记: a demand raised in a meeting, logged by an analyst (to triage) or a handler (to their own
// department). After saving, the receipt is shown once, prominently, to be handed to the person who raised it.
import { type FormEvent, useState } from "react";
import type { Wave } from "../api";
import { useI18n } from "../i18n";
import { ChoiceField, categoryChoices, namedChoices, unitChoices, waveChoices } from "./ChoiceField";
import { type CaseMeta, logMeetingDemand, type MeetingResult, type MetaUnit } from "./casesApi";
import type { CasesMessages } from "./messages";
import { caseErrorText } from "./useCasesText";

export function MeetingForm({
  t,
  meta,
  units,
  waves,
  handler,
  onClose,
}: {
  t: CasesMessages;
  meta: CaseMeta;
  units: readonly MetaUnit[];
  waves: readonly Wave[];
  handler: boolean;
  onClose: (saved: boolean) => void;
}) {
  const { text } = useI18n();
  const [unitId, setUnitId] = useState("");
  const [demand, setDemand] = useState("");
  const [category, setCategory] = useState<MeetingResult["case"]["category"]>("demand");
  const [topic, setTopic] = useState("");
  const [waveId, setWaveId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<MeetingResult | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const res = await logMeetingDemand({
      unitId,
      text: demand,
      category,
      ...(topic ? { topic } : {}),
      ...(waveId ? { waveId } : {}),
    });
    setBusy(false);
    if (!res.ok) return setError(caseErrorText(t, res.error));
    setError(null);
    setSaved(res.data);
  };

  if (saved) {
    return (
      <section className="panel case-receipt" aria-live="polite" data-testid="meeting-receipt">
        <h2>{t.receiptTitle(saved.case.number)}</h2>
        <p className="case-receipt-code" data-testid="receipt-code">
          {saved.receipt}
        </p>
        <p>{t.receiptNote}</p>
        <button type="button" className="button" onClick={() => onClose(true)}>
          {t.receiptDone}
        </button>
      </section>
    );
  }
  return (
    <form className="form panel" onSubmit={submit} aria-labelledby="meeting-title" data-testid="meeting-form">
      <h2 id="meeting-title">{t.meetingTitle}</h2>
      <p className="hint">
        {t.meetingIntro} {handler && t.meetingHandlerNote}
      </p>
      <ChoiceField
        label={t.fields.unitId}
        name="unitId"
        value={unitId}
        onChange={setUnitId}
        choices={unitChoices(units, text)}
        empty={t.chooseUnit}
      />
      <label>
        {t.meetingText}
        <textarea name="text" rows={4} value={demand} onChange={(e) => setDemand(e.target.value)} />
      </label>
      <div className="form-grid">
        <ChoiceField
          label={t.category}
          name="category"
          value={category}
          onChange={(v) => setCategory(v as typeof category)}
          choices={categoryChoices(t, meta)}
        />
        <ChoiceField
          label={
            <>
              {t.topic} {t.optional}
            </>
          }
          name="topic"
          value={topic}
          onChange={setTopic}
          choices={namedChoices(meta.topics, text)}
          empty={t.noTopic}
        />
        <ChoiceField
          label={
            <>
              {t.round} {t.optional}
            </>
          }
          name="waveId"
          value={waveId}
          onChange={setWaveId}
          choices={waveChoices(waves, text)}
          empty={t.none}
        />
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t.saving : t.save}
        </button>
        <button type="button" className="link-button" onClick={() => onClose(false)}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
