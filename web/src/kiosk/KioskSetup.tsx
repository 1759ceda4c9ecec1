// The operator's setup of a kiosk: the unit everyone here belongs to, optionally a fixed respondent group, and
// (the first time on this device) the PIN. Storing is the caller's; this only collects and checks the choices.
import { type FormEvent, useId, useState } from "react";
import type { WaveForm } from "../api";
import { UnitPicker } from "../fill/UnitPicker";
import type { UnitTree } from "../fill/unitTree";
import { useI18n } from "../i18n";
import { useKioskText } from "./messages";
import { pinPattern } from "./pin";

export interface SetupChoice {
  unitId: string;
  groupId: string | null;
  /** Only when the device has no PIN yet. */
  pin?: string;
}

interface Props {
  form: WaveForm;
  tree: UnitTree;
  initial: { unitId: string; groupId: string | null } | null;
  askPin: boolean;
  /** Rejects when the device refused to store the settings. */
  onSave: (choice: SetupChoice) => Promise<void>;
  onCancel?: () => void;
}

export function KioskSetup({ form, tree, initial, askPin, onSave, onCancel }: Props) {
  const { text } = useI18n();
  const k = useKioskText();
  const [unitId, setUnitId] = useState(initial?.unitId ?? null);
  const [groupId, setGroupId] = useState<string | null>(initial?.groupId ?? null);
  const [pin, setPin] = useState("");
  const [pinAgain, setPinAgain] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const groupLegend = useId();
  const pinId = useId();
  const pinAgainId = useId();

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!unitId) return setProblem(k.chooseUnitFirst);
    if (askPin && !pinPattern.test(pin)) return setProblem(k.pinInvalid);
    if (askPin && pin !== pinAgain) return setProblem(k.pinMismatch);
    setProblem(null);
    onSave(askPin ? { unitId, groupId, pin } : { unitId, groupId }).catch(() => setProblem(k.storageFailed));
  };

  const groupOption = (id: string | null, label: string) => (
    <label key={id ?? "each"} className="choice">
      <input
        type="radio"
        name="kiosk-group"
        data-testid={`kiosk-group-${id ?? "each"}`}
        checked={groupId === id}
        onChange={() => setGroupId(id)}
      />
      <span>{label}</span>
    </label>
  );

  return (
    <form className="kiosk-setup" onSubmit={save} noValidate>
      <h1>{k.setupTitle}</h1>
      <p className="hint">{text(form.wave.title)}</p>
      <p>{k.setupIntro}</p>
      <div className="field">
        <UnitPicker tree={tree} selectedId={unitId} onSelect={setUnitId} label={k.setupUnit} />
      </div>
      <fieldset className="field groups" aria-labelledby={groupLegend}>
        <legend id={groupLegend} className="field-label">
          {k.groupFixed}
        </legend>
        {groupOption(null, k.groupEachChooses)}
        {form.groups.map((g) => groupOption(g.id, text(g.name)))}
      </fieldset>
      {askPin && (
        <div className="field kiosk-pins">
          <label htmlFor={pinId} className="field-label">
            {k.pinLabel}
          </label>
          <input
            id={pinId}
            className="kiosk-pin-input"
            data-testid="kiosk-pin-new"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={8}
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
          <label htmlFor={pinAgainId} className="field-label">
            {k.pinRepeat}
          </label>
          <input
            id={pinAgainId}
            className="kiosk-pin-input"
            data-testid="kiosk-pin-repeat"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={8}
            value={pinAgain}
            onChange={(e) => setPinAgain(e.target.value)}
          />
          <p className="hint">{k.pinHint}</p>
        </div>
      )}
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button-primary" data-testid="kiosk-save-setup">
          {k.saveSetup}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {k.cancel}
          </button>
        )}
      </div>
    </form>
  );
}
