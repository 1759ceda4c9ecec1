// A text field with the server's length limit: the browser stops at it, and a counter shows how much is left.
// The limits are those of server/cases/actions.ts (the server still checks; this only spares a refused save).
import { type ReactNode, useId } from "react";
import type { CasesMessages } from "./messages";

export const textLimits = {
  answer: 4000,
  actionTaken: 4000,
  publicText: 1000,
  reason: 1000,
  reward: 200,
  text: 4000,
} as const;

export function LimitedText({
  t,
  label,
  name,
  value,
  onChange,
  rows,
}: {
  t: CasesMessages;
  /** Absent when the field is labelled by its fieldset (aria-label is then the field's name in words). */
  label?: ReactNode;
  name: keyof typeof textLimits;
  value: string;
  onChange: (value: string) => void;
  /** A textarea of this many rows; a one-line input without. */
  rows?: number;
}) {
  const max = textLimits[name];
  const id = useId();
  const common = {
    id,
    name,
    value,
    maxLength: max,
    "aria-label": label === undefined ? t.fields[name] : undefined,
  };
  return (
    <div className="case-limited">
      {label !== undefined && <label htmlFor={id}>{label}</label>}
      {rows === undefined ? (
        <input {...common} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
      )}
      <span className={`case-counter${value.length >= max ? " case-counter-full" : ""}`} aria-hidden="true">
        {t.counter(value.length, max)}
      </span>
    </div>
  );
}
