// format: turns case cells and their suppression into the breakdown's result rows and labels: measures from
// summed parts (null where hidden), a label for every key shown. No I/O, no SQL, and never a case's text.
import { channelLabels } from "../format";
import type { Label } from "../query";
import type { Suppression } from "../suppress";
import type { CaseSnapshot } from "./catalogue";
import type { CaseCell } from "./execute";
import type { CaseRow } from "./query";
import { noneKey } from "./query";
import { caseMeasureRegistry } from "./registry";
import type { CasePlan } from "./validate";

/** `fewRatings`: the cell's satisfaction rate rests on too few ratings (or protects such a cell) and is hidden. */
export function formatCaseRow(
  plan: CasePlan,
  cell: CaseCell,
  reason: Suppression | null,
  fewRatings = false,
): CaseRow {
  const hidden = reason !== null;
  const shown = (m: string) => !hidden && !(fewRatings && m === "satisfaction_rate");
  const row: CaseRow = {
    dimensions: Object.fromEntries(plan.dimensions.map((d, i) => [d, cell.key[i] as string])),
    measures: Object.fromEntries(
      plan.measures.map((m) => [m, shown(m) ? caseMeasureRegistry[m](cell.parts) : null]),
    ),
    n: cell.parts.n,
    suppressed: hidden,
  };
  if (reason) row.reason = reason;
  return row;
}

const categoryLabels: Record<string, Label> = {
  demand: { default: "Demand", "zh-cn": "诉求" },
  suggestion: { default: "Suggestion", "zh-cn": "建议" },
  question: { default: "Question", "zh-cn": "咨询" },
  complaint: { default: "Complaint", "zh-cn": "投诉" },
};

const caseChannelLabels: Record<string, Label> = {
  ...channelLabels,
  meeting: { default: "Meeting", "zh-cn": "座谈会" },
};

/** What `none` means in each dimension that can lack a value. */
const noneLabels: Record<string, Label> = {
  topic: { default: "No topic", "zh-cn": "未定主题" },
  department: { default: "Not routed", "zh-cn": "未交办" },
  wave: { default: "No round (logged by staff)", "zh-cn": "无批次（工作人员登记）" },
};

export function caseLabels(dims: readonly string[], rows: readonly CaseRow[], snap: CaseSnapshot) {
  return Object.fromEntries(
    dims.map((dim) => {
      const values = new Set(rows.map((r) => r.dimensions[dim] as string));
      return [dim, Object.fromEntries([...values].map((v) => [v, labelOf(dim, v, snap)]))];
    }),
  ) as Record<string, Record<string, Label>>;
}

function labelOf(dim: string, value: string, snap: CaseSnapshot): Label {
  if (dim.startsWith("unit")) return snap.units.get(value)?.label ?? value;
  if (value === noneKey && noneLabels[dim]) return noneLabels[dim];
  if (dim === "topic") return snap.topics.get(value) ?? value;
  if (dim === "department") return snap.departments.get(value) ?? snap.units.get(value)?.label ?? value;
  if (dim === "category") return categoryLabels[value] ?? value;
  if (dim === "channel") return caseChannelLabels[value] ?? value;
  if (dim === "wave") return snap.waves.get(value) ?? value;
  return value;
}
