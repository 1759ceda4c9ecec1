// The organisation's change history, newest first: of every unit, or of the chosen one; older pages on demand.
// It reloads when `version` changes (after any change made on the page).
import { useEffect, useState } from "react";
import { formatDateTime, useI18n } from "../../i18n";
import type { OrganisationMessages } from "./messages";
import { fetchHistory, type UnitChange } from "./orgApi";

function describe(
  t: OrganisationMessages,
  c: UnitChange,
  name: (n: UnitChange["unitName"], id: string) => string,
) {
  const d = c.detail as Record<string, unknown>;
  const into = c.intoUnitId ? name(c.intoUnitName, c.intoUnitId) : "";
  const pair = (v: unknown) => {
    const names = v as { nameZh?: string; nameEn?: string } | undefined;
    return [names?.nameZh, names?.nameEn].filter(Boolean).join(" / ");
  };
  switch (c.kind) {
    case "add":
    case "restore":
    case "move":
      return into ? t.underParent(into) : "";
    case "merge":
      return t.intoUnit(into);
    case "rename":
      return `${pair(d.from)} → ${pair(d.to)}`;
    case "headcount":
    case "kind":
      return `${t.kinds[String(d.from)] ?? d.from} → ${t.kinds[String(d.to)] ?? d.to}`;
    default:
      return "";
  }
}

export function HistoryList({
  t,
  unitId,
  unitName,
  version,
  errorText,
}: {
  t: OrganisationMessages;
  unitId: string | null;
  unitName: string | null;
  version: number;
  errorText: (error: { code: string; message: string }) => string;
}) {
  const { lang, text } = useI18n();
  const [onlyUnit, setOnlyUnit] = useState(false);
  const [entries, setEntries] = useState<UnitChange[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const filter = onlyUnit && unitId ? unitId : undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` asks for a reload after a change
  useEffect(() => {
    let live = true;
    (async () => {
      const res = await fetchHistory({ unitId: filter });
      if (!live) return;
      if (!res.ok) return setError(errorText(res.error));
      setError(null);
      setEntries(res.data.entries);
      setNext(res.data.nextBefore);
    })();
    return () => {
      live = false;
    };
  }, [filter, version, errorText]);

  const older = async () => {
    if (next === null) return;
    const res = await fetchHistory({ unitId: filter, before: next });
    if (!res.ok) return setError(errorText(res.error));
    setEntries((prev) => [...prev, ...res.data.entries]);
    setNext(res.data.nextBefore);
  };
  const name = (n: UnitChange["unitName"], id: string) => (n ? `${text(n)}` : id);

  return (
    <section className="panel" aria-labelledby="org-history-title">
      <h2 id="org-history-title">{t.historyTitle}</h2>
      {unitId && unitName && (
        <p className="row-actions">
          <label>
            <input
              type="radio"
              name="history-scope"
              checked={!onlyUnit}
              onChange={() => setOnlyUnit(false)}
            />{" "}
            {t.historyAll}
          </label>
          <label>
            <input type="radio" name="history-scope" checked={onlyUnit} onChange={() => setOnlyUnit(true)} />{" "}
            {t.historyOfUnit(unitName)}
          </label>
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {entries.length === 0 && !error ? (
        <p className="hint">{t.historyEmpty}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="org-history">
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.change}</th>
                <th scope="col">{t.unit}</th>
                <th scope="col">{t.by}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((c) => (
                <tr key={c.seq}>
                  <td>{formatDateTime(c.at, lang)}</td>
                  <td>
                    {t.changeKinds[c.kind] ?? c.kind} {describe(t, c, name)}
                  </td>
                  <td>
                    {name(c.unitName, c.unitId)} <code className="hint">{c.unitId}</code>
                  </td>
                  <td>
                    {c.by ?? ""} {c.detail.imported === true ? t.fromFile : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next !== null && (
        <p>
          <button type="button" className="button" onClick={older}>
            {t.older}
          </button>
        </p>
      )}
    </section>
  );
}
