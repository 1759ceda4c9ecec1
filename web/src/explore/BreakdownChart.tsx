// The result as a chart (ECharts through charts/EChart): lines when a dimension is a period,
// a heatmap for two categorical dimensions, bars otherwise. Hidden cells are gaps, never zeros. Colours are the
// Okabe–Ito palette and viridis, which colour-blind readers can tell apart; the pivot table holds the same numbers.
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { EChart, okabeIto, viridis } from "../charts/EChart";
import { useI18n } from "../i18n";
import type { BreakdownResult, BreakdownRow } from "../staff/api";
import { formatMeasure } from "./format";
import type { ExploreMessages } from "./messages";
import { labelOf } from "./PivotTable";

const isPeriod = (d: string) => d.startsWith("period:") || d === "wave";

export function BreakdownChart({
  t,
  result,
  rows,
  measure,
}: {
  t: ExploreMessages;
  result: BreakdownResult;
  /** The rows to draw (with three dimensions, one slice of the third). */
  rows: BreakdownRow[];
  measure: string;
}) {
  const { text } = useI18n();

  const option = useMemo((): EChartsCoreOption => {
    const dims = (result.query.dimensions ?? []).slice(0, 2);
    const label = (d: string, id: string) => labelOf(result, d, id, text);
    const value = (r: BreakdownRow | undefined) =>
      r && !r.suppressed ? (r.measures[measure] ?? null) : null;
    const shown = (v: unknown) => formatMeasure(measure, typeof v === "number" ? v : null);
    let option: EChartsCoreOption;
    const periodDim = dims.find(isPeriod);
    if (dims.length === 0) {
      option = {
        xAxis: { type: "category", data: [t.total] },
        yAxis: { type: "value" },
        series: [{ type: "bar", data: [value(rows[0])], itemStyle: { color: okabeIto[0] } }],
      };
    } else if (periodDim) {
      const other = dims.find((d) => d !== periodDim);
      const xs = [...new Set(rows.map((r) => r.dimensions[periodDim] as string))].sort();
      const groups = other ? [...new Set(rows.map((r) => r.dimensions[other] as string))].slice(0, 12) : [""];
      option = {
        color: okabeIto,
        legend: other ? { type: "scroll", bottom: 0 } : undefined,
        xAxis: { type: "category", data: xs.map((x) => label(periodDim, x)) },
        yAxis: { type: "value", scale: true },
        series: groups.map((g) => ({
          type: "line",
          name: other ? label(other, g) : t.measureNames[measure],
          connectNulls: false,
          data: xs.map((x) =>
            value(rows.find((r) => r.dimensions[periodDim] === x && (!other || r.dimensions[other] === g))),
          ),
        })),
      };
    } else if (dims.length === 2) {
      const [yDim, xDim] = dims as [string, string];
      const ys = [...new Set(rows.map((r) => r.dimensions[yDim] as string))];
      const xs = [...new Set(rows.map((r) => r.dimensions[xDim] as string))];
      const data = rows.flatMap((r) => {
        const v = value(r);
        return v === null
          ? []
          : [[xs.indexOf(r.dimensions[xDim] as string), ys.indexOf(r.dimensions[yDim] as string), v]];
      });
      const values = data.map((d) => d[2] as number);
      option = {
        grid: { left: 140, bottom: 90 },
        xAxis: {
          type: "category",
          data: xs.map((x) => label(xDim, x)),
          axisLabel: { rotate: 40, interval: 0 },
        },
        yAxis: {
          type: "category",
          data: ys.map((y) => label(yDim, y)),
          inverse: true,
          axisLabel: { interval: 0 },
        },
        visualMap: {
          min: Math.min(...values, 0) === 0 && values.length === 0 ? 0 : Math.min(...values),
          max: values.length === 0 ? 1 : Math.max(...values),
          calculable: true,
          orient: "horizontal",
          left: "center",
          bottom: 0,
          inRange: { color: viridis },
          formatter: (v: number) => shown(v),
        },
        series: [
          {
            type: "heatmap",
            data,
            label: {
              show: xs.length * ys.length <= 150,
              formatter: (p: { value: number[] }) => shown(p.value[2]),
            },
          },
        ],
      };
    } else {
      const d = dims[0] as string;
      const xs = rows.map((r) => r.dimensions[d] as string);
      const horizontal = xs.length > 12;
      const category = {
        type: "category",
        data: xs.map((x) => label(d, x)),
        inverse: horizontal,
        axisLabel: { interval: 0 },
      };
      option = {
        grid: { left: horizontal ? 160 : 50 },
        xAxis: horizontal
          ? { type: "value" }
          : { ...category, axisLabel: { rotate: xs.length > 6 ? 30 : 0 } },
        yAxis: horizontal ? category : { type: "value" },
        series: [{ type: "bar", data: rows.map(value), itemStyle: { color: okabeIto[0] } }],
      };
    }
    return {
      tooltip: { trigger: dims.length === 2 && !periodDim ? "item" : "axis", valueFormatter: shown },
      ...option,
    };
  }, [result, rows, measure, t, text]);

  return (
    <EChart
      option={option}
      label={`${t.measureNames[measure]}: ${(result.query.dimensions ?? []).map((d) => t.dimensionNames[d] ?? d).join(" × ")}`}
    />
  );
}
