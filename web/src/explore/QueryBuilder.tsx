// The query form: questionnaire, time (all rounds, chosen rounds or dates), measures, up to three dimensions,
// filters, comparison and minimum group size. It edits a draft; the page runs it.
import { filterMembers, fixedDimensions, measureNames } from "../../../analytics/names";
import { useI18n } from "../i18n";
import type { AnalyticsCatalogue, BreakdownQuery, ScopedUnit } from "../staff/api";
import type { ExploreMessages } from "./messages";

type Filter = NonNullable<BreakdownQuery["filters"]>[number];
const measureList = measureNames;
const plainDimensions: readonly string[] = fixedDimensions;
const members: readonly Filter["member"][] = filterMembers;

interface Props {
  t: ExploreMessages;
  surveys: string[];
  query: BreakdownQuery;
  catalogue: AnalyticsCatalogue | null;
  units: ScopedUnit[];
  busy: boolean;
  onChange: (q: BreakdownQuery) => void;
  onRun: () => void;
}

export function QueryBuilder({ t, surveys, query, catalogue, units, busy, onChange, onRun }: Props) {
  const { text } = useI18n();
  const set = (patch: Partial<BreakdownQuery>) => onChange({ ...query, ...patch });
  const timeMode = query.waveIds ? "waves" : query.dateRange ? "dates" : "all";
  const dims = query.dimensions ?? [];
  const top = units[0]?.level ?? 0;
  const levels = [...new Set(units.map((u) => u.level))].filter((l) => l > top).sort((a, b) => a - b);
  const dimensionOptions = [
    ...plainDimensions.slice(0, 1),
    ...levels.map((l) => `unit:level_${l}`),
    ...plainDimensions.slice(1),
  ];
  const dimensionLabel = (d: string) => {
    const level = /^unit:level_(\d+)$/.exec(d);
    if (!level) return t.dimensionNames[d] ?? d;
    const n = Number(level[1]);
    const kinds = [...new Set(units.filter((u) => u.level === n).map((u) => t.kinds[u.kind] ?? u.kind))].join(
      "、",
    );
    return t.level(n, kinds);
  };
  const valuesFor = (member: Filter["member"]): { id: string; label: string }[] => {
    if (member === "unit")
      return units.map((u) => ({ id: u.id, label: `${"\u3000".repeat(u.level - top)}${text(u.name)}` }));
    if (member === "channel") return Object.entries(t.channels).map(([id, label]) => ({ id, label }));
    if (!catalogue) return [];
    if (member === "wave") return catalogue.waves.map((w) => ({ id: w.id, label: w.label }));
    if (member === "topic") return catalogue.topics.map((x) => ({ id: x.id, label: text(x.label) }));
    if (member === "group") return catalogue.groups.map((x) => ({ id: x.id, label: text(x.label) }));
    return catalogue.questions.map((x) => ({ id: x.id, label: text(x.label) }));
  };
  const filters = query.filters ?? [];
  const setFilter = (i: number, f: Filter | null) => {
    const next = filters.flatMap((old, j) => (j === i ? (f ? [f] : []) : [old]));
    set({ filters: next.length > 0 ? next : undefined });
  };

  return (
    <form
      className="panel query-builder"
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      <div className="form-grid">
        <label>
          {t.survey}
          <select
            value={query.surveyId}
            onChange={(e) =>
              onChange({ ...query, surveyId: e.target.value, waveIds: undefined, filters: undefined })
            }
          >
            {surveys.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.time}
          <select
            value={timeMode}
            data-testid="time-mode"
            onChange={(e) => {
              const mode = e.target.value;
              const latest = catalogue?.waves.at(-1)?.id;
              if (mode === "all") set({ waveIds: undefined, dateRange: undefined });
              else if (mode === "waves")
                set({ waveIds: latest ? [latest] : undefined, dateRange: undefined });
              else
                set({
                  waveIds: undefined,
                  dateRange: [`${new Date().getFullYear()}-01-01`, new Date().toISOString().slice(0, 10)],
                });
            }}
          >
            <option value="all">{t.allTime}</option>
            <option value="waves">{t.byWaves}</option>
            <option value="dates">{t.byDates}</option>
          </select>
        </label>
        {timeMode === "waves" && catalogue && (
          <label>
            {t.byWaves}
            <select
              multiple
              size={Math.min(6, catalogue.waves.length)}
              data-testid="waves"
              value={query.waveIds ?? []}
              onChange={(e) => {
                const ids = [...e.target.selectedOptions].map((o) => o.value);
                set({ waveIds: ids.length > 0 ? ids : undefined });
              }}
            >
              {[...catalogue.waves].reverse().map((w) => (
                <option key={w.id} value={w.id}>
                  {w.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {timeMode === "dates" && query.dateRange && (
          <>
            <label>
              {t.from}
              <input
                type="date"
                value={query.dateRange[0]}
                onChange={(e) => set({ dateRange: [e.target.value, query.dateRange?.[1] ?? e.target.value] })}
              />
            </label>
            <label>
              {t.to}
              <input
                type="date"
                value={query.dateRange[1]}
                onChange={(e) => set({ dateRange: [query.dateRange?.[0] ?? e.target.value, e.target.value] })}
              />
            </label>
          </>
        )}
      </div>

      <fieldset className="checks">
        <legend>{t.measures}</legend>
        {measureList.map((m) => (
          <label key={m} className="check">
            <input
              type="checkbox"
              checked={query.measures.includes(m)}
              onChange={(e) => {
                const next = e.target.checked
                  ? [...query.measures, m]
                  : query.measures.filter((x) => x !== m);
                if (next.length > 0) set({ measures: next });
              }}
            />
            {t.measureNames[m]}
          </label>
        ))}
      </fieldset>

      <fieldset className="form-grid">
        <legend>{t.dimensions}</legend>
        {[0, 1, 2].map((i) => (
          <select
            key={i}
            aria-label={`${t.dimensions} ${i + 1}`}
            data-testid={`dimension-${i}`}
            value={dims[i] ?? ""}
            disabled={i > dims.length}
            onChange={(e) => {
              const next = [...dims];
              if (e.target.value === "") next.splice(i);
              else next[i] = e.target.value as (typeof next)[number];
              set({ dimensions: next.length > 0 ? next : undefined });
            }}
          >
            <option value="">{t.none}</option>
            {dimensionOptions
              .filter((d) => d === dims[i] || !dims.includes(d as (typeof dims)[number]))
              .map((d) => (
                <option key={d} value={d}>
                  {dimensionLabel(d)}
                </option>
              ))}
          </select>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t.filters}</legend>
        {filters.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: filters have no identity; the rows are fully controlled, so an index key keeps no stale state
          <div key={i} className="filter-row">
            <select
              aria-label={t.filters}
              value={f.member}
              onChange={(e) => {
                const member = e.target.value as Filter["member"];
                const first = valuesFor(member)[0]?.id;
                setFilter(i, {
                  member,
                  operator: member === "unit" ? "within" : "is",
                  values: first ? [first] : [],
                });
              }}
            >
              {members.map((m) => (
                <option key={m} value={m}>
                  {t.dimensionNames[m]}
                </option>
              ))}
            </select>
            <select
              aria-label={t.operators.is}
              value={f.operator}
              onChange={(e) => setFilter(i, { ...f, operator: e.target.value as Filter["operator"] })}
            >
              {(f.member === "unit" ? ["within", "is", "is_not"] : ["is", "is_not"]).map((o) => (
                <option key={o} value={o}>
                  {t.operators[o]}
                </option>
              ))}
            </select>
            <select
              multiple
              size={4}
              aria-label={t.dimensionNames[f.member]}
              data-testid={`filter-values-${i}`}
              value={f.values}
              onChange={(e) =>
                setFilter(i, { ...f, values: [...e.target.selectedOptions].map((o) => o.value) })
              }
            >
              {valuesFor(f.member).map((v) => (
                <option key={v.id} value={v.id}>
                  {v.label}
                </option>
              ))}
            </select>
            <button type="button" className="link-button" onClick={() => setFilter(i, null)}>
              {t.remove}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="link-button"
          data-testid="add-filter"
          onClick={() => {
            const first = valuesFor("topic")[0]?.id;
            set({ filters: [...filters, { member: "topic", operator: "is", values: first ? [first] : [] }] });
          }}
        >
          {t.addFilter}
        </button>
      </fieldset>

      <div className="form-grid">
        <label>
          {t.compare}
          <select
            value={query.compare ?? ""}
            data-testid="compare"
            onChange={(e) =>
              set({
                compare: e.target.value === "" ? undefined : (e.target.value as BreakdownQuery["compare"]),
              })
            }
          >
            <option value="">{t.noCompare}</option>
            <option value="previous_period">{t.compares.previous_period}</option>
            <option value="parent_unit">{t.compares.parent_unit}</option>
          </select>
        </label>
        <label>
          {t.minGroupSize}
          <input
            type="number"
            min={catalogue?.minGroupSize ?? 5}
            value={query.minGroupSize ?? catalogue?.minGroupSize ?? 5}
            onChange={(e) => {
              const n = Number(e.target.value);
              set({ minGroupSize: Number.isInteger(n) && n > 0 ? n : undefined });
            }}
          />
        </label>
        <button type="submit" className="button button-primary" data-testid="run" disabled={busy}>
          {busy ? t.running : t.run}
        </button>
      </div>
    </form>
  );
}
