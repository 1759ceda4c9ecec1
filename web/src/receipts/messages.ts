// UI strings of the writer's pages — the receipt page (/r, /r/:receipt) and the public board (/board) — in English
// and Simplified Chinese. A lazy chunk of their own; API errors are translated by code, unknown codes keep the
// server's English sentence.

const en = {
  // Entering a code (/r)
  entryTitle: "Follow your demands and suggestions",
  entryIntro:
    "Enter the receipt code shown after you submitted the questionnaire to read the answers to what you wrote and rate them.",
  codeLabel: "Receipt code",
  codePlaceholder: "e.g. 7KQ2M-XR4PD",
  lookUp: "Look up",
  keepPrivate: "Anyone holding this code can read and rate these answers: keep it to yourself.",

  // The writer's cases (/r/:receipt)
  casesTitle: "Your demands and suggestions",
  codeShown: (code: string) => `Receipt code ${code}`,
  otherCode: "Look up another code",
  caseNumber: (n: number) => `No. ${n}`,
  receivedOn: (date: string) => `Written on ${date}`,
  stage: {
    received: "Received",
    in_progress: "In progress",
    answered: "Answered",
    closed: "Closed",
  } as Record<string, string>,
  waitingRouting: "Waiting to be passed to the department responsible.",
  handledBy: (department: string, deadline: string) =>
    `${department} is handling it and must answer by ${deadline}.`,
  beingHandled: "Being handled.",
  answerTitle: "Answer",
  answeredBy: (department: string, date: string) => `${department}, published ${date}`,
  publishedOn: (date: string) => `Published ${date}`,
  actionTaken: "Action taken",
  adopted: "Suggestion adopted (golden idea)",
  reward: (reward: string) => `Reward: ${reward}`,
  rateQuestion: "Are you satisfied with this answer?",
  rateOnce: "Each answer is rated once.",
  rating: {
    satisfied: "Satisfied",
    basically: "Basically satisfied",
    dissatisfied: "Not satisfied",
  } as Record<string, string>,
  yourRating: (rating: string) => `Your rating: ${rating}`,
  reopenOffer: "Still not solved? Reopen the case",
  reopenTitle: "Reopen this case",
  reopenWarning:
    "You can reopen a case only once. Say what is still not solved; the department responsible will answer again.",
  reopenLabel: "What is still not solved?",
  reopenConfirm: "Reopen (only once)",
  cancel: "Cancel",
  reopenEmpty: "Write what is still not solved.",
  reopenedWith: (comment: string) => `You reopened it: “${comment}”`,
  reopenedAlready: "Reopened once already; it cannot be reopened again.",
  sending: "Sending…",
  reopenedAwaitingAnswer: "This case has been reopened and is waiting for its new answer.",

  // The public board (/board)
  boardTitle: "Public board of answers",
  boardIntro:
    "Demands and suggestions from staff and the answers of the departments responsible, as approved for publication.",
  boardUnit: "Unit:",
  wholeOrganisation: "All units",
  chooseUnit: "Choose a unit",
  pickUnitLabel: "Show the answers for",
  topic: "Topic",
  allTopics: "All topics",
  category: "Kind",
  allCategories: "All kinds",
  categories: {
    demand: "Demand",
    suggestion: "Suggestion",
    question: "Question",
    complaint: "Complaint",
  } as Record<string, string>,
  boardCounts: (answered: number, adopted: number) =>
    `${answered} answered · ${adopted} ${adopted === 1 ? "suggestion" : "suggestions"} adopted`,
  noWording: "No wording published",
  department: "Department responsible",
  boardEmpty: "No answer has been published here yet.",
  showMore: "Show more",
  followMine: "Follow my own demands by receipt code",
  toBoard: "Public board of answers",

  errors: {
    receipt_invalid:
      "A receipt code is 10 letters and digits, like 7KQ2M-XR4PD (there is no 0, O, 1, I or L). Check what you typed.",
    receipt_not_found:
      "No demand or suggestion was written with this code. Check the code: if you left the demand and suggestion questions empty, there is nothing to follow here.",
    already_rated: "You have already rated this answer; each answer is rated once.",
    already_reopened: "This case has been reopened once already; it cannot be reopened again.",
    not_answered_yet: "This case has no published answer yet. Please come back later.",
    case_not_found: "This code has no such case. Reload the page.",
    unit_not_found: "That unit is no longer in the organisation. Choose another one.",
    network_error: "No connection to the server. Check your network and try again.",
  } as Record<string, string>,
};

export type WriterMessages = typeof en;

const zhCn: WriterMessages = {
  entryTitle: "查询诉求与建议的答复",
  entryIntro: "请输入提交问卷后显示的查询码，查看你提出的诉求和建议的答复，并进行评价。",
  codeLabel: "查询码",
  codePlaceholder: "例如：7KQ2M-XR4PD",
  lookUp: "查询",
  keepPrivate: "凭查询码即可查看和评价这些答复，请妥善保管，不要告诉他人。",

  casesTitle: "我的诉求与建议",
  codeShown: (code) => `查询码 ${code}`,
  otherCode: "查询其他查询码",
  caseNumber: (n) => `承办单 ${n} 号`,
  receivedOn: (date) => `提交于 ${date}`,
  stage: {
    received: "已收到",
    in_progress: "办理中",
    answered: "已答复",
    closed: "已办结",
  },
  waitingRouting: "等待分派到责任部门。",
  handledBy: (department, deadline) => `${department}正在办理，答复时限：${deadline}。`,
  beingHandled: "正在办理。",
  answerTitle: "答复",
  answeredBy: (department, date) => `${department}，${date} 公示`,
  publishedOn: (date) => `${date} 公示`,
  actionTaken: "落实措施",
  adopted: "建议已采纳（金点子）",
  reward: (reward) => `奖励：${reward}`,
  rateQuestion: "你对这个答复满意吗？",
  rateOnce: "每个答复只能评价一次。",
  rating: {
    satisfied: "满意",
    basically: "基本满意",
    dissatisfied: "不满意",
  },
  yourRating: (rating) => `你的评价：${rating}`,
  reopenOffer: "问题仍未解决？申请重新办理",
  reopenTitle: "申请重新办理",
  reopenWarning: "每件诉求只能申请重新办理一次。请写明仍未解决的问题，责任部门将重新答复。",
  reopenLabel: "仍未解决的问题",
  reopenConfirm: "确认重新办理（仅一次）",
  cancel: "取消",
  reopenEmpty: "请写明仍未解决的问题。",
  reopenedWith: (comment) => `你已申请重新办理：“${comment}”`,
  reopenedAlready: "已重新办理过一次，不能再次申请。",
  sending: "正在提交…",
  reopenedAwaitingAnswer: "这件诉求已重新办理，正在等待新的答复。",

  boardTitle: "答复公示栏",
  boardIntro: "职工提出的诉求和建议，以及责任部门的答复（经审核后公示）。",
  boardUnit: "单位：",
  wholeOrganisation: "全部单位",
  chooseUnit: "选择单位",
  pickUnitLabel: "查看哪个单位的答复",
  topic: "主题",
  allTopics: "全部主题",
  category: "类别",
  allCategories: "全部类别",
  categories: {
    demand: "诉求",
    suggestion: "建议",
    question: "咨询",
    complaint: "投诉",
  },
  boardCounts: (answered, adopted) => `已答复 ${answered} 件 · 采纳建议 ${adopted} 条`,
  noWording: "原文未公示",
  department: "责任部门",
  boardEmpty: "这里还没有公示的答复。",
  showMore: "加载更多",
  followMine: "凭查询码查询我的诉求",
  toBoard: "答复公示栏",

  errors: {
    receipt_invalid:
      "查询码由 10 位字母和数字组成，例如 7KQ2M-XR4PD（不含 0、O、1、I、L），请核对后重新输入。",
    receipt_not_found:
      "没有用这个查询码提出的诉求或建议。请核对查询码；如果填写问卷时没有写诉求或建议，这里就没有可查询的内容。",
    already_rated: "你已经评价过这个答复，每个答复只能评价一次。",
    already_reopened: "这件诉求已经重新办理过一次，不能再次申请。",
    not_answered_yet: "这件诉求还没有公示的答复，请稍后再来查看。",
    case_not_found: "这个查询码下没有这件诉求，请刷新页面。",
    unit_not_found: "这个单位已不在单位列表中，请选择其他单位。",
    network_error: "无法连接服务器，请检查网络后重试。",
  },
};

export const writerMessages = { en, "zh-cn": zhCn } as const;
