// UI strings of the shell and the respondent pages, in English and Simplified Chinese.
// Workbench and dashboard strings belong in their own lazy chunks, not here, to keep /s/:waveId small.

const en = {
  appName: "minyi · staff survey",
  switchTo: "中文",
  switchToLabel: "切换到中文",
  loading: "Loading…",
  loadFailed: "Could not load the page. Check your connection and try again.",
  retry: "Retry",

  homeTitle: "Open surveys",
  homeEmpty: "No survey is open right now.",
  openUntil: (date: string) => `Open until ${date}`,
  staffLogin: "Staff login (analysts, leaders, departments, grid workers, administrators)",
  kioskLink: "On-site tablet (kiosk mode)",
  homeReceipt: "Follow your demands and suggestions by receipt code",
  homeBoard: "Public board of answers",

  notFoundTitle: "Page not found",
  notFoundText: "Check the address, or go to the list of open surveys.",
  backHome: "Open surveys",

  waveNotFound: "This survey does not exist. Check the link or QR code you used.",
  waveScheduled: (date: string) => `This survey has not opened yet. It opens on ${date}.`,
  waveClosed: (date: string) => `This survey closed on ${date}. Thank you for your interest.`,
  waveScheduledSoon: "This survey has not opened yet.",
  waveClosedAlready: "This survey has closed. Thank you for your interest.",
  waveNotOnline: "This survey is not filled in online. Please take part on site.",
  waveWindow: (from: string, to: string) => `Open ${from} – ${to}`,

  anonymityTitle: "Your answers are anonymous",
  anonymityText: (minGroupSize: number) =>
    `We do not store your name, staff number or IP address. Results are only shown for groups of ${minGroupSize} or more people, so nobody can see your own answers.`,
  unitLabel: "Your unit",
  unitHint: "Type part of its name (Chinese or English), or browse below.",
  unitPlaceholder: "e.g. 中心站3 or Team 2",
  unitFromLink: "Your unit (set by the link you opened)",
  unitUnknown:
    "The unit in this link is not in the organisation list. Please ask whoever sent you the link for a new one.",
  noMatches: "No unit matches.",
  moreMatches: (n: number) => `${n} more — type more of the name.`,
  allUnits: "All units",
  showSubunits: (name: string) => `Show units under ${name}`,
  selectedUnit: "Selected:",
  groupLabel: "Which group are you in?",
  chooseUnit: "Choose your unit.",
  chooseGroup: "Choose your group.",
  start: "Start",

  resumeTitle: "Continue where you left off?",
  resumeText: (date: string) => `This device kept the answers you started on ${date}.`,
  resume: "Continue",
  startOver: "Start over",

  submitting: "Sending your answers…",
  errNetwork:
    "Your answers could not be sent. Check your connection: the answers are kept on this device, press Retry when you are online.",
  errServer:
    "The server could not take your answers just now. They are kept on this device; please retry in a moment.",
  errInvalid: "Please check this answer:",
  errClosed: "This survey has closed, so answers can no longer be sent.",
  errUnitOrGroup: "Your unit or group was not accepted. Please choose again.",
  chooseAgain: "Choose again",
  errConflict: "Different answers were already sent from this device for this survey.",
  errTooLarge:
    "Your answers are too large to send. Please shorten your written comments or remove an attached file or picture.",
  fileUnreadable: "This file could not be read on this device. Please choose it again or choose another one.",
  errOther: "Your answers were not accepted:",
  errTokenUsed:
    "The slip you opened has already been used to answer: each slip is good for one response. Nothing more was stored. If you have not answered yet, ask for a new slip.",
  errTokenInvalid:
    "The code in this link is not valid for this survey and unit, so nothing was stored. Open the link or QR code on your own slip again, or ask for a new slip.",
  slipNeeded:
    "This unit answers with personal slips: each person scans the QR code on their own slip. Please open the link on your slip.",
  slipUsed:
    "This slip has already been used to answer: each slip is good for one response. If you have not answered yet, ask whoever handed out the slips for a new one.",
  slipInvalid:
    "The code in this link is not valid for this survey and unit. Open the link or scan the QR code on your own slip again, or ask for a new slip.",
  slipChecking: "Checking your slip…",
  linkUnknownTitle: "This link is not valid",
  linkUnknownText:
    "No survey has this short link. Check the address on the sheet (letters and digits only, no 0, O, 1, I or L), or scan its QR code.",

  thanksTitle: "Thank you!",
  thanksText: "Your answers have been received.",
  receiptLabel: "Your receipt code",
  receiptHelp:
    "Keep this code. With it you can later read the replies to the demands and suggestions you wrote, and rate them — without anyone knowing who you are.",
  copy: "Copy",
  copied: "Copied",
  copyManually: "Select the code and copy it.",
  anotherPerson: "Fill in for another person on this device",
  followAnswers: "Follow the answers",
  noDemandText: "You wrote no demand or suggestion, so there is no receipt code to keep.",
};

export type Messages = typeof en;

const zhCn: Messages = {
  appName: "民意 · 职工满意度调查",
  switchTo: "English",
  switchToLabel: "Switch to English",
  loading: "正在加载…",
  loadFailed: "页面加载失败，请检查网络后重试。",
  retry: "重试",

  homeTitle: "正在进行的调查",
  homeEmpty: "目前没有正在进行的调查。",
  openUntil: (date) => `截止时间：${date}`,
  staffLogin: "工作人员登录（分析、领导、承办部门、网格员、管理员）",
  kioskLink: "现场平板（信息采集模式）",
  homeReceipt: "凭查询码查看诉求和建议的答复",
  homeBoard: "答复公示栏",

  notFoundTitle: "页面不存在",
  notFoundText: "请检查网址，或查看正在进行的调查。",
  backHome: "正在进行的调查",

  waveNotFound: "找不到这个调查，请检查你打开的链接或二维码。",
  waveScheduled: (date) => `本次调查尚未开始，开始时间：${date}。`,
  waveClosed: (date) => `本次调查已于 ${date} 结束，感谢关注。`,
  waveScheduledSoon: "本次调查尚未开始。",
  waveClosedAlready: "本次调查已结束，感谢关注。",
  waveNotOnline: "本次调查不开放网上填写，请参加现场填写。",
  waveWindow: (from, to) => `开放时间：${from} 至 ${to}`,

  anonymityTitle: "匿名填写",
  anonymityText: (minGroupSize) =>
    `我们不记录你的姓名、工号或 IP 地址。结果只按 ${minGroupSize} 人及以上的群体汇总展示，任何人都看不到你个人的答案。`,
  unitLabel: "所在单位",
  unitHint: "输入单位名称的一部分（中英文均可），或在下方逐级查找。",
  unitPlaceholder: "例如：中心站3、班组2",
  unitFromLink: "所在单位（由你打开的链接指定）",
  unitUnknown: "链接中的单位不在单位列表中，请向发链接的人索取新链接。",
  noMatches: "没有找到匹配的单位。",
  moreMatches: (n) => `还有 ${n} 个结果，请输入更完整的名称。`,
  allUnits: "全部单位",
  showSubunits: (name) => `查看${name}的下级单位`,
  selectedUnit: "已选择：",
  groupLabel: "你属于哪个群体？",
  chooseUnit: "请选择所在单位。",
  chooseGroup: "请选择所属群体。",
  start: "开始填写",

  resumeTitle: "继续上次的填写？",
  resumeText: (date) => `本设备保存了你在 ${date} 开始填写的答案。`,
  resume: "继续填写",
  startOver: "重新开始",

  submitting: "正在提交答案…",
  errNetwork: "答案未能提交，请检查网络。答案已保存在本设备上，联网后请点“重试”。",
  errServer: "服务器暂时无法接收答案。答案已保存在本设备上，请稍后重试。",
  errInvalid: "请检查这道题：",
  errClosed: "本次调查已结束，无法再提交答案。",
  errUnitOrGroup: "所选单位或群体无效，请重新选择。",
  chooseAgain: "重新选择",
  errConflict: "本设备已为本次调查提交过内容不同的答案。",
  errTooLarge: "答案内容过大，请缩短文字意见或删除附加的文件、图片后再提交。",
  fileUnreadable: "无法在此设备上读取该文件，请重新选择或换一个文件。",
  errOther: "答案未被接受：",
  errTokenUsed:
    "你打开的邀请条已经提交过答卷，每张邀请条只能提交一份，本次未保存。如果你还没有填写过，请索取新的邀请条。",
  errTokenInvalid:
    "此链接中的邀请码对本次调查和单位无效，本次未保存。请重新扫描你自己邀请条上的二维码，或索取新的邀请条。",
  slipNeeded: "本单位使用一次性邀请条填写：请扫描你自己邀请条上的二维码，或打开邀请条上的链接。",
  slipUsed:
    "这张邀请条已经提交过答卷，每张邀请条只能提交一份。如果你还没有填写过，请向发放邀请条的人索取新的邀请条。",
  slipInvalid:
    "此链接中的邀请码对本次调查和单位无效。请重新扫描你自己邀请条上的二维码或打开其上的链接，或索取新的邀请条。",
  slipChecking: "正在核对邀请条…",
  linkUnknownTitle: "此链接无效",
  linkUnknownText:
    "没有问卷使用这个短链接。请核对告示页上的地址（只含字母和数字，没有 0、O、1、I、L），或直接扫描二维码。",

  thanksTitle: "感谢你的参与！",
  thanksText: "你的答案已提交成功。",
  receiptLabel: "你的查询码",
  receiptHelp: "请保存好查询码。凭它可以查看你提出的诉求和建议的答复并进行评价，没有人会知道你是谁。",
  copy: "复制",
  copied: "已复制",
  copyManually: "请长按选中查询码并复制。",
  anotherPerson: "换一个人在本设备上填写",
  followAnswers: "查看答复进度",
  noDemandText: "你没有填写诉求或建议，无需保存查询码。",
};

export const messages = { en, "zh-cn": zhCn } as const;
