// One ECharts chart in a div: made on mount, given a new option when it changes, resized with the window, disposed
// on unmount. Tree-shaken: only the chart types and components the staff pages use are registered here, and only
// staff pages import this file (the respondent page never loads ECharts).
import { BarChart, HeatmapChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { type ECElementEvent, type EChartsCoreOption, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

use([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** Okabe–Ito: told apart by readers with every common colour-vision deficiency. */
export const okabeIto = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#000000",
];
/** viridis: a sequential scale that stays readable in greyscale and for colour-blind readers. */
export const viridis = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];

export function EChart({
  option,
  label,
  onClick,
  className = "chart",
  testId = "chart",
}: {
  option: EChartsCoreOption;
  /** What the chart shows, for screen readers (the data table beside it has the numbers). */
  label: string;
  onClick?: (event: ECElementEvent) => void;
  className?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = init(el, undefined, { renderer: "canvas" });
    chart.setOption({ animation: false, color: okabeIto, ...option });
    if (onClick) chart.on("click", onClick);
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [option, onClick]);
  return <div ref={ref} className={className} data-testid={testId} role="img" aria-label={label} />;
}
