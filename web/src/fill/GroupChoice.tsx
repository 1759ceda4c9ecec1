// The respondent-group question the fill page and the kiosk ask before the questionnaire: one radio per group.
import { useId } from "react";
import type { WaveForm } from "../api";
import { useI18n } from "../i18n";

export function GroupChoice({
  groups,
  groupId,
  onChange,
}: {
  groups: WaveForm["groups"];
  groupId: string | null;
  onChange: (groupId: string) => void;
}) {
  const { t, text } = useI18n();
  const legendId = useId();
  return (
    <fieldset className="field groups" aria-labelledby={legendId}>
      <legend id={legendId} className="field-label">
        {t.groupLabel}
      </legend>
      {groups.map((g) => (
        <label key={g.id} className="choice">
          <input
            type="radio"
            name="group"
            value={g.id}
            data-testid={`group-option-${g.id}`}
            checked={groupId === g.id}
            onChange={() => onChange(g.id)}
          />
          <span>{text(g.name)}</span>
        </label>
      ))}
    </fieldset>
  );
}
