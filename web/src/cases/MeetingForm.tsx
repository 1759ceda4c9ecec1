// 会议诉求登记: a demand raised in a meeting, logged by an analyst (to triage) or a handler (to their own
// department). After saving, the receipt is shown once, prominently, to be handed to the person who raised it.
import { type FormEvent, useMemo, useState } from "react";
import type { Wave } from "../api";
import { UnitPicker } from "../fill/UnitPicker";
import { buildUnitTree } from "../fill/unitTree";
import { useI18n } from "../i18n";
import { ChoiceField, categoryChoices, namedChoices, waveChoices } from "./ChoiceField";
import { type CaseMeta, logMeetingDemand, type MeetingResult, type MetaUnit } from "./casesApi";
import { LimitedText } from "./LimitedText";
import type { CasesMessages } from "./messages";
import { caseErrorText } from "./useCasesText";
import "../fill/fill.css";

export function MeetingForm({
  t,
  meta,
  units,
  waves,
  handler,
  onSaved,
  onClose,
}: {
  t: CasesMessages;
  meta: CaseMeta;
  units: readonly MetaUnit[];
  waves: readonly Wave[];
  handler: boolean;
  /** Called as soon as the demand is saved, so the list and its counts behind the receipt are current. */
  onSaved: () => void;
  onClose: () => void;
}) {
  const { text } = useI18n();
  // The fill page's picker (search by any part of a name, or browse) instead of a select of every unit.
  const tree = useMemo(() => buildUnitTree(units.map((u) => ({ ...u, headcount: 0 }))), [units]);
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
    onSaved();
  };

  if (saved) {
    return (
      <section className="panel case-receipt" aria-live="polite" data-testid="meeting-receipt">
        <h2>{t.receiptTitle(saved.case.number)}</h2>
        <p className="case-receipt-code" data-testid="receipt-code">
          {saved.receipt}
        </p>
        <CopyButton t={t} value={saved.receipt} />
        <p data-testid="receipt-note">{t.receiptNote(location.origin)}</p>
        <button type="button" className="button" onClick={onClose}>
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
      <UnitPicker tree={tree} selectedId={unitId || null} onSelect={setUnitId} label={t.meetingUnit} />
      <LimitedText t={t} label={t.meetingText} name="text" rows={4} value={demand} onChange={setDemand} />
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
        <button type="button" className="link-button" onClick={onClose}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

/** Copies the receipt code; on a plain-http intranet the Clipboard API is missing, so a selection is copied instead. */
function CopyButton({ t, value }: { t: CasesMessages; value: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(value);
      else copyBySelection(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  };
  return (
    <p className="row-actions">
      <button type="button" className="button" onClick={() => void copy()} data-testid="copy-receipt">
        {t.copyCode}
      </button>
      <span role="status" className="hint">
        {state === "copied" ? t.copied : state === "failed" ? t.copyFailed : ""}
      </span>
    </p>
  );
}

function copyBySelection(value: string) {
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  // execCommand is deprecated but is the only copy that works outside a secure context.
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}
