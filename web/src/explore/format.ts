// How a measure reads in a cell: shares as percentages, means to two decimals, indices and eNPS to one.
export function formatMeasure(measure: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (measure === "favourable" || measure === "unfavourable" || measure === "response_rate") {
    return `${(value * 100).toFixed(1)}%`;
  }
  if (measure === "mean") return value.toFixed(2);
  if (measure === "responses") return String(value);
  return value.toFixed(1);
}

/** A change between two cells, in the measure's own unit (percentage points for shares). */
export function formatChange(measure: string, change: number | null | undefined): string {
  if (change === null || change === undefined) return "";
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const abs = Math.abs(change);
  if (measure === "favourable" || measure === "unfavourable" || measure === "response_rate") {
    return `${sign}${(abs * 100).toFixed(1)} pp`;
  }
  if (measure === "mean") return `${sign}${abs.toFixed(2)}`;
  if (measure === "responses") return `${sign}${abs}`;
  return `${sign}${abs.toFixed(1)}`;
}
