// Demands (诉求) and suggestions (建议) as oil plant staff phrase them, tagged by topic so unhappy writers
// complain about what they rated low. Only the words: who writes what, and how often, is in responses.ts.

export interface DemoText {
  topic: string;
  text: string;
}

export const demandTexts: readonly DemoText[] = [
  { topic: "pay", text: "希望提高一线采油工岗位津贴，夜班补助已经好几年没有调整了。" },
  { topic: "pay", text: "绩效工资考核细则不透明，希望公开计算办法和每月考核结果。" },
  { topic: "pay", text: "今年以来奖金明显减少，和机关的差距越拉越大，希望说明原因。" },
  { topic: "pay", text: "偏远中心站的野外作业补贴希望按实际出勤天数足额发放。" },
  { topic: "pay", text: "防暑降温费和冬季取暖补贴发放不及时，希望按时发放。" },
  { topic: "pay", text: "同样的岗位，我们作业区的收入比别的作业区低，希望统一标准。" },
  { topic: "canteen", text: "食堂饭菜品种单一，希望增加面食和新鲜蔬菜的种类。" },
  { topic: "canteen", text: "夜班下班后食堂已经关门，希望给倒班人员提供夜班餐。" },
  { topic: "canteen", text: "中心站食堂价格上涨了，份量却变小了，希望核实。" },
  { topic: "canteen", text: "希望食堂每周公布菜谱，并请职工代表参与监督。" },
  { topic: "commute", text: "早班通勤车发车时间太早，希望推迟二十分钟。" },
  { topic: "commute", text: "我们站没有通勤班车，职工只能自己开车上下班，希望增开线路。" },
  { topic: "commute", text: "班车车况老旧，冬天车里没有暖风，希望更换车辆。" },
  { topic: "commute", text: "倒班人员下夜班后没有班车，希望增加夜间班次。" },
  { topic: "station_reform", text: "中心站改革后每人巡检的井数太多，劳动强度大，希望补充人员。" },
  { topic: "station_reform", text: "合并班组以后岗位职责不清楚，希望尽快明确分工。" },
  { topic: "station_reform", text: "改革后值班制度调整太频繁，希望保持相对稳定。" },
  { topic: "safety", text: "冬季劳保棉服不保暖，希望更换质量更好的工装。" },
  { topic: "safety", text: "防护手套和护目镜发放数量不够用，希望按实际需要补发。" },
  { topic: "safety", text: "部分计量间的可燃气体报警仪经常误报，希望尽快检修。" },
  { topic: "promotion", text: "一线技术员评职称的名额太少，希望向基层倾斜。" },
  { topic: "promotion", text: "技能等级鉴定的报名通知不及时，希望提前公布。" },
  { topic: "promotion", text: "希望班组长竞聘的过程和结果公开透明。" },
  { topic: "welfare", text: "中心站职工宿舍暖气不热，希望入冬前维修。" },
  { topic: "welfare", text: "宿舍没有热水，洗澡很不方便，希望安装热水器。" },
  { topic: "welfare", text: "希望职工体检增加颈椎和腰椎的检查项目。" },
  { topic: "welfare", text: "女职工休息室设施简陋，希望改善。" },
  { topic: "management", text: "各类检查和报表太多，希望给基层减负。" },
  { topic: "management", text: "希望领导多到偏远站点走一走，听听一线职工的意见。" },
  { topic: "office_style", text: "到机关办事要跑好几趟，希望能一次办好。" },
  { topic: "production", text: "抽油机老化故障多，维修配件到得太慢，影响产量。" },
  { topic: "production", text: "数字化平台经常掉线，巡检数据要重复录入，希望解决。" },
  { topic: "production", text: "巡检路线长、井数多，人手不够，经常加班加点。" },
];

export const suggestionTexts: readonly DemoText[] = [
  { topic: "team_building", text: "建议在中心站设立职工书屋，丰富大家的业余生活。" },
  { topic: "canteen", text: "建议食堂推行网上订餐，既方便又能减少浪费。" },
  { topic: "commute", text: "建议开发班车实时位置查询，职工在手机上就能看到。" },
  { topic: "production", text: "建议推广数字化巡检，减少夜间人工巡井。" },
  { topic: "promotion", text: "建议多开展岗位练兵和技能比武，优胜者在评先选优中优先考虑。" },
  { topic: "team_building", text: "建议建立师带徒奖励机制，帮助新员工尽快顶岗。" },
  { topic: "office_style", text: "建议机关科室每季度到中心站现场办公一次。" },
  { topic: "management", text: "建议设立合理化建议奖，对被采纳的建议给予奖励。" },
  { topic: "safety", text: "建议冬季给巡井人员配发防滑鞋和暖贴。" },
  { topic: "pay", text: "建议每月把绩效考核结果公示到班组。" },
  { topic: "welfare", text: "建议更新老旧宿舍的空调和热水器。" },
  { topic: "safety", text: "建议安全培训多采用现场演练，少念文件。" },
];

/** Text for a follow-up comment ("why did you rate this low?") when the bank has nothing on its topic. */
export const genericRemarks: readonly string[] = [
  "具体情况希望领导到现场了解一下。",
  "这个问题已经反映过几次了，一直没有解决。",
  "希望有关部门重视。",
];

/** Endings people add, so the same concern is not always the identical sentence. */
export const textEndings: readonly string[] = [
  "",
  "",
  "",
  "",
  "盼复。",
  "谢谢！",
  "希望尽快解决。",
  "望领导重视。",
];

/** What respondents write into an "other (please specify)" box. */
export const otherTexts: readonly string[] = ["自己开车", "拼车", "骑电动车", "住在站上", "坐公交"];
