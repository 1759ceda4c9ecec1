// The tagging table: one row per question or matrix row, with its topic, thresholds and flags as editable cells.
// A matrix row shows its matrix's tags (they are edited on the matrix); a tag the item cannot carry says why.
import { useI18n } from "../../i18n";
import type { TaggingItem, TaggingView } from "./surveysApi";
import { type Draft, setTags, thresholdFrom } from "./taggingDraft";
import { useSurveysText } from "./useSurveysText";

interface Props {
  items: TaggingItem[];
  topics: TaggingView["topics"];
  draft: Draft;
  readOnly: boolean;
  selected: ReadonlySet<string>;
  /** Names of the shown questions that can take a topic: what "select all shown" selects. */
  selectable: string[];
  onSelect: (next: ReadonlySet<string>) => void;
  onChange: (update: (draft: Draft) => Draft) => void;
}

export function TaggingTable({
  items,
  topics,
  draft,
  readOnly,
  selected,
  selectable,
  onSelect,
  onChange,
}: Props) {
  const t = useSurveysText();
  const { text } = useI18n();
  const allSelected = selectable.length > 0 && selectable.every((name) => selected.has(name));
  const toggle = (name: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(name);
    else next.delete(name);
    onSelect(next);
  };
  const topicName = (id: string) => {
    const topic = topics.find((x) => x.id === id);
    return topic ? text(topic.name) : id;
  };
  const why = (reason: string | null) => (reason ? t.cannot[reason] : undefined);

  return (
    <div className="table-wrap">
      <table className="data-table tagging-table" data-testid="tagging-table">
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label={t.selectAllShown}
                title={t.selectAllShown}
                checked={allSelected}
                disabled={readOnly || selectable.length === 0}
                data-testid="select-all"
                onChange={(e) => {
                  const next = new Set(selected);
                  for (const name of selectable) {
                    if (e.target.checked) next.add(name);
                    else next.delete(name);
                  }
                  onSelect(next);
                }}
              />
            </th>
            <th scope="col">{t.page}</th>
            <th scope="col">{t.question}</th>
            <th scope="col">{t.type}</th>
            <th scope="col">{t.topic}</th>
            <th scope="col">{t.scale}</th>
            <th scope="col">{t.favourableMin}</th>
            <th scope="col">{t.unfavourableMax}</th>
            <th scope="col">{t.enps}</th>
            <th scope="col">{t.demand}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const tags = draft[item.name];
            if (!tags) return null;
            const isRow = item.row !== null;
            const title = text(item.title);
            const canTopic = !isRow && item.cannot.topic === null;
            const thresholdsOpen = canTopic && tags.topic !== null && !readOnly;
            const edit = (patch: Parameters<typeof setTags>[2]) =>
              onChange((d) => setTags(d, item.name, patch));
            return (
              <tr key={item.itemId} data-item={item.itemId} className={isRow ? "matrix-row" : undefined}>
                <td>
                  {canTopic && (
                    <input
                      type="checkbox"
                      aria-label={t.selectRow(title)}
                      checked={selected.has(item.name)}
                      disabled={readOnly}
                      data-testid="select-item"
                      onChange={(e) => toggle(item.name, e.target.checked)}
                    />
                  )}
                </td>
                <td className="page-name">{text(item.page.title)}</td>
                <th scope="row" className="item-title">
                  {isRow && <span aria-hidden="true">↳ </span>}
                  {title}
                  <span className="hint">{item.itemId}</span>
                </th>
                <td className="type">{item.type}</td>
                <td>
                  {isRow ? (
                    <span className="inherited">
                      {tags.topic ? topicName(tags.topic) : t.noTopic}
                      <span className="hint">{t.fromMatrix(item.name)}</span>
                    </span>
                  ) : canTopic ? (
                    <select
                      value={tags.topic ?? ""}
                      disabled={readOnly}
                      aria-label={`${t.topic}: ${title}`}
                      data-testid="item-topic"
                      onChange={(e) => edit({ topic: e.target.value || null })}
                    >
                      <option value="">{t.noTopic}</option>
                      {/* A topic no longer offered (retired) stays visible on the questions that carry it. */}
                      {tags.topic && !topics.some((x) => x.id === tags.topic) && (
                        <option value={tags.topic}>{tags.topic}</option>
                      )}
                      {topics.map((topic) => (
                        <option key={topic.id} value={topic.id}>
                          {text(topic.name)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="hint">{why(item.cannot.topic)}</span>
                  )}
                </td>
                <td className="num">{item.scale ? `${item.scale[0]}–${item.scale[1]}` : ""}</td>
                {(["favourableMin", "unfavourableMax"] as const).map((key) => {
                  const fallback =
                    key === "favourableMin" ? item.defaultFavourableMin : item.defaultUnfavourableMax;
                  if (!item.scale) return <td key={key} />;
                  if (!thresholdsOpen) {
                    const shownValue = tags.topic === null ? null : (tags[key] ?? fallback);
                    return (
                      <td key={key} className="num">
                        {shownValue ?? ""}
                      </td>
                    );
                  }
                  return (
                    <td key={key}>
                      <input
                        type="number"
                        inputMode="numeric"
                        className="threshold"
                        min={item.scale[0]}
                        max={item.scale[1]}
                        value={tags[key] ?? ""}
                        placeholder={fallback === null ? "" : t.defaultThreshold(fallback)}
                        aria-label={`${key === "favourableMin" ? t.favourableMin : t.unfavourableMax}: ${title}`}
                        data-testid={`item-${key}`}
                        onChange={(e) => edit({ [key]: thresholdFrom(e.target.value) })}
                      />
                    </td>
                  );
                })}
                {(["enps", "demand"] as const).map((key) => {
                  const reason = isRow ? "matrix_row" : item.cannot[key];
                  return (
                    <td key={key}>
                      <input
                        type="checkbox"
                        checked={tags[key]}
                        disabled={readOnly || reason !== null}
                        title={why(reason)}
                        aria-label={`${key === "enps" ? t.enps : t.demand}: ${title}${reason ? ` (${why(reason)})` : ""}`}
                        data-testid={`item-${key}`}
                        onChange={(e) => edit({ [key]: e.target.checked })}
                      />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
