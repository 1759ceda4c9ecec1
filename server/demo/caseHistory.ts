// The demo's closed loop: gives the cases intake made from demo responses a plausible, seeded history up to `now` —
// triage, routing by topic, answers mostly on time, some late or rejected as perfunctory, approval, writers' ratings,
// a few reopened, duplicates merged, suggestions adopted. Steps and their details are those of server/cases/lifecycle.ts;
// it writes them in bulk (thousands of cases), so it plans here and seedDemo stores.
import { addWorkingDays, hourOf, localDate } from "../cases/calendar";
import {
  type CaseCategory,
  type CaseRating,
  type CaseStatus,
  defaultDeadlineDays,
} from "../cases/categories";
import type { Rng } from "./prng";
import { demandTexts, suggestionTexts } from "./texts";

export interface IntakeCase {
  id: string;
  number: number;
  text: string;
  category: CaseCategory;
  waveId: string;
  /** The writer's station or department: duplicates are merged within one round and one of these. */
  place: string;
  createdAt: Date;
}

export interface PlannedEvent {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  from: CaseStatus;
  to: CaseStatus;
  details: Record<string, unknown>;
}

export interface PlannedCase {
  id: string;
  category: CaseCategory;
  topic: string | null;
  status: CaseStatus;
  mergedInto: string | null;
  departmentId: string | null;
  routedAt: Date | null;
  deadline: string | null;
  answer: string | null;
  actionTaken: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
  publicText: string | null;
  publishedAt: Date | null;
  adopted: boolean;
  reward: string | null;
  rating: CaseRating | null;
  ratedAt: Date | null;
  reopened: boolean;
  reopenComment: string | null;
  updatedAt: Date;
  events: PlannedEvent[];
}

const bank = [...demandTexts, ...suggestionTexts];

/** The bank text a demo answer was made from (the generator may add an ending to it). */
function bankText(text: string) {
  return bank.find((t) => text.startsWith(t.text)) ?? null;
}

/** Which department answers what, as the plant's office is organised. */
const departmentOfTopic: Record<string, string> = {
  pay: "dept-hr",
  promotion: "dept-hr",
  canteen: "dept-services",
  commute: "dept-services",
  welfare: "dept-union",
  safety: "dept-safety",
  production: "dept-production",
  station_reform: "dept-production",
  management: "dept-office",
  office_style: "dept-office",
  team_building: "dept-party",
};

const handlerOf = (departmentId: string) =>
  departmentId === "dept-hr" ? "handler" : `${departmentId}-handler`;

const answers: Record<string, readonly [answer: string, action: string][]> = {
  pay: [
    [
      "经核实，夜班补助标准自下季度起按新办法执行，每班提高10元。",
      "人力资源科已修订《倒班津贴发放办法》并报厂长办公会通过。",
    ],
    ["绩效考核细则和每月考核结果已在各作业区公示栏和厂内网公开。", "每月5日前由各单位公示上月考核结果。"],
  ],
  promotion: [
    ["今年职称评审名额向一线倾斜，基层技术员名额增加3个。", "调整名额分配方案，已下发至各作业区。"],
    ["技能鉴定报名通知提前一个月在厂内网和班组微信群发布。", "建立鉴定计划年度公示制度。"],
  ],
  canteen: [
    ["食堂已增加面食窗口，每周公布菜谱并邀请职工代表监督。", "机关服务中心每月组织一次伙食满意度测评。"],
    ["自下月起为倒班人员供应夜班餐，供应时间22:00至次日2:00。", "增设夜班供餐窗口，配备2名炊事员。"],
  ],
  commute: [
    ["早班通勤车发车时间已推迟15分钟，并增开一条夜间班次。", "调整班车时刻表，已在各站点张贴。"],
    ["已更换两台老旧班车，冬季出车前提前预热。", "车辆管理站完成班车暖风系统检修。"],
  ],
  welfare: [
    ["宿舍暖气已完成检修，热水器安装计划本季度内完成。", "工会协调后勤落实资金，按站点排定施工顺序。"],
    ["职工体检已增加颈椎和腰椎检查项目。", "与体检医院签订补充协议。"],
  ],
  safety: [
    ["冬季劳保棉服已更换为加厚款，防护用品按实际需要补发。", "安全环保科修订劳保用品发放标准。"],
    ["可燃气体报警仪已全部校验，误报的3台已更换。", "建立报警仪季度校验台账。"],
  ],
  production: [
    ["维修配件已建立中心站备件库，常用配件当天可领。", "生产运行科与供应站签订配件快速供应协议。"],
    ["数字化平台网络已扩容，数据录入改为一次采集自动同步。", "信息中心完成平台升级。"],
  ],
  station_reform: [
    ["已为巡检任务重的中心站补充人员，并优化巡检路线。", "重新核定各站定员，本季度补充12人。"],
    ["合并班组后的岗位职责已重新明确并下发。", "各中心站完成岗位说明书修订。"],
  ],
  management: [
    ["各类报表已精简三分之一，检查合并进行。", "厂办公室清理报表目录，每季度复核一次。"],
    ["厂领导每月到偏远站点调研不少于一次。", "建立领导联系点制度。"],
  ],
  office_style: [
    ["机关推行一次办好，常办事项已实行首问负责制。", "公布机关办事指南和联系人。"],
    ["机关科室每季度到中心站现场办公一次。", "制定现场办公计划表。"],
  ],
  team_building: [
    ["中心站职工书屋本季度建成，首批配书500册。", "党群工作科落实场地和图书。"],
    ["师带徒奖励机制已建立，签订师徒协议的按月发放带徒津贴。", "出台《师带徒管理办法》。"],
  ],
};

const topicNames: Record<string, string> = {
  pay: "薪酬待遇",
  promotion: "职称职务晋升",
  canteen: "食堂",
  commute: "通勤班车",
  welfare: "惠民工程",
  safety: "安全环保",
  production: "原油生产",
  station_reform: "中心站改革",
  management: "管理方式",
  office_style: "机关作风",
  team_building: "队伍建设",
};

const departmentNames: Record<string, string> = {
  "dept-hr": "人力资源科",
  "dept-services": "机关服务中心",
  "dept-union": "工会",
  "dept-safety": "安全环保科",
  "dept-production": "生产运行科",
  "dept-office": "厂办公室",
  "dept-party": "党群工作科",
};

/** CJK character pairs of a text: enough to tell whether an answer is about what a demand says. */
function pairs(text: string): Set<string> {
  const chars = [...text.replace(/[^\u4e00-\u9fff]/g, "")];
  return new Set(chars.slice(1).map((c, i) => `${chars[i]}${c}`));
}

/**
 * The bank answer of the topic that speaks to the demand's own words (three shared character pairs or more), else
 * a general answer about the topic: a demo answer must never reply to something the writer did not ask.
 */
function answerFor(text: string, topic: string | null, department: string | undefined): [string, string] {
  const words = pairs(text);
  let best: [string, string] | null = null;
  let bestScore = 2;
  for (const candidate of answers[topic ?? ""] ?? []) {
    const score = [...pairs(candidate[0])].filter((p) => words.has(p)).length;
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  return best ?? generalAnswer(topic, department ?? null);
}

// Demo answers never repeat the writer's words: the board shows an answer even where the wording is withheld.
function generalAnswer(topic: string | null, department: string | null): [string, string] {
  const who = department ? (departmentNames[department] ?? "责任部门") : "厂诉求办";
  const about = topic ? `${topicNames[topic] ?? "相关"}方面` : "";
  return [
    `你反映的${about}问题已收到。${who}已到现场核实情况，制定了整改措施，计划本季度内落实到位，落实进度将在公示栏更新。`,
    `已列入${who}本季度整改清单，明确专人负责，按月跟踪落实。`,
  ];
}

/** The second answer to a reopened case: what was done after the writer said the first did not solve it. */
function followUpAnswer(department: string | null): [string, string] {
  const who = department ? (departmentNames[department] ?? "责任部门") : "厂诉求办";
  return [
    `针对这件诉求的再次反映，${who}复查后补充了措施，并已与提出问题的班组当面沟通确认。`,
    `${who}负责人带队复查，补充措施已落实，下月回访。`,
  ];
}

const rewards = ["金点子奖 200 元", "合理化建议三等奖 500 元", "合理化建议二等奖 1000 元"];
const reopenComments = [
  "答复里说的措施我们站还没有落实。",
  "问题没有解决，希望再核实一下。",
  "只答复了一半，夜班的情况没说。",
];
const returnReasons = ["此事不属本部门职责，建议转机关服务中心。", "涉及工资总额，请转人力资源科。"];

interface Clock {
  at: Date;
}

/** A working-day instant `days` working days after `from`, at a seeded hour of the plant's office day. */
function later(rng: Rng, from: Date, days: number, tzOffsetMinutes: number): Date {
  const day = addWorkingDays(localDate(from, tzOffsetMinutes), Math.max(0, days));
  const minutes = rng.int(8 * 60 + 30, 17 * 60 + 30);
  const at = new Date(Date.parse(`${day}T00:00:00Z`) + (minutes - tzOffsetMinutes) * 60_000);
  return at > from ? at : new Date(from.getTime() + 3600_000);
}

/**
 * Plans every case's history up to `now`: the same seed gives the same plant-wide loop. Cases are given oldest first;
 * a duplicate (same text, round and place as an earlier case still in triage) is merged into the earlier one.
 */
export function planCaseHistories(
  rng: Rng,
  cases: readonly IntakeCase[],
  now: Date,
  tzOffsetMinutes: number,
): PlannedCase[] {
  const plans: PlannedCase[] = [];
  const primaries = new Map<string, PlannedCase>();
  for (const intake of cases) {
    const r = rng.fork(`case:${intake.number}`);
    const source = bankText(intake.text);
    const plan: PlannedCase = {
      id: intake.id,
      category: intake.category,
      topic: source?.topic ?? null,
      status: "new",
      mergedInto: null,
      departmentId: null,
      routedAt: null,
      deadline: null,
      answer: null,
      actionTaken: null,
      answeredAt: null,
      answeredBy: null,
      publicText: null,
      publishedAt: null,
      adopted: false,
      reward: null,
      rating: null,
      ratedAt: null,
      reopened: false,
      reopenComment: null,
      updatedAt: intake.createdAt,
      events: [],
    };
    plans.push(plan);
    const clock: Clock = { at: intake.createdAt };
    const step = (
      at: Date,
      actor: string,
      action: string,
      to: CaseStatus,
      details: Record<string, unknown>,
    ): boolean => {
      if (at > now) return false;
      plan.events.push({ seq: plan.events.length + 2, at, actor, action, from: plan.status, to, details });
      plan.status = to;
      plan.updatedAt = at;
      clock.at = at;
      return true;
    };

    // Triage: 1–3 working days after intake, longer when the analysts fall behind after a round's busy weeks.
    const triaged = later(r, clock.at, r.chance(0.15) ? r.int(5, 12) : r.int(1, 3), tzOffsetMinutes);
    if (intake.category === "demand" && r.chance(0.06)) {
      const category: CaseCategory = r.chance(0.5) ? "question" : "complaint";
      if (
        !step(triaged, "analyst", "classify", "new", {
          category,
          topic: plan.topic,
          previous: { category: plan.category, topic: null },
        })
      )
        continue;
      plan.category = category;
    } else if (plan.topic !== null) {
      if (
        !step(triaged, "analyst", "classify", "new", {
          category: plan.category,
          topic: plan.topic,
          previous: { category: plan.category, topic: null },
        })
      )
        continue;
    }
    const key = `${intake.waveId}|${intake.place}|${source?.text ?? intake.text}`;
    const primary = primaries.get(key);
    if (primary && primary.status !== "merged") {
      if (step(clock.at, "analyst", "merge", "merged", { into: -1, carried: [] }))
        plan.mergedInto = primary.id;
      continue;
    }
    primaries.set(key, plan);
    const department = plan.topic ? departmentOfTopic[plan.topic] : undefined;
    const [answer, action] = answerFor(intake.text, plan.topic, department);
    // Questions with a known answer are answered in triage.
    if (department === undefined || (plan.category === "question" && r.chance(0.5))) {
      const at = later(r, clock.at, 0, tzOffsetMinutes);
      if (!step(at, "analyst", "reply", "published", { onSpot: true, publicText: true })) continue;
      Object.assign(plan, {
        answer,
        actionTaken: action,
        answeredAt: at,
        answeredBy: "analyst",
        publicText: intake.text,
        publishedAt: at,
      });
    } else if (!runCycle(r, plan, step, clock, department, answer, action, intake, tzOffsetMinutes)) {
      continue;
    }
    // The writer reads and rates the answer (about half do), a few dissatisfied reopen once.
    const rating: CaseRating = r.weighted([
      ["satisfied", 0.74],
      ["basically", 0.2],
      ["dissatisfied", 0.06],
    ]);
    if (!r.chance(0.55)) continue;
    const ratedAt = later(r, clock.at, r.int(1, 10), tzOffsetMinutes);
    const hour = hourOf(ratedAt);
    if (!step(hour, "writer", "rate", "closed", { rating, departmentId: plan.departmentId })) continue;
    Object.assign(plan, { rating, ratedAt: hour });
    if (rating !== "dissatisfied" || !r.chance(0.6) || plan.departmentId === null) continue;
    const reopenAt = hourOf(new Date(hour.getTime() + 3600_000 * r.int(1, 48)));
    const comment = r.pick(reopenComments);
    const deadline = addWorkingDays(localDate(reopenAt, tzOffsetMinutes), defaultDeadlineDays[plan.category]);
    if (
      !step(reopenAt, "writer", "reopen", "routed", {
        comment,
        departmentId: plan.departmentId,
        deadline,
        previous: { rating },
      })
    )
      continue;
    Object.assign(plan, {
      reopened: true,
      reopenComment: comment,
      rating: null,
      ratedAt: null,
      publishedAt: null,
      answeredAt: null,
      deadline,
      routedAt: reopenAt,
    });
    const [again, againAction] = followUpAnswer(plan.departmentId);
    answerAndApprove(r, plan, step, clock, again, againAction, intake, tzOffsetMinutes, 0.9);
  }
  // Merge steps name the number of the case they joined, as the lifecycle's do.
  const numbers = new Map(cases.map((c) => [c.id, c.number]));
  for (const plan of plans) {
    if (plan.mergedInto === null) continue;
    const merge = plan.events.find((e) => e.action === "merge");
    if (merge) merge.details = { into: numbers.get(plan.mergedInto), carried: [] };
  }
  return plans;
}

type StepFn = (
  at: Date,
  actor: string,
  action: string,
  to: CaseStatus,
  details: Record<string, unknown>,
) => boolean;

/** Route (sometimes to the wrong department first), answer, perhaps a perfunctory rejection, approval. */
function runCycle(
  r: Rng,
  plan: PlannedCase,
  step: StepFn,
  clock: Clock,
  department: string,
  answer: string,
  action: string,
  intake: IntakeCase,
  tz: number,
): boolean {
  if (r.chance(0.04)) {
    const wrong = department === "dept-services" ? "dept-hr" : "dept-services";
    if (!route(r, plan, step, clock, wrong, tz)) return false;
    const at = later(r, clock.at, r.int(1, 4), tz);
    if (
      !step(at, handlerOf(wrong), "return", "new", {
        departmentId: wrong,
        deadline: plan.deadline,
        overdue: false,
        reason: r.pick(returnReasons),
      })
    )
      return false;
    Object.assign(plan, { departmentId: null, deadline: null, routedAt: null });
  }
  if (!route(r, plan, step, clock, department, tz)) return false;
  return answerAndApprove(r, plan, step, clock, answer, action, intake, tz, 0.88);
}

function route(
  r: Rng,
  plan: PlannedCase,
  step: StepFn,
  clock: Clock,
  department: string,
  tz: number,
): boolean {
  const at = later(r, clock.at, plan.events.length > 1 ? r.int(0, 1) : 0, tz);
  const deadline = addWorkingDays(localDate(at, tz), defaultDeadlineDays[plan.category]);
  if (!step(at, "analyst", "route", "routed", { departmentId: department, deadline })) return false;
  Object.assign(plan, {
    departmentId: department,
    deadline,
    routedAt: at,
    answeredAt: null,
    answeredBy: null,
  });
  return true;
}

function answerAndApprove(
  r: Rng,
  plan: PlannedCase,
  step: StepFn,
  clock: Clock,
  answer: string,
  action: string,
  intake: IntakeCase,
  tz: number,
  onTimeShare: number,
): boolean {
  const department = plan.departmentId as string;
  const days = defaultDeadlineDays[plan.category];
  const answerOnce = (onTime: boolean): boolean => {
    const routedDay = localDate(clock.at, tz);
    const at = onTime
      ? later(r, clock.at, r.int(1, Math.max(1, days - 2)), tz)
      : later(r, new Date(Date.parse(`${plan.deadline}T12:00:00Z`)), r.int(1, 8), tz);
    const answeredOn = localDate(at, tz);
    if (
      !step(at, handlerOf(department), "answer", "answered", {
        departmentId: department,
        deadline: plan.deadline,
        onTime: answeredOn <= (plan.deadline ?? routedDay),
      })
    )
      return false;
    Object.assign(plan, { answer, actionTaken: action, answeredAt: at, answeredBy: handlerOf(department) });
    return true;
  };
  if (!answerOnce(r.chance(onTimeShare))) return false;
  if (r.chance(0.05)) {
    const at = later(r, clock.at, r.int(1, 2), tz);
    if (
      !step(at, "analyst", "reject", "routed", {
        departmentId: department,
        reason: "答复过于笼统，没有说明具体措施和时间。",
        perfunctory: true,
        answer: plan.answer,
      })
    )
      return false;
    plan.answeredAt = null;
    if (!answerOnce(r.chance(0.7))) return false;
  }
  const at = later(r, clock.at, r.int(1, 2), tz);
  const answeredOn = localDate(plan.answeredAt as Date, tz);
  const publicText = r.chance(0.7) ? intake.text : null;
  const adopted = plan.category === "suggestion" && r.chance(0.35);
  const reward = adopted ? r.pick(rewards) : null;
  if (
    !step(at, "analyst", "approve", "published", {
      departmentId: department,
      deadline: plan.deadline,
      answeredOn,
      onTime: plan.deadline === null || answeredOn <= plan.deadline,
      publicText: publicText !== null,
      ...(plan.category === "suggestion" ? { adopted, reward } : {}),
    })
  )
    return false;
  Object.assign(plan, { publicText, publishedAt: at, adopted, reward });
  return true;
}
