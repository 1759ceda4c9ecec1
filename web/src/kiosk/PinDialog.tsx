// Asks for the operator's PIN before an operator action; nothing behind it renders until the PIN matches. After
// three wrong PINs in a row the field stays shut for a growing wait, kept on the device so a reload does not end it.
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useKioskText } from "./messages";
import { type PinLock, pinMatches, secondsLocked } from "./pin";
import { clearPinLock, loadPinLock, type PinRecord, recordWrongPin } from "./queue";

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
  // undefined until read from the device: the field stays shut rather than let a guess slip in before the lock.
  const [lock, setLock] = useState<PinLock | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    void loadPinLock().then((stored) => live && setLock(stored));
    return () => {
      live = false;
    };
  }, []);

  const left = lock ? secondsLocked(lock, now) : 0;
  const shut = lock === undefined || left > 0;

  // The countdown ticks only while locked; when it ends the field opens and takes the focus.
  useEffect(() => {
    if (left <= 0) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [left]);
  useEffect(() => {
    if (!shut) input.current?.focus();
  }, [shut]);

  const check = async (e: FormEvent) => {
    e.preventDefault();
    if (shut) return;
    if (pinMatches(value, pin)) {
      await clearPinLock();
      return onUnlock();
    }
    setWrong(true);
    setValue("");
    const at = Date.now();
    setLock(await recordWrongPin(at));
    setNow(at);
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
          disabled={shut}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        {left > 0 ? (
          <p className="notice notice-error" role="timer" data-testid="kiosk-pin-locked" data-seconds={left}>
            {k.pinLocked(left)}
          </p>
        ) : (
          wrong && (
            <p className="notice notice-error" role="alert">
              {k.pinWrong}
            </p>
          )
        )}
        <div className="actions">
          <button type="submit" className="button button-primary" data-testid="kiosk-unlock" disabled={shut}>
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
