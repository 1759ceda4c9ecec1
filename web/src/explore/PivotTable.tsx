// The result as a pivot table: rows are the first (and third) dimension, columns the second; without a second
// dimension, one column per measure. Hidden cells say why; comparisons show the change, ▲▼ and * when significant.
import { type LocalizedText, useI18n } from "../i18n";
import type { BreakdownResult, BreakdownRow } from "../staff/api";
import { formatChange, formatMeasure } from "./format";
import type { ExploreMessages } from "./messages";

export function labelOf(
  result: BreakdownResult,
  dim: string,
  id: string,
  text: (v: LocalizedText) => string,
) {
  const label = result.meta.labels[dim]?.[id];
  return label === undefined ? id : text(label);
}

export function PivotTable({
  t,
  result,
  measure,
}: {
  t: ExploreMessages;
  result: BreakdownResult;
  measure: string;
}) {
  const { text } = useI18n();
  const dims = result.query.dimensions ?? [];
  const measures = [...new Set(result.query.measures)];
  const colDim = dims.length >= 2 ? (dims[1] as string) : null;
  const rowDims = dims.filter((d) => d !== colDim);
  const rowKey = (r: BreakdownRow) => JSON.stringify(rowDims.map((d) => r.dimensions[d]));
  const rowKeys = [...new Set(result.results.map(rowKey))];
  const colKeys = colDim ? [...new Set(result.results.map((r) => r.dimensions[colDim] as string))] : [];
  const byCell = new Map(
    result.results.map((r) => [`${rowKey(r)}|${colDim ? r.dimensions[colDim] : ""}`, r]),
  );
  const first = (key: string) => result.results.find((r) => rowKey(r) === key) as BreakdownRow;

  return (
    <div className="table-wrap">
      <table className="data-table pivot" data-testid="pivot">
        <thead>
          <tr>
            {rowDims.map((d) => (
              <th key={d} scope="col">
                {t.dimensionNames[d] ?? d.replace("unit:level_", `${t.dimensionNames.unit} L`)}
              </th>
            ))}
            {colDim
              ? colKeys.map((c) => (
                  <th key={c} scope="col">
                    {labelOf(result, colDim, c, text)}
                  </th>
                ))
              : [
                  <th key="n" scope="col">
                    n
                  </th>,
                  ...measures.map((m) => (
                    <th key={m} scope="col">
                      {t.measureNames[m]}
                    </th>
                  )),
                ]}
          </tr>
        </thead>
        <tbody>
          {rowKeys.map((key) => {
            const row = first(key);
            return (
              <tr key={key}>
                {rowDims.map((d) => (
                  <th key={d} scope="row">
                    {labelOf(result, d, row.dimensions[d] as string, text)}
                  </th>
                ))}
                {colDim
                  ? colKeys.map((c) => {
                      const cell = byCell.get(`${key}|${c}`);
                      return cell ? (
                        <Cell key={c} t={t} row={cell} measure={measure} min={result.meta.minGroupSize} />
                      ) : (
                        <td key={c} />
                      );
                    })
                  : [
                      <td key="n">{row.n}</td>,
                      ...measures.map((m) => (
                        <Cell key={m} t={t} row={row} measure={m} min={result.meta.minGroupSize} />
                      )),
                    ]}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Cell({
  t,
  row,
  measure,
  min,
}: {
  t: ExploreMessages;
  row: BreakdownRow;
  measure: string;
  min: number;
}) {
  if (row.suppressed) {
    const why = row.reason === "complementary" ? t.hiddenComplement(row.n) : t.hiddenSmall(row.n, min);
    return (
      <td className="suppressed" title={why} data-suppressed="true">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{why}</span>
      </td>
    );
  }
  const value = row.measures[measure];
  const change = row.comparison?.change[measure];
  const significant =
    measure === "favourable"
      ? row.comparison?.significant.favourable
      : measure === "mean"
        ? row.comparison?.significant.mean
        : null;
  const arrow = change === null || change === undefined || change === 0 ? "" : change > 0 ? "▲" : "▼";
  return (
    <td title={`n = ${row.n}`}>
      {formatMeasure(measure, value)}
      {arrow && (
        <span className={`change ${change && change > 0 ? "up" : "down"}`}>
          {" "}
          {arrow}
          {formatChange(measure, change)}
          {significant && (
            <abbr title={t.significant} className="significant">
              *
            </abbr>
          )}
        </span>
      )}
    </td>
  );
}
