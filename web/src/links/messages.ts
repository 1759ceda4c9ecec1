// Strings of the links and QR-code page (zh-cn / en), in its own chunk. The printed sheets and slips carry both
// languages whatever the screen shows: they hang at stations where either may be read.
const en = {
  title: "Links and QR codes",
  intro:
    "Print, per unit, a sheet with a QR code and a short link that opens the survey with the unit already set. Links carry no personal data.",
  wave: "Survey round",
  unit: "Units under",
  show: "Show links",
  loading: "Loading…",
  noWaves: "There is no survey round yet.",
  notOnline: "This round is not filled in online: its links open a page saying so.",
  print: "Print",
  selectAll: "Select all",
  selectNone: "Select none",
  printSheets: (n: number) => `Print ${n} sheet${n === 1 ? "" : "s"}`,
  columnPrint: "Print",
  columnUnit: "Unit",
  columnLink: "Short link",
  columnSlips: "Slips used / issued",
  noSlips: "—",
  slipNeededMark: "Slip needed",
  localAddress: (host: string) =>
    `These links point to ${host}, which phones at the stations cannot reach. Before printing, set MINYI_PUBLIC_URL to the address phones on the plant network use (for example http://minyi.cy3.example) and restart the server; see README, "Environment variables".`,
  slipsTitle: "Single-use slips (optional)",
  slipsIntro:
    "For response-rate control: each slip is good for one response. Once a unit has slips, answers online and on site for that unit need one; paper forms do not. Slips are anonymous: nothing links a slip to the answers.",
  slipsUnit: "Unit",
  slipsCount: "How many",
  issue: "Issue slips",
  issuing: "Issuing…",
  countOutOfRange: (max: number) => `Type a whole number of slips from 1 to ${max}. Nothing was issued.`,
  confirmFirstSlips: (unit: string, n: number) =>
    `These are the first slips of ${unit} for this round. From now on every response for ${unit} through its QR link or a kiosk needs an unused slip: people without one cannot answer (paper forms are not affected). This cannot be undone for the round. Issue ${n} slips?`,
  confirmIssue: "Issue slips and require them",
  cancel: "Cancel",
  issuedOnce: (n: number) =>
    `${n} slips issued. They are shown only now and cannot be shown again: print them before leaving this page.`,
  printSlips: "Print slips",
  sheetsPreview: "Sheets",
  sheetCount: (n: number) => `${n} selected`,
};

export type LinksMessages = typeof en;

const zhCn: LinksMessages = {
  title: "链接与二维码",
  intro: "按单位打印带二维码和短链接的告示页，扫码即打开已选好单位的问卷。链接中不含任何个人信息。",
  wave: "调研批次",
  unit: "单位范围",
  show: "显示链接",
  loading: "正在加载…",
  noWaves: "还没有调研批次。",
  notOnline: "本批次不在网上填写，链接打开后会提示这一点。",
  print: "打印",
  selectAll: "全选",
  selectNone: "全不选",
  printSheets: (n) => `打印 ${n} 页`,
  columnPrint: "打印",
  columnUnit: "单位",
  columnLink: "短链接",
  columnSlips: "邀请条 已用 / 已发",
  noSlips: "—",
  slipNeededMark: "需凭邀请条填写",
  localAddress: (host) =>
    `这些链接指向 ${host}，站点上的手机无法访问。打印前请将 MINYI_PUBLIC_URL 设为厂内网络中手机可访问的地址（例如 http://minyi.cy3.example）并重启服务器，详见 README 的“Environment variables”一节。`,
  slipsTitle: "一次性邀请条（可选）",
  slipsIntro:
    "用于控制参与率：每张邀请条只能提交一份答卷。某单位发放邀请条后，该单位网上和现场填写都需要邀请条，纸质问卷不需要。邀请条是匿名的，无法与答卷对应。",
  slipsUnit: "单位",
  slipsCount: "张数",
  issue: "发放邀请条",
  issuing: "正在发放…",
  countOutOfRange: (max) => `请输入 1 到 ${max} 之间的整数张数。未发放任何邀请条。`,
  confirmFirstSlips: (unit, n) =>
    `这是${unit}本批次的第一批邀请条。发放后，${unit}通过二维码链接或现场平板提交的每一份答卷都需要一张未用过的邀请条，没有邀请条的人将无法填写（纸质问卷不受影响）。本批次内无法撤销。确定发放 ${n} 张邀请条吗？`,
  confirmIssue: "发放并要求凭邀请条填写",
  cancel: "取消",
  issuedOnce: (n) => `已发放 ${n} 张邀请条。邀请条只显示这一次，之后无法再次查看，请在离开本页前打印。`,
  printSlips: "打印邀请条",
  sheetsPreview: "告示页",
  sheetCount: (n) => `已选 ${n} 个`,
};

export const linksMessages = { en, "zh-cn": zhCn } as const;
