// The supervision workbooks (exceljs): a quarter's department scores, and a list of cases one row each. Numbers
// stay numbers and rates are fractions shown as percentages, so the plant can keep computing; empty stays empty.
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
  { header: zh ? "按期率" : "On-time rate", percent: true },
  { header: zh ? "敷衍退回" : "Perfunctory" },
  { header: zh ? "扣分" : "Deductions" },
  { header: zh ? "得分(100+扣分)" : "Score (100 + deductions)", width: 16 },
  { header: zh ? "评价数" : "Rated" },
  { header: zh ? "满意" : "Satisfied" },
  { header: zh ? "基本满意" : "Basically" },
  { header: zh ? "不满意" : "Not satisfied" },
  { header: zh ? "满意率" : "Satisfaction rate", percent: true },
  { header: zh ? "非常满意占比" : "Satisfied share", percent: true },
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
    f.score,
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

const words = {
  channel: {
    online: ["网上", "online"],
    onsite: ["现场", "on site"],
    paper: ["纸质", "paper"],
    meeting: ["会议", "meeting"],
  } satisfies Record<CaseChannel, [string, string]>,
  category: {
    demand: ["诉求", "demand"],
    suggestion: ["建议", "suggestion"],
    question: ["咨询", "question"],
    complaint: ["投诉", "complaint"],
  } satisfies Record<CaseCategory, [string, string]>,
  status: {
    new: ["待分办", "triage"],
    routed: ["办理中", "routed"],
    answered: ["待审核", "awaiting approval"],
    published: ["已公示", "published"],
    closed: ["已评价", "rated"],
    merged: ["已合并", "merged"],
  } satisfies Record<CaseStatus, [string, string]>,
  rating: {
    satisfied: ["满意", "satisfied"],
    basically: ["基本满意", "basically satisfied"],
    dissatisfied: ["不满意", "not satisfied"],
  } satisfies Record<CaseRating, [string, string]>,
};

export interface CaseExport {
  cases: CaseView[];
  waveTitles: Map<string, string>;
  topicNames: Map<string, { zh: string; en: string }>;
}

export function casesXlsx(data: CaseExport, lang: Lang): Promise<Uint8Array> {
  const zh = lang === "zh-cn";
  const say = (pair: [string, string]) => (zh ? pair[0] : pair[1]);
  const yes = (flag: boolean) => (zh ? (flag ? "是" : "否") : flag ? "yes" : "no");
  const columns: Column[] = [
    { header: zh ? "承办单号" : "Number", width: 10 },
    { header: zh ? "受理日期" : "Received" },
    { header: zh ? "单位" : "Unit", width: 30 },
    { header: zh ? "调研批次" : "Round", width: 18 },
    { header: zh ? "渠道" : "Channel" },
    { header: zh ? "类别" : "Category" },
    { header: zh ? "主题" : "Topic", width: 14 },
    { header: zh ? "状态" : "Status" },
    { header: zh ? "诉求内容" : "Text", width: 40 },
    { header: zh ? "承办部门" : "Department", width: 20 },
    { header: zh ? "答复期限" : "Deadline" },
    { header: zh ? "超期" : "Overdue" },
    { header: zh ? "答复日期" : "Answered" },
    { header: zh ? "按期答复" : "On time" },
    { header: zh ? "答复内容" : "Answer", width: 40 },
    { header: zh ? "整改措施" : "Action taken", width: 30 },
    { header: zh ? "公示内容" : "Public wording", width: 30 },
    { header: zh ? "采纳" : "Adopted" },
    { header: zh ? "奖励" : "Reward", width: 16 },
    { header: zh ? "评价" : "Rating" },
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
