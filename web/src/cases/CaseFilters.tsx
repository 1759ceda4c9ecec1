// The inbox's filters: topic, category, department (triage only: a handler has one), writer's unit, round,
// channel, words or case number, and the order. Applied on submit so typing does not fire a request per key.
import type { FormEvent } from "react";
import type { Wave } from "../api";
import { useI18n } from "../i18n";
import { ChoiceField, categoryChoices, namedChoices, unitChoices, waveChoices } from "./ChoiceField";
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
  // Each control is named after its filter, so the name, the value and the setter come from the key.
  const field = (k: keyof Filters) => ({
    name: k,
    value: filters[k],
    onChange: (v: string) => onChange({ ...filters, [k]: v }),
  });
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
          <input
            name="q"
            type="search"
            value={filters.q}
            onChange={(e) => onChange({ ...filters, q: e.target.value })}
          />
        </label>
        <ChoiceField
          label={t.topic}
          {...field("topic")}
          choices={namedChoices(meta.topics, text)}
          empty={t.anyTopic}
        />
        <ChoiceField
          label={t.category}
          {...field("category")}
          choices={categoryChoices(t, meta)}
          empty={t.anyCategory}
        />
        {showDepartment && (
          <ChoiceField
            label={t.department}
            {...field("departmentId")}
            choices={namedChoices(meta.departments, text)}
            empty={t.anyDepartment}
          />
        )}
        <ChoiceField
          label={t.unit}
          {...field("unitId")}
          choices={unitChoices(units, text)}
          empty={t.anyUnit}
        />
        <ChoiceField
          label={t.round}
          {...field("waveId")}
          choices={waveChoices(waves, text)}
          empty={t.anyRound}
        />
        <ChoiceField
          label={t.channel}
          {...field("channel")}
          choices={Object.entries(t.channels).map(([id, label]) => ({ id, label }))}
          empty={t.anyChannel}
        />
        <ChoiceField
          label={t.sort}
          {...field("sort")}
          choices={[{ id: "deadline", label: t.sortDeadline }]}
          empty={t.sortNewest}
        />
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
