// An import problem in the user's language: known codes get a Chinese sentence (with the cell's column), and
// anything else keeps the server's English sentence, which always says what to do.
import type { PaperMessages } from "./messages";
import type { ImportProblem } from "./paperApi";

/** Chinese for the problem codes the import answers with (cell reading, then the survey's own checks). */
export const zhProblems: Record<string, string> = {
  required: "此项必填，不能空着。",
  form_no_too_long: "问卷编号过长（最多64个字符）。",
  duplicate_form_no: "这个问卷编号在文件中出现了不止一次，每份纸质问卷须有自己的编号。",
  unknown_unit: "没有这个单位（或不在你的管辖范围内），请填写单位表中的编号或名称。",
  unknown_group: "没有这个填写群体，请填写群体表中的编号或名称。",
  not_a_number: "不是数字，请填写题目范围内的数字。",
  out_of_range: "超出了该题的取值范围。",
  unknown_choice: "不是该题的选项，请填写选项的值或文字。",
  not_a_choice: "不是该题的选项。",
  not_yes_no: "请填写“是”或“否”（也可写 1 或 0）。",
  not_a_date: "不是日期，请按“年-月-日”填写，例如 2026-10-15。",
  too_long: "文字过长，请删减。",
  too_short: "文字过短。",
  too_many_choices: "选的项数过多。",
  too_few_choices: "选的项数过少。",
  exclusive_choice: "“以上都不是”之类的选项不能与其他选项同时选。",
  wrong_type: "内容类型不对。",
  unknown_key: "问卷中没有这一列，请使用下载的模板。",
  unknown_column: "无法读取这一列，请使用下载的模板。",
  comment_not_allowed: "该题没有“其他，请注明”，这一栏应空着。",
  form_conflict: "这个编号的问卷此前已按不同内容导入过：请对照纸质问卷核对本行；另一份问卷须有自己的编号。",
  future_date: "填写日期晚于今天，请核对。",
  date_outside_round: "填写日期不在本批次调查期间内：请核对填写日期，或导入到该问卷所属的批次。",
  wave_closed: "该批次不在开放期内。",
  // The survey's own validator (server/ingest/validation): every code it can answer with.
  digits_not_allowed: "此处不能填写数字。",
  duplicate_choice: "同一个选项填写了不止一次。",
  invalid_format: "格式不对，请按题目要求填写。",
  not_a_permutation: "排序题须把每个选项各排一次，不能重复或遗漏。",
  pattern_mismatch: "格式与问卷要求不符，请按题目说明填写。",
  invalid_email: "不是有效的电子邮箱地址，例如 name@example.com。",
  expression_failed: "答案未通过问卷设定的校验条件，请对照题目要求核对。",
  file_too_large: "上传的文件过大。",
  too_many_files: "上传的文件数量过多。",
  invalid_answer: "答案的形式与问卷不符，请使用下载的模板。",
};

/** "（1–5）" when the problem gives both ends of the range. */
const zhRange = ({ min, max }: NonNullable<ImportProblem["params"]>) =>
  min !== undefined && max !== undefined ? `（${min}–${max}）` : "";

/** The sentences that name what the server found: the value typed, the range, the row a number repeats. */
function zhWithParams(problem: ImportProblem): string | undefined {
  const p = problem.params;
  if (!p) return undefined;
  if (problem.code === "out_of_range" && p.value !== undefined)
    return `${p.value} 超出了该题的取值范围${zhRange(p)}。`;
  if (problem.code === "not_a_number" && p.value !== undefined)
    return p.min !== undefined && p.max !== undefined
      ? `“${p.value}”不是数字，请填写 ${p.min}–${p.max} 之间的数字。`
      : `“${p.value}”不是数字，请填写数字。`;
  if (problem.code === "duplicate_form_no" && p.firstRow !== undefined)
    return `与第 ${p.firstRow} 行的问卷编号重复，每份纸质问卷须有自己的编号。`;
  return undefined;
}

export function problemText(t: PaperMessages, problem: ImportProblem, lang: "zh-cn" | "en"): string {
  if (lang === "zh-cn") return zhWithParams(problem) ?? zhProblems[problem.code] ?? problem.message;
  return t.problems[problem.code] ?? problem.message;
}
