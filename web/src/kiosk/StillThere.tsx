// Watches a questionnaire in progress on the kiosk: after three minutes without input it covers the screen and asks
// whether the person is still there; if nobody answers within 30 s, onAbandon clears it for the next person.
import { useEffect, useRef, useState } from "react";
import { useKioskText } from "./messages";

export const idleMs = 3 * 60_000;
export const askMs = 30_000;

// Answers change through these too (SurveyJS inputs fire input/change), so a person typing is never interrupted.
const activity = ["pointerdown", "keydown", "touchstart", "wheel", "input", "change"] as const;

export function StillThere({ onAbandon }: { onAbandon: () => void }) {
  const k = useKioskText();
  /** When the question appeared (ms, device clock); null while watching. */
  const [askedAt, setAskedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const returnFocus = useRef<Element | null>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (askedAt !== null) return;
    const ask = () => {
      returnFocus.current = document.activeElement;
      setNow(Date.now());
      setAskedAt(Date.now());
    };
    let timer = setTimeout(ask, idleMs);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(ask, idleMs);
    };
    for (const type of activity) document.addEventListener(type, restart, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const type of activity) document.removeEventListener(type, restart, { capture: true });
    };
  }, [askedAt]);

  useEffect(() => {
    if (askedAt === null) return;
    button.current?.focus();
    // The reset is its own timer; the ticking only redraws the seconds left.
    const end = setTimeout(onAbandon, askMs);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearTimeout(end);
      clearInterval(tick);
    };
  }, [askedAt, onAbandon]);

  if (askedAt === null) return null;
  const secondsLeft = Math.min(askMs / 1000, Math.max(0, Math.ceil((askedAt + askMs - now) / 1000)));
  const carryOn = () => {
    setAskedAt(null);
    if (returnFocus.current instanceof HTMLElement) returnFocus.current.focus();
  };
  return (
    <div
      className="kiosk-overlay kiosk-still-there"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="kiosk-still-there-title"
      aria-describedby="kiosk-still-there-text"
      data-testid="kiosk-still-there"
    >
      <section className="kiosk-dialog">
        <h2 id="kiosk-still-there-title">{k.stillThereTitle}</h2>
        <p id="kiosk-still-there-text" role="timer" data-seconds={secondsLeft}>
          {k.stillThereText(secondsLeft)}
        </p>
        <button
          ref={button}
          type="button"
          className="button button-primary"
          data-testid="kiosk-still-continue"
          onClick={carryOn}
        >
          {k.stillThereContinue}
        </button>
      </section>
    </div>
  );
}
