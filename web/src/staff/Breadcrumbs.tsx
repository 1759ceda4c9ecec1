// The path from the user's scope unit down to the unit shown; each step but the last climbs back there (the scope
// unit itself as `undefined`, meaning "my whole scope").
import { useI18n } from "../i18n";
import type { ScopedUnit } from "./api";

export function Breadcrumbs({
  units,
  currentId,
  onPick,
  label,
}: {
  units: readonly ScopedUnit[];
  currentId: string;
  onPick: (unitId: string | undefined) => void;
  label: string;
}) {
  const { text } = useI18n();
  const byId = new Map(units.map((u) => [u.id, u]));
  const trail: ScopedUnit[] = [];
  for (let u = byId.get(currentId); u; u = u.parentId ? byId.get(u.parentId) : undefined) trail.unshift(u);
  if (trail.length <= 1) return null;
  return (
    <nav aria-label={label} className="breadcrumbs" data-testid="breadcrumbs">
      {trail.map((u, i) =>
        i === trail.length - 1 ? (
          <span key={u.id} aria-current="page">
            {text(u.name)}
          </span>
        ) : (
          <button
            key={u.id}
            type="button"
            className="link-button"
            onClick={() => onPick(i === 0 ? undefined : u.id)}
          >
            {text(u.name)}
          </button>
        ),
      )}
    </nav>
  );
}
