// UI strings of the topic & group catalogue page and the organisation settings page, in English and Simplified
// Chinese; API error codes of these endpoints are translated here, others fall back to the staff messages.
import { useCallback } from "react";
import type { ApiErrorInfo } from "../../api";
import { useI18n } from "../../i18n";
import { errorText, useStaffText } from "../../staff/useStaffText";

const en = {
  cataloguesTitle: "Topics & groups",
  cataloguesIntro:
    "Topics are what questions are about (analytics group answers by them); respondent groups are who answers (the fill page asks each respondent for theirs). Changes apply at once; stored answers are never changed.",
  topics: "Topics",
  groups: "Respondent groups",
  id: "Id",
  nameZh: "Chinese name",
  nameEn: "English name",
  status: "Status",
  actions: "Actions",
  live: "In use",
  retired: "Retired",
  add: "Add",
  addTopic: "Add a topic",
  addGroup: "Add a respondent group",
  idHint: "Lower-case letters, digits and underscores, e.g. night_shift. It cannot change later.",
  rename: "Rename",
  save: "Save",
  cancel: "Cancel",
  moveUp: "Move up",
  moveDown: "Move down",
  retire: "Retire",
  restore: "Restore",
  retireNoteTopics:
    "Retiring a topic keeps history whole: stored answers, reports and trends keep showing its name, and questionnaire versions that already use it keep it; new questions cannot be tagged with it.",
  retireNoteGroups:
    "Retiring a group keeps history whole: stored responses and reports keep it under its name, but the fill page no longer offers it and new responses cannot name it.",
  confirmRetire: (name: string) => `Retire “${name}”? History keeps its name; you can restore it later.`,
  added: (name: string) => `Added “${name}”.`,
  renamed: (name: string) => `Saved “${name}”.`,
  reordered: "Order saved.",
  retiredDone: (name: string) => `Retired “${name}”.`,
  restoredDone: (name: string) => `Restored “${name}”.`,

  settingsTitle: "Settings",
  settingsIntro: "Organisation-wide rules. Every later query, form and case deadline uses them at once.",
  anonymity: "Anonymity",
  minGroupSize: "Minimum group size",
  minGroupSizeHint:
    "Figures of a group smaller than this are hidden everywhere (dashboards, workbench, reports, exports). At least 3; the default is 5. Raising it hides more; the fill page tells respondents this number.",
  commentMinGroupSize: "Minimum group size for free-text answers",
  commentMinGroupSizeHint:
    "Written comments are shown only for groups at least this big. At least 10, and not below the minimum group size.",
  languagesTitle: "Languages",
  languagesHint:
    "The languages the site offers. With one, everybody sees that one and there is no language switch; with both, each person's browser decides and they can switch. The first is the default.",
  langZh: "简体中文 (Chinese)",
  langEn: "English",
  defaultLanguage: "Default language",
  calendarTitle: "Working-day calendar (case deadlines)",
  calendarHint:
    "Deadlines of demands count working days: weekends and public holidays are skipped and make-up working days (调休) count, as the built-in State Council calendar has them. Add the plant's own days off, or a year the built-in calendar does not cover yet. Deadlines already set do not change.",
  yearCovered: (year: number) => `${year}: covered by the built-in calendar.`,
  yearNotCovered: (year: number) =>
    `${year}: not covered by the built-in calendar — Monday to Friday counted unless you add holidays.`,
  date: "Date",
  kind: "Kind",
  note: "Note",
  holiday: "Day off (holiday)",
  workday: "Working day (调休)",
  noOverrides: "No days of your own yet.",
  addDay: "Add day",
  remove: "Remove",
  saveSettings: "Save settings",
  saved: "Settings saved.",
  unsaved: "Unsaved changes.",
  errors: {
    invalid_id: "The id must be lower-case letters, digits and single underscores, starting with a letter.",
    duplicate_id: "That id is taken (perhaps by a retired entry: restore it instead).",
    bad_order: "The order changed meanwhile; reload the page and try again.",
    already_retired: "It is already retired.",
    not_retired: "It is not retired.",
    topic_not_found: "That topic no longer exists; reload the page.",
    group_not_found: "That group no longer exists; reload the page.",
    min_group_size_too_small: "The minimum group size cannot be below 3 (the anonymity rule).",
    comment_min_group_size_too_small:
      "The minimum for free-text answers cannot be below 10, nor below the minimum group size.",
    invalid_languages: "Offer at least one language.",
    invalid_date: "A date is not valid; write it as YYYY-MM-DD.",
    invalid_calendar: "A date is listed twice, or both as a day off and as a working day.",
    whole_organisation_only: "Only an administrator of the whole organisation may change this.",
  } as Record<string, string>,
};

export type SettingsMessages = typeof en;

const zhCn: SettingsMessages = {
  cataloguesTitle: "主题与群体",
  cataloguesIntro:
    "主题是题目所涉及的方面（分析按主题汇总）；答卷群体是答卷人的身份（填写页请每位答卷人选择）。修改立即生效，已存的答卷不会改变。",
  topics: "主题",
  groups: "答卷群体",
  id: "编号",
  nameZh: "中文名称",
  nameEn: "英文名称",
  status: "状态",
  actions: "操作",
  live: "使用中",
  retired: "已停用",
  add: "添加",
  addTopic: "添加主题",
  addGroup: "添加答卷群体",
  idHint: "小写字母、数字和下划线，例如 night_shift。添加后不能修改。",
  rename: "改名",
  save: "保存",
  cancel: "取消",
  moveUp: "上移",
  moveDown: "下移",
  retire: "停用",
  restore: "恢复",
  retireNoteTopics:
    "停用主题不影响历史：已存答案、报告和趋势仍显示其名称，已使用它的问卷版本保留它；新题目不能再标注该主题。",
  retireNoteGroups:
    "停用群体不影响历史：已存答卷和报告仍按其名称统计，但填写页不再提供该选项，新答卷也不能选择它。",
  confirmRetire: (name) => `停用“${name}”？历史数据保留其名称，之后可以恢复。`,
  added: (name) => `已添加“${name}”。`,
  renamed: (name) => `已保存“${name}”。`,
  reordered: "顺序已保存。",
  retiredDone: (name) => `已停用“${name}”。`,
  restoredDone: (name) => `已恢复“${name}”。`,

  settingsTitle: "系统设置",
  settingsIntro: "全厂统一的规则。保存后，之后的查询、填写页和承办单时限立即采用。",
  anonymity: "匿名保护",
  minGroupSize: "最小统计人数",
  minGroupSizeHint:
    "人数少于此值的群体，其结果在各处（驾驶舱、分析工作台、报告、导出）都不显示。不能低于 3，默认 5。调高会隐藏更多结果；填写页会向答卷人说明这个人数。",
  commentMinGroupSize: "文字意见最小统计人数",
  commentMinGroupSizeHint: "只有人数不少于此值的群体才显示文字意见。不能低于 10，也不能低于最小统计人数。",
  languagesTitle: "界面语言",
  languagesHint:
    "网站提供的语言。只选一种时，所有人都看到该语言，且没有语言切换按钮；两种都选时，按各人浏览器的语言显示并可切换。排在前面的是默认语言。",
  langZh: "简体中文",
  langEn: "English（英文）",
  defaultLanguage: "默认语言",
  calendarTitle: "工作日历（承办时限）",
  calendarHint:
    "诉求的答复时限按工作日计算：按内置的国务院放假安排跳过周末和法定节假日，并计入调休上班日。可在此添加本厂自己的休息日，或内置日历尚未覆盖年份的节假日。已确定的时限不会改变。",
  yearCovered: (year) => `${year} 年：内置日历已覆盖。`,
  yearNotCovered: (year) => `${year} 年：内置日历未覆盖——除非添加节假日，否则按周一至周五计算工作日。`,
  date: "日期",
  kind: "类型",
  note: "备注",
  holiday: "休息日（节假日）",
  workday: "上班日（调休）",
  noOverrides: "还没有自定义日期。",
  addDay: "添加日期",
  remove: "删除",
  saveSettings: "保存设置",
  saved: "设置已保存。",
  unsaved: "有未保存的修改。",
  errors: {
    invalid_id: "编号只能由小写字母、数字和单个下划线组成，并以字母开头。",
    duplicate_id: "该编号已被使用（可能是已停用的条目，请恢复它）。",
    bad_order: "顺序已被他人修改，请刷新页面后重试。",
    already_retired: "已经停用。",
    not_retired: "未停用。",
    topic_not_found: "该主题已不存在，请刷新页面。",
    group_not_found: "该群体已不存在，请刷新页面。",
    min_group_size_too_small: "最小统计人数不能低于 3（匿名保护规则）。",
    comment_min_group_size_too_small: "文字意见最小统计人数不能低于 10，也不能低于最小统计人数。",
    invalid_languages: "至少要提供一种语言。",
    invalid_date: "有日期格式不正确，请按 YYYY-MM-DD 填写。",
    invalid_calendar: "有日期重复，或同时被设为休息日和上班日。",
    whole_organisation_only: "只有全厂管理员可以修改此项。",
  },
};

const settingsMessages = { en, "zh-cn": zhCn } as const;

export function useSettingsText(): SettingsMessages {
  const { lang } = useI18n();
  return settingsMessages[lang];
}

/** These pages' own error words first, then the staff pages' ones, then the server's sentence. */
export function useProblemText(): (error: ApiErrorInfo) => string {
  const t = useSettingsText();
  const staff = useStaffText();
  // Stable per language (both message objects are), so effects may depend on it.
  return useCallback((error: ApiErrorInfo) => t.errors[error.code] ?? errorText(staff, error), [t, staff]);
}
