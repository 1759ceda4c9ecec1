// The supervision workbooks (exceljs): a quarter's department scores, and a list of cases one row each, in the staff
// pages' words (web/src/cases/messages.ts). Numbers stay numbers, rates are fractions shown as percentages, empty stays empty.
import ExcelJS from "exceljs";
import type { CaseView } from "./caseViews";
import type { CaseCategory, CaseChannel, CaseRating, CaseStatus } from "./categories";
import type { DepartmentScore, Figures, QuarterScores } from "./scores";

export type Lang = "zh-cn" | "en";
type Cell = string | number | null;
type Column = { header: string; width?: number; percent?: boolean };

async function workbookOf(name: string, columns: Column[], rows: Cell[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "minyi";
  const sheet = workbook.addWorksheet(name.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((v) => (v === null ? undefined : v)));
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width ?? 12;
    if (c.percent) column.numFmt = "0.0%";
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const scoreColumns = (zh: boolean): Column[] => [
  { header: zh ? "承办部门" : "Department", width: 22 },
  { header: zh ? "受理" : "Received" },
  { header: zh ? "已答复" : "Answered" },
  { header: zh ? "本季到期" : "Due" },
  { header: zh ? "按期" : "On time" },
  { header: zh ? "超期" : "Overdue" },
  { header: zh ? "待定" : "Pending" },
  { header: zh ? "按期办结率" : "On-time rate", percent: true },
  { header: zh ? "敷衍退回" : "Perfunctory" },
  { header: zh ? "扣分" : "Deductions" },
  { header: zh ? "得分(100+扣分)" : "Score (100 + deductions)", width: 16 },
  { header: zh ? "评价数" : "Rated" },
  { header: zh ? "满意" : "Satisfied" },
  { header: zh ? "基本满意" : "Basically" },
  { header: zh ? "不满意" : "Not satisfied" },
  { header: zh ? "满意率" : "Satisfaction rate", percent: true },
  { header: zh ? "满意占比" : "Satisfied share", percent: true },
  { header: zh ? "采纳建议" : "Adopted" },
  { header: zh ? "超期承办单号" : "Overdue cases", width: 20 },
  { header: zh ? "敷衍退回承办单号" : "Perfunctory cases", width: 20 },
  { header: zh ? "采纳建议及奖励" : "Adopted suggestions and rewards", width: 30 },
];

function figureCells(f: Figures): Cell[] {
  return [
    f.received,
    f.answered,
    f.due,
    f.onTime,
    f.overdue,
    f.pending,
    f.onTimeRate,
    f.perfunctory,
    f.deductions,
    // No score in the totals (a score is one department's): a dash, so the empty cell is not read as 0 or missed.
    f.score ?? "—",
    f.rated,
    f.satisfied,
    f.basically,
    f.dissatisfied,
    f.satisfactionRate,
    f.satisfiedRate,
    f.adopted,
  ];
}

export function scoresXlsx(scores: QuarterScores, lang: Lang): Promise<Uint8Array> {
  const zh = lang === "zh-cn";
  const numbers = (list: number[]) => list.join(", ") || null;
  const adoptions = (r: DepartmentScore) =>
    r.adoptions.map((a) => (a.reward ? `${a.number}: ${a.reward}` : String(a.number))).join("; ") || null;
  const rows: Cell[][] = scores.departments.map((r) => [
    zh ? r.name["zh-cn"] : r.name.default,
    ...figureCells(r),
    numbers(r.overdueCases),
    numbers(r.perfunctoryCases),
    adoptions(r),
  ]);
  rows.push([zh ? "合计" : "Total", ...figureCells(scores.totals), null, null, null]);
  const s = scores.onSpot;
  // Answered on the spot: no department to score, but the writers' ratings still say something.
  rows.push([
    zh ? "现场答复（不计分）" : "Answered on the spot (not scored)",
    null,
    s.answered,
    ...Array(8).fill(null),
    s.rated,
    s.satisfied,
    s.basically,
    s.dissatisfied,
    s.rated > 0 ? (s.satisfied + s.basically) / s.rated : null,
    s.rated > 0 ? s.satisfied / s.rated : null,
    null,
    null,
    null,
    null,
  ]);
  return workbookOf(`${zh ? "督办考核" : "Scores"} ${scores.quarter}`, scoreColumns(zh), rows);
}

/** The case pages' words for each code, [zh-cn, en], so a workbook reads like the screen it was downloaded from. */
const words = {
  channel: {
    online: ["线上", "Online"],
    onsite: ["现场", "On site"],
    paper: ["纸质", "Paper"],
    meeting: ["会议", "Meeting"],
  } satisfies Record<CaseChannel, [string, string]>,
  category: {
    demand: ["诉求", "Demand"],
    suggestion: ["建议", "Suggestion"],
    question: ["咨询", "Question"],
    complaint: ["投诉", "Complaint"],
  } satisfies Record<CaseCategory, [string, string]>,
  status: {
    new: ["待分办", "To triage"],
    routed: ["办理中", "In progress"],
    answered: ["待审核", "Awaiting approval"],
    published: ["已公示", "Published"],
    closed: ["已办结", "Closed"],
    merged: ["已合并", "Merged"],
  } satisfies Record<CaseStatus, [string, string]>,
  rating: {
    satisfied: ["满意", "Satisfied"],
    basically: ["基本满意", "Basically satisfied"],
    dissatisfied: ["不满意", "Not satisfied"],
  } satisfies Record<CaseRating, [string, string]>,
  yes: ["是", "Yes"] as [string, string],
  no: ["否", "No"] as [string, string],
};

export interface CaseExport {
  /** The plant-local day of the export, for the file name. */
  today: string;
  cases: CaseView[];
  waveTitles: Map<string, string>;
  topicNames: Map<string, { zh: string; en: string }>;
}

export function casesXlsx(data: CaseExport, lang: Lang): Promise<Uint8Array> {
  const zh = lang === "zh-cn";
  const say = (pair: [string, string]) => (zh ? pair[0] : pair[1]);
  const yes = (flag: boolean) => say(flag ? words.yes : words.no);
  const columns: Column[] = [
    { header: zh ? "承办单号" : "Number", width: 10 },
    { header: zh ? "收到日期" : "Received" },
    { header: zh ? "单位" : "Unit", width: 30 },
    { header: zh ? "调研批次" : "Round", width: 18 },
    { header: zh ? "渠道" : "Channel" },
    { header: zh ? "类别" : "Category" },
    { header: zh ? "主题" : "Topic", width: 14 },
    { header: zh ? "状态" : "Status" },
    { header: zh ? "诉求内容" : "Text", width: 40 },
    { header: zh ? "承办部门" : "Department", width: 20 },
    { header: zh ? "答复时限" : "Deadline" },
    { header: zh ? "超期" : "Overdue" },
    { header: zh ? "答复日期" : "Answered" },
    { header: zh ? "按期答复" : "On time" },
    { header: zh ? "答复内容" : "Answer", width: 40 },
    { header: zh ? "采取的措施" : "Action taken", width: 30 },
    { header: zh ? "公示的诉求表述" : "Wording on the public board", width: 30 },
    { header: zh ? "采纳" : "Adopted" },
    { header: zh ? "奖励" : "Reward", width: 16 },
    { header: zh ? "提出人评价" : "Writer's rating" },
    { header: zh ? "重新办理" : "Reopened" },
  ];
  const rows = data.cases.map((c): Cell[] => {
    const topic = c.topic === null ? undefined : data.topicNames.get(c.topic);
    return [
      c.number,
      c.receivedOn,
      zh ? c.unitPath["zh-cn"] : c.unitPath.default,
      c.waveId === null ? null : (data.waveTitles.get(c.waveId) ?? c.waveId),
      say(words.channel[c.channel]),
      say(words.category[c.category]),
      topic ? (zh ? topic.zh : topic.en) : c.topic,
      say(words.status[c.status]),
      c.text,
      c.departmentName === null ? null : zh ? c.departmentName["zh-cn"] : c.departmentName.default,
      c.deadline,
      yes(c.overdue),
      c.answeredOn,
      c.answeredOn === null || c.deadline === null ? null : yes(!c.answeredLate),
      c.answer,
      c.actionTaken,
      c.publicText,
      yes(c.adopted),
      c.reward,
      c.rating === null ? null : say(words.rating[c.rating]),
      yes(c.reopened),
    ];
  });
  return workbookOf(zh ? "承办单" : "Cases", columns, rows);
}

/**
 * A download's name: ASCII for the header's plain filename (every browser), the reader's language in filename*
 * (which the staff pages save under). Distinct per workbook and day, so downloads do not overwrite each other.
 */
export interface FileName {
  ascii: string;
  local: string;
}

export function scoresFileName(quarter: string, lang: Lang): FileName {
  const ascii = `scores-${quarter}.xlsx`;
  return { ascii, local: lang === "zh-cn" ? `督办考核-${quarter}.xlsx` : ascii };
}

export function casesFileName(today: string, overdue: boolean, lang: Lang): FileName {
  const ascii = `${overdue ? "cases-overdue" : "cases"}-${today}.xlsx`;
  return { ascii, local: lang === "zh-cn" ? `${overdue ? "超期承办单" : "承办单"}-${today}.xlsx` : ascii };
}
