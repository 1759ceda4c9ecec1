// A labelled <select> over a list of choices, with an optional first empty option ("any …", "no topic", "choose …").
// Written once because the filters, the step forms, the meeting form and the quarter picker each repeated it.
import type { ReactNode } from "react";
import type { LocalizedText } from "../i18n";
import type { CaseMeta, MetaUnit } from "./casesApi";
import type { CasesMessages } from "./messages";

export interface Choice {
  id: string;
  label: string;
}

export function ChoiceField({
  label,
  name,
  value,
  onChange,
  choices,
  empty,
  className,
  testId,
}: {
  label: ReactNode;
  name?: string;
  value: string;
  onChange: (value: string) => void;
  choices: readonly Choice[];
  /** The text of a first option with the value "", when none of the choices is a valid answer. */
  empty?: string;
  className?: string;
  testId?: string;
}) {
  return (
    <label className={className}>
      {label}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {empty !== undefined && <option value="">{empty}</option>}
        {choices.map((x) => (
          <option key={x.id} value={x.id}>
            {x.label}
          </option>
        ))}
      </select>
    </label>
  );
}

type Text = (value: LocalizedText | null | undefined) => string;

/** Named things (the meta's topics and departments) as choices in the reader's language. */
export const namedChoices = (items: readonly { id: string; name: LocalizedText }[], text: Text): Choice[] =>
  items.map((x) => ({ id: x.id, label: text(x.name) }));

export const categoryChoices = (t: CasesMessages, meta: CaseMeta): Choice[] =>
  meta.categories.map((x) => ({ id: x.id, label: t.categories[x.id] ?? x.id }));

export const waveChoices = (waves: readonly { id: string; title: LocalizedText }[], text: Text): Choice[] =>
  waves.map((w) => ({ id: w.id, label: text(w.title) }));

/** Units (already in tree order) as choices, each indented by its depth below the shallowest one given. */
export function unitChoices(units: readonly MetaUnit[], text: Text): Choice[] {
  const top = Math.min(...units.map((u) => u.level));
  return units.map((u) => ({
    id: u.id,
    label: `${"\u3000".repeat(Math.max(0, u.level - top))}${text(u.name)}`,
  }));
}
