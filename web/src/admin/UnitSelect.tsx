// A <select> of the units in the user's scope, indented by depth so the tree shows; names in the UI language.
import { useI18n } from "../i18n";
import type { ScopedUnit } from "../staff/api";

export function UnitSelect({
  units,
  value,
  onChange,
  id,
  label,
}: {
  units: readonly ScopedUnit[];
  value: string;
  onChange: (unitId: string) => void;
  id?: string;
  label?: string;
}) {
  const { text } = useI18n();
  const top = units[0]?.level ?? 0;
  return (
    <select id={id} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {`${"\u3000".repeat(u.level - top)}${text(u.name)}`}
        </option>
      ))}
    </select>
  );
}
