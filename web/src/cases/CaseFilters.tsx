// The inbox's filters: topic, category, department (triage only: a handler has one), writer's unit, round,
// channel, words or case number, and the order. Applied on submit so typing does not fire a request per key.
import type { FormEvent } from "react";
import type { Wave } from "../api";
import { useI18n } from "../i18n";
import { UnitOptions } from "./caseBits";
import type { CaseMeta, MetaUnit } from "./casesApi";
import { emptyFilters, type Filters } from "./listState";
import type { CasesMessages } from "./messages";

export function CaseFilters({
  t,
  meta,
  units,
  waves,
  showDepartment,
  filters,
  onChange,
  onApply,
}: {
  t: CasesMessages;
  meta: CaseMeta;
  units: readonly MetaUnit[];
  waves: readonly Wave[];
  showDepartment: boolean;
  filters: Filters;
  onChange: (next: Filters) => void;
  onApply: (next: Filters) => void;
}) {
  const { text } = useI18n();
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    onChange({ ...filters, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(filters);
  };
  // Folded on a phone unless a filter is in use, so the list itself is on the first screen.
  const unfold =
    Object.values(filters).some((v) => v !== "") || window.matchMedia("(min-width: 48rem)").matches;
  return (
    <details className="case-filters-toggle" open={unfold}>
      <summary className="link-button">{t.filters}</summary>
      <form
        className="form form-grid panel"
        onSubmit={submit}
        aria-label={t.filters}
        data-testid="case-filters"
      >
        <label>
          {t.search}
          <input name="q" type="search" value={filters.q} onChange={set("q")} />
        </label>
        <label>
          {t.topic}
          <select name="topic" value={filters.topic} onChange={set("topic")}>
            <option value="">{t.anyTopic}</option>
            {meta.topics.map((x) => (
              <option key={x.id} value={x.id}>
                {text(x.name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.category}
          <select name="category" value={filters.category} onChange={set("category")}>
            <option value="">{t.anyCategory}</option>
            {meta.categories.map((x) => (
              <option key={x.id} value={x.id}>
                {t.categories[x.id]}
              </option>
            ))}
          </select>
        </label>
        {showDepartment && (
          <label>
            {t.department}
            <select name="departmentId" value={filters.departmentId} onChange={set("departmentId")}>
              <option value="">{t.anyDepartment}</option>
              {meta.departments.map((x) => (
                <option key={x.id} value={x.id}>
                  {text(x.name)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t.unit}
          <select name="unitId" value={filters.unitId} onChange={set("unitId")}>
            <option value="">{t.anyUnit}</option>
            <UnitOptions units={units} />
          </select>
        </label>
        <label>
          {t.round}
          <select name="waveId" value={filters.waveId} onChange={set("waveId")}>
            <option value="">{t.anyRound}</option>
            {waves.map((w) => (
              <option key={w.id} value={w.id}>
                {text(w.title)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.channel}
          <select name="channel" value={filters.channel} onChange={set("channel")}>
            <option value="">{t.anyChannel}</option>
            {Object.entries(t.channels).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.sort}
          <select name="sort" value={filters.sort} onChange={set("sort")}>
            <option value="">{t.sortNewest}</option>
            <option value="deadline">{t.sortDeadline}</option>
          </select>
        </label>
        <div className="row-actions">
          <button type="submit" className="button" data-testid="apply-filters">
            {t.apply}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              onChange(emptyFilters);
              onApply(emptyFilters);
            }}
          >
            {t.clear}
          </button>
        </div>
      </form>
    </details>
  );
}
