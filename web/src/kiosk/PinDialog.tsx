// Asks for the operator's PIN before an operator action; nothing behind it renders until the PIN matches.
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useKioskText } from "./messages";
import { pinMatches } from "./pin";
import type { PinRecord } from "./queue";

export function PinDialog({
  pin,
  onUnlock,
  onCancel,
}: {
  pin: PinRecord;
  onUnlock: () => void;
  onCancel: () => void;
}) {
  const k = useKioskText();
  const [value, setValue] = useState("");
  const [wrong, setWrong] = useState(false);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const check = (e: FormEvent) => {
    e.preventDefault();
    if (pinMatches(value, pin)) return onUnlock();
    setWrong(true);
    setValue("");
    input.current?.focus();
  };

  return (
    <div className="kiosk-overlay" role="dialog" aria-modal="true" aria-labelledby={inputId}>
      <form className="kiosk-dialog" onSubmit={check} noValidate>
        <label htmlFor={inputId} className="field-label">
          {k.pinPrompt}
        </label>
        <input
          id={inputId}
          ref={input}
          className="kiosk-pin-input"
          data-testid="kiosk-pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        {wrong && (
          <p className="notice notice-error" role="alert">
            {k.pinWrong}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button-primary" data-testid="kiosk-unlock">
            {k.unlock}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {k.cancel}
          </button>
        </div>
      </form>
    </div>
  );
}
