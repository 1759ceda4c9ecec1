// UI strings of the kiosk (/kiosk/:waveId) in English and Simplified Chinese. Part of the kiosk's lazy chunk:
// the respondent route /s/:waveId never loads them. Shared respondent strings (unit picker, groups) stay in i18n.
import { useI18n } from "../i18n";
import type { QueueFileProblem } from "./queueFile";

/** A wait as m:ss, e.g. 0:30 or 15:00. */
const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

const en = {
  kioskTitle: "On-site collection",
  chooseWaveTitle: "Which survey does this device collect?",
  chooseWaveEmpty: "No survey open for on-site collection right now. Connect to the network and try again.",
  notOnsite: "This survey is not collected on site. Use the survey link instead.",
  offlineCopy: "No network: using the copy of the questionnaire kept on this device.",

  setupTitle: "Set up this device",
  setupIntro:
    "Choose the unit the people filling in here belong to, and a PIN. Respondents will see only the questionnaire; changing these settings, seeing failed items or exporting the queue needs the PIN.",
  setupUnit: "Unit of the people filling in here",
  groupFixed: "Respondent group",
  groupEachChooses: "Each respondent chooses",
  pinLabel: "PIN (4 to 8 digits)",
  pinRepeat: "PIN again",
  pinHint: "Keep it to yourself. It is stored on this device only and cannot be recovered.",
  pinInvalid: "The PIN must be 4 to 8 digits.",
  pinMismatch: "The two PINs differ.",
  saveSetup: "Start collecting",
  chooseUnitFirst: "Choose the unit.",

  welcomeTitle: "Welcome",
  welcomeUnit: "Unit",
  welcomeStart: "Start the questionnaire",
  slipCode: "Code on your invitation slip",
  slipCodeHint:
    "This unit takes one response per printed slip: type the 12 letters and digits under its QR code.",
  slipCodeMissing: "Type the code on your invitation slip first.",
  slipCodeMalformed:
    "The code on an invitation slip has 12 letters and digits (no 0, O, 1, I or L). Check it and type it again.",
  slipCodeUsed:
    "This slip has already been used to answer: each slip is good for one response. Ask the staff on site for a new slip if you have not answered yet.",
  slipCodeUnknown:
    "This code was not issued for this survey and unit. Check that you typed the code on your own slip, or ask the staff on site.",
  slipChecking: "Checking your slip…",

  kioskThanksTitle: "Thank you!",
  kioskThanksText:
    "Your answers are saved on this device and will be sent to the survey even if there is no network now.",
  nextPerson: "Next person",

  stillThereTitle: "Are you still there?",
  stillThereText: (seconds: number) =>
    `Without a tap, this questionnaire is cleared in ${seconds} s and nothing of it is kept, so the next person starts afresh.`,
  stillThereContinue: "Continue",

  queued: "Waiting",
  sent: "Sent",
  failed: "Failed",
  lastSync: "Last sync",
  never: "never",
  offline: "Offline",
  syncing: "Sending…",
  syncNow: "Sync now",
  operator: "Operator",
  statusLine: (q: number, s: number, f: number, last: string) =>
    `Waiting ${q} · Sent ${s} · Failed ${f} · Last sync ${last}`,

  pinPrompt: "Operator PIN",
  pinWrong: "Wrong PIN.",
  pinLocked: (seconds: number) => `Too many wrong PINs. Try again in ${clock(seconds)}.`,
  unlock: "Unlock",
  cancel: "Cancel",
  close: "Close",

  panelTitle: "Operator",
  panelSettings: "Settings",
  panelUnit: (unit: string, group: string) => `Unit: ${unit} · Group: ${group}`,
  changeSettings: "Change unit or group",
  panelQueue: "Queue on this device",
  queueEmpty: "Nothing is waiting or failed.",
  itemLine: (started: string, attempts: number) => `Started ${started} · ${attempts} attempt(s)`,
  stateQueued: "waiting",
  stateFailed: "failed",
  retryItem: "Send again",
  newSlipLabel: "Code of another unused slip for this response",
  sendWithSlip: "Send with this slip",
  failedHelp:
    "A failed response was refused by the server, so it is not stored. It stays here until you send it again (for example after the survey was reopened) or export it.",
  exportQueue: "Export queue to a file",
  exportNothing: "Nothing to export: every response was sent.",
  exported: (n: number) => `${n} response(s) written to the file.`,
  importQueue: "Import a queue file",
  imported: (added: number, known: number) => `${added} added, ${known} already here.`,
  importProblem: (p: QueueFileProblem) => {
    switch (p.kind) {
      case "notJson":
        return "This file is not a queue file (not JSON). Nothing was imported.";
      case "notQueueFile":
        return "This file is not a minyi kiosk queue file. Nothing was imported.";
      case "unknownVersion":
        return "This queue file comes from another version of minyi. Nothing was imported.";
      case "badItem":
        return `Item ${p.index + 1} of the file is damaged (${p.field}). Nothing was imported.`;
    }
  },
  leaveKiosk: "Leave kiosk mode",
  leaveHelp: "The queue stays on this device and keeps sending whenever the kiosk is open.",
  storageFailed: "This device refused to store the answers. Keep the tablet on and call the operator.",
};

export type KioskMessages = typeof en;

const zhCn: KioskMessages = {
  kioskTitle: "现场采集",
  chooseWaveTitle: "本设备采集哪一次调查？",
  chooseWaveEmpty: "目前没有开放现场采集的调查。请联网后重试。",
  notOnsite: "本次调查不开放现场采集，请使用调查链接填写。",
  offlineCopy: "当前无网络：正在使用本设备保存的问卷。",

  setupTitle: "设置本设备",
  setupIntro:
    "请选择在这里填写的职工所在单位，并设置管理密码。填写人只能看到问卷；修改设置、查看失败记录或导出队列都需要输入管理密码。",
  setupUnit: "填写人所在单位",
  groupFixed: "填写群体",
  groupEachChooses: "由填写人自选",
  pinLabel: "管理密码（4 至 8 位数字）",
  pinRepeat: "再次输入管理密码",
  pinHint: "请勿告诉他人。密码只保存在本设备上，忘记后无法找回。",
  pinInvalid: "管理密码须为 4 至 8 位数字。",
  pinMismatch: "两次输入的密码不一致。",
  saveSetup: "开始采集",
  chooseUnitFirst: "请选择单位。",

  welcomeTitle: "欢迎参加调查",
  welcomeUnit: "单位",
  welcomeStart: "开始填写问卷",
  slipCode: "邀请条上的代码",
  slipCodeHint: "本单位每张邀请条只能填写一份：请输入邀请条二维码下方的 12 位字母和数字。",
  slipCodeMissing: "请先输入邀请条上的代码。",
  slipCodeMalformed: "邀请条代码应为 12 位字母和数字（不含 0、O、1、I、L），请核对后重新输入。",
  slipCodeUsed:
    "这张邀请条已经提交过答卷，每张邀请条只能提交一份。如果你还没有填写过，请向现场工作人员索取新的邀请条。",
  slipCodeUnknown:
    "这个代码不是本次调查和本单位发放的邀请条代码。请核对是否输入了你自己邀请条上的代码，或询问现场工作人员。",
  slipChecking: "正在核对邀请条…",

  kioskThanksTitle: "感谢你的参与！",
  kioskThanksText: "你的答案已保存在本设备上，即使现在没有网络，也会自动提交。",
  nextPerson: "下一位",

  stillThereTitle: "还在填写吗？",
  stillThereText: (seconds) =>
    `如无操作，本问卷将在 ${seconds} 秒后清空，已填内容不会保存，下一位将重新开始。`,
  stillThereContinue: "继续填写",

  queued: "待发送",
  sent: "已发送",
  failed: "失败",
  lastSync: "上次同步",
  never: "无",
  offline: "离线",
  syncing: "正在发送…",
  syncNow: "立即同步",
  operator: "管理",
  statusLine: (q, s, f, last) => `待发送 ${q} · 已发送 ${s} · 失败 ${f} · 上次同步 ${last}`,

  pinPrompt: "管理密码",
  pinWrong: "密码错误。",
  pinLocked: (seconds: number) => `密码错误次数过多，请在 ${clock(seconds)} 后重试。`,
  unlock: "确定",
  cancel: "取消",
  close: "关闭",

  panelTitle: "管理",
  panelSettings: "设置",
  panelUnit: (unit, group) => `单位：${unit} · 群体：${group}`,
  changeSettings: "修改单位或群体",
  panelQueue: "本设备上的队列",
  queueEmpty: "没有待发送或失败的记录。",
  itemLine: (started, attempts) => `开始于 ${started} · 已尝试 ${attempts} 次`,
  stateQueued: "待发送",
  stateFailed: "失败",
  retryItem: "重新发送",
  newSlipLabel: "为这份答卷换一张未使用的邀请条：输入其代码",
  sendWithSlip: "用这张邀请条发送",
  failedHelp:
    "失败的记录已被服务器拒收，没有保存。它会一直保留在这里，直到你重新发送（例如调查重新开放后）或将其导出。",
  exportQueue: "导出队列到文件",
  exportNothing: "没有需要导出的记录：全部已发送。",
  exported: (n) => `已将 ${n} 份答卷写入文件。`,
  importQueue: "导入队列文件",
  imported: (added, known) => `新增 ${added} 份，已有 ${known} 份。`,
  importProblem: (p) => {
    switch (p.kind) {
      case "notJson":
        return "这不是队列文件（不是 JSON），未导入任何内容。";
      case "notQueueFile":
        return "这不是民意现场采集的队列文件，未导入任何内容。";
      case "unknownVersion":
        return "这个队列文件来自其他版本的民意，未导入任何内容。";
      case "badItem":
        return `文件第 ${p.index + 1} 条记录已损坏（${p.field}），未导入任何内容。`;
    }
  },
  leaveKiosk: "退出现场采集模式",
  leaveHelp: "队列仍保留在本设备上，每次打开现场采集都会继续发送。",
  storageFailed: "本设备无法保存答案。请保持平板开机，并联系管理人员。",
};

const kioskMessages = { en, "zh-cn": zhCn } as const;

export function useKioskText(): KioskMessages {
  const { lang } = useI18n();
  return kioskMessages[lang];
}
