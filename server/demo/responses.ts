// Generates the demo responses (who, where, channel, when, answers with the stories built in), each validated
// and flattened by compileSurvey as POST /api/responses would. It stores nothing; seedDemo does.
import { createHash } from "node:crypto";
import topicCatalogue from "../../surveys/topics.json";
import { canonicalJson } from "../catalogue/canonicalJson";
import type { SurveyDefinition } from "../catalogue/types";
import { compileSurvey } from "../ingest/compileSurvey";
import { newReceipt } from "../ingest/receipt";
import type { ResponseRecord } from "../ingest/storeResponses";
import type { UnitInput } from "../org/units";
import type { Channel } from "../waves/waves";
import { answerSurvey, planAnswers, type RespondentProfile, type TopicSatisfaction } from "./answerSurvey";
import { demoRemoteStationIds } from "./organisation";
import { createRng, hashSeed, type Rng } from "./prng";
import {
  type DemoText,
  demandTexts,
  genericRemarks,
  otherTexts,
  suggestionTexts,
  textEndings,
} from "./texts";
import type { DemoWave } from "./waves";

/** The stories an analyst can find in the demo (means on the 1–5 scale; wave index 0 is the oldest wave). */
export const demoStory = {
  /** One operating area's pay satisfaction falls steadily over the eight quarters; elsewhere it is flat. */
  payDecline: { areaId: "area-05", topic: "pay", first: 3.9, last: 2.6, elsewhere: 3.35 },
  /** The canteen reform lands in the fourth wave (2025-Q4 when the current quarter is 2026-Q4). */
  canteenReform: { topic: "canteen", waveIndex: 3, before: 2.9, after: 4.0 },
  /** Safety is steady and high everywhere. */
  safety: { topic: "safety", mean: 4.3 },
} as const;

/** Plant-wide means of the other topics; station reform is slowly accepted. */
function topicBase(topic: string, wave: number, areaId: string | null): number {
  const { payDecline, canteenReform, safety } = demoStory;
  switch (topic) {
    case safety.topic:
      return safety.mean;
    case payDecline.topic:
      return areaId === payDecline.areaId
        ? payDecline.first + ((payDecline.last - payDecline.first) * wave) / 7
        : payDecline.elsewhere;
    case canteenReform.topic:
      return wave < canteenReform.waveIndex ? canteenReform.before : canteenReform.after;
    case "production":
      return 3.85;
    case "welfare":
      return 3.6;
    case "team_building":
      return 3.8;
    case "promotion":
      return 3.1;
    case "station_reform":
      return 3.3 + 0.05 * wave;
    case "commute":
      return 3.4;
    case "management":
      return 3.55;
    case "office_style":
      return 3.45;
    default:
      return 3.5;
  }
}

/** Leaders rate the plant's work higher than the staff they lead; office staff are kinder to the offices. */
const groupEffect: Readonly<Record<string, number>> = {
  staff: 0,
  party_member: 0.1,
  safety_monitor: 0.05,
  team_leader: 0.15,
  safety_officer: 0.05,
  deputy_head: 0.3,
  area_head: 0.45,
  office_staff: 0.1,
};

/** How much each topic weighs in willingness to recommend the plant (eNPS); unlisted topics weigh 1. */
const recommendDrivers: Readonly<Record<string, number>> = {
  pay: 4,
  management: 1.5,
  team_building: 1.5,
  promotion: 1.5,
  office_style: 0.5,
};

/** Remote stations: long bus rides, small canteens, old dormitories. */
const remoteEffect: Readonly<Record<string, number>> = { commute: -0.5, canteen: -0.25, welfare: -0.2 };

/** How the field rates each office department (rows of the office matrices): HR and finance are sore. */
const departmentRowEffect: Readonly<Record<string, number>> = {
  hr_dept: -0.3,
  finance_dept: -0.15,
  safety_dept: 0.1,
  engineering_dept: 0.05,
  service_center: 0.2,
};

type GroupShares = readonly (readonly [string, number])[];
const groupsByKind: Readonly<Record<UnitInput["kind"], GroupShares>> = {
  team: [
    ["staff", 0.7],
    ["party_member", 0.12],
    ["safety_monitor", 0.06],
    ["team_leader", 0.07],
    ["safety_officer", 0.04],
    ["deputy_head", 0.01],
  ],
  station: [
    ["team_leader", 0.25],
    ["deputy_head", 0.3],
    ["safety_officer", 0.2],
    ["party_member", 0.15],
    ["staff", 0.1],
  ],
  area: [
    ["area_head", 0.25],
    ["deputy_head", 0.35],
    ["safety_officer", 0.15],
    ["party_member", 0.15],
    ["staff", 0.1],
  ],
  department: [
    ["office_staff", 0.88],
    ["party_member", 0.12],
  ],
  plant: [
    ["area_head", 0.6],
    ["office_staff", 0.4],
  ],
};

/** Every group id the demo uses: seedDemo checks they exist before writing anything. */
export const demoGroupIds: readonly string[] = Object.keys(groupEffect);

interface UnitInfo {
  unit: UnitInput;
  parent: UnitInput | null;
  areaId: string | null;
  stationId: string | null;
  remote: boolean;
}

export interface GenerateOptions {
  seed: number;
  now: Date;
  /** 1 = about 25,000 responses; smaller for fast tests. Scales everyone's chance to answer. */
  scale?: number;
  units: readonly UnitInput[];
  waves: readonly DemoWave[];
  survey: { id: string; version: number; definition: SurveyDefinition };
}

const hour = 3600_000;
const day = 24 * hour;
const chinaOffset = 8 * hour;

/**
 * Yields validated response records wave by wave. Each wave draws from its own seeded stream, so a wave's
 * responses depend only on the seed, the organisation and `now` (which cuts the open wave short).
 */
export function* generateResponses(options: GenerateOptions): Generator<ResponseRecord> {
  const { seed, now, units, waves } = options;
  const scale = options.scale ?? 1;
  const plan = planAnswers(options.survey.definition);
  const compiled = compileSurvey(options.survey.definition);
  const byId = new Map(units.map((u) => [u.id, u]));
  const infos = units.map((unit) => unitInfo(unit, byId));
  const world = createRng(hashSeed(seed, "responses"));
  const effects = worldEffects(world.fork("effects"), infos, waves.length);

  for (const wave of waves) {
    const rng = world.fork(`wave:${wave.id}`);
    const rate = Math.min(0.52, Math.max(0.38, 0.45 + 0.03 * rng.normal()));
    const calendar = waveCalendar(rng, wave, now);
    if (calendar === null) continue; // the wave has not run a day yet
    let counter = 0;
    for (const info of infos) {
      const chance = Math.min(0.95, rate * (effects.propensity.get(info.unit.id) ?? 1) * scale);
      for (let person = 0; person < info.unit.headcount; person++) {
        if (!rng.chance(chance)) continue;
        const n = counter++;
        const record = respond(rng, info, byId, wave, calendar, now);
        if (record === null) continue; // would have answered after `now`
        const profile = respondentProfile(rng, info, record.groupId, wave.index, effects);
        const data = answerSurvey(plan, rng, profile);
        const id = seededUuid(`${seed}:${wave.id}:${n}`);
        const body = {
          id,
          waveId: wave.id,
          unitId: record.unitId,
          groupId: record.groupId,
          channel: record.channel,
          ...(record.startedAt ? { startedAt: record.startedAt.toISOString() } : {}),
          submittedAt: record.submittedAt.toISOString(),
          data,
        };
        const checked = compiled.validate(data);
        if (!checked.ok) {
          const issues = checked.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
          throw new Error(
            `demo: generated response ${id} fails survey ${options.survey.id} v${options.survey.version}: ${issues}\n${JSON.stringify(data)}`,
          );
        }
        yield {
          id,
          waveId: wave.id,
          unitId: record.unitId,
          groupId: record.groupId,
          channel: record.channel,
          startedAt: record.startedAt,
          submittedAt: record.submittedAt,
          receivedAt: record.receivedAt,
          collectedAt: record.collectedAt,
          receipt: newReceipt(),
          bodyHash: createHash("sha256").update(canonicalJson(body)).digest("hex"),
          data: checked.data,
          answers: compiled.flatten(checked.data),
        };
      }
    }
  }
}

function unitInfo(unit: UnitInput, byId: ReadonlyMap<string, UnitInput>): UnitInfo {
  const chain: UnitInput[] = [];
  for (let u: UnitInput | undefined = unit; u; u = u.parentId ? byId.get(u.parentId) : undefined)
    chain.push(u);
  const area = chain.find((u) => u.kind === "area") ?? null;
  const station = chain.find((u) => u.kind === "station") ?? null;
  return {
    unit,
    parent: unit.parentId ? (byId.get(unit.parentId) ?? null) : null,
    areaId: area?.id ?? null,
    stationId: station?.id ?? null,
    remote: station !== null && demoRemoteStationIds.has(station.id),
  };
}

interface WorldEffects {
  /** Willingness of a unit's staff to answer (1 = average). */
  propensity: Map<string, number>;
  /** Per area, per topic: how this area differs from the plant on that topic. */
  area: Map<string, Map<string, number>>;
  /** Per station or department: a small local climate on every topic. */
  local: Map<string, number>;
  /** Per wave (index), per topic: quarter-to-quarter wobble. */
  wave: Map<string, number>[];
}

function worldEffects(rng: Rng, infos: readonly UnitInfo[], waveCount: number): WorldEffects {
  const propensity = new Map<string, number>();
  const local = new Map<string, number>();
  for (const { unit } of infos) {
    // Office staff answer at their desks; field teams answer less and less evenly.
    const spread = unit.kind === "department" ? 0.08 : 0.15;
    const base = unit.kind === "department" ? 1.12 : 1;
    propensity.set(unit.id, Math.min(1.35, Math.max(0.65, base + spread * rng.normal())));
    if (unit.kind === "station" || unit.kind === "department") local.set(unit.id, 0.1 * rng.normal());
  }
  const topics = topicCatalogue.map((t) => t.id);
  const area = new Map<string, Map<string, number>>();
  for (const { unit } of infos) {
    if (unit.kind !== "area") continue;
    area.set(unit.id, new Map(topics.map((topic) => [topic, 0.12 * rng.normal()])));
  }
  const wave: Map<string, number>[] = [];
  for (let w = 0; w < waveCount; w++) wave.push(new Map(topics.map((topic) => [topic, 0.03 * rng.normal()])));
  return { propensity, area, local, wave };
}

function respondentProfile(
  rng: Rng,
  info: UnitInfo,
  group: string,
  wave: number,
  effects: WorldEffects,
): RespondentProfile {
  // How this person feels in general and about each topic: items of one topic move together.
  const mood = 0.35 * rng.normal();
  const { safety, payDecline } = demoStory;
  const localEffect = info.stationId ?? (info.unit.kind === "department" ? info.unit.id : null);
  const areaEffects = info.areaId ? effects.area.get(info.areaId) : undefined;
  const waveEffects = effects.wave[wave];
  const local = localEffect ? (effects.local.get(localEffect) ?? 0) : 0;
  const byTopic = new Map<string, number>();
  const topicTarget = (topic: string): number => {
    // Items of one topic move together: the person's leaning on the topic is drawn once.
    const lean = 0.3 * rng.normal();
    // Safety is the plant's first rule and everybody agrees on it: most effects barely touch it.
    const damp = topic === safety.topic ? 0.25 : 1;
    const story = topic === payDecline.topic && info.areaId === payDecline.areaId;
    const areaEffect = story ? 0 : (areaEffects?.get(topic) ?? 0);
    const selfRating = topic === "office_style" && group === "office_staff" ? 0.3 : 0;
    return (
      topicBase(topic, wave, info.areaId) +
      damp *
        (areaEffect +
          local +
          (groupEffect[group] ?? 0) +
          (info.remote ? (remoteEffect[topic] ?? 0) : 0) +
          mood +
          lean) +
      (waveEffects?.get(topic) ?? 0) +
      selfRating
    );
  };
  return {
    target(topic, itemId) {
      if (topic === null) return 3.6 + mood;
      let base = byTopic.get(topic);
      if (base === undefined) {
        base = topicTarget(topic);
        byTopic.set(topic, base);
      }
      const dot = itemId.indexOf(".");
      return dot < 0 ? base : base + (departmentRowEffect[itemId.slice(dot + 1)] ?? 0);
    },
    demand(questionName, satisfaction) {
      const suggestion = /suggest|建议/i.test(questionName);
      const overall = satisfaction.overall ?? 0.65;
      // About 8 % write a demand and 5 % a suggestion; the unhappy write more of both, demands especially.
      const p = suggestion ? 0.05 * Math.exp(1.5 * (0.65 - overall)) : 0.073 * Math.exp(4 * (0.65 - overall));
      if (!rng.chance(p)) return null;
      return pickText(rng, suggestion ? suggestionTexts : demandTexts, satisfaction);
    },
    remark(topic) {
      if (!rng.chance(0.4)) return null;
      const about = [...demandTexts, ...suggestionTexts].filter((t) => t.topic === topic);
      return about.length > 0 ? rng.pick(about).text : rng.pick(genericRemarks);
    },
    otherText: () => rng.pick(otherTexts),
    recommend(satisfaction) {
      // Whether people recommend their workplace turns on pay and on how they are led far more than on how
      // they rate each office department, so topics are weighed as drivers, not pooled item by item.
      let sum = 0;
      let weight = 0;
      for (const [topic, value] of satisfaction.byTopic) {
        const w = recommendDrivers[topic] ?? 1;
        sum += w * value;
        weight += w;
      }
      const driven = weight > 0 ? sum / weight : 0.65;
      return 0.08 + 0.95 * driven;
    },
  };
}

/** A text about what the writer is least happy with, more often than not. */
function pickText(rng: Rng, bank: readonly DemoText[], satisfaction: TopicSatisfaction): string {
  const weighted = bank.map((t) => {
    const topicSatisfaction = satisfaction.byTopic.get(t.topic) ?? 0.65;
    return [t, Math.exp(5 * (0.65 - topicSatisfaction))] as const;
  });
  const chosen = rng.weighted(weighted);
  return chosen.text.replace(/。$/, (full) => {
    const ending = rng.pick(textEndings);
    return ending === "" ? full : `${full}${ending}`;
  });
}

interface WaveCalendar {
  /** First and last instant a response may be collected at. */
  from: number;
  to: number;
  /** Onsite visit days and paper collection days per station (local midnight, as UTC ms). */
  visits: Map<string, number[]>;
  paperDays: Map<string, number[]>;
  rng: Rng;
  wave: DemoWave;
}

/**
 * Collection happens inside the wave, but not on its first or last day: quarters turn at Beijing midnight,
 * 16:00 UTC, and keeping clear of that puts every response in its wave's quarter in either time zone.
 */
function waveCalendar(rng: Rng, wave: DemoWave, now: Date): WaveCalendar | null {
  const from = wave.opens.getTime() + day;
  const to = Math.min(wave.closes.getTime() - day, now.getTime() - hour);
  if (to - from < day) return null;
  return { from, to, visits: new Map(), paperDays: new Map(), rng, wave };
}

/** Days into the wave: a rush after launch, a bump after the reminder, and stragglers throughout. */
function collectionDay(rng: Rng, wave: DemoWave): number {
  const span = (wave.closes.getTime() - wave.opens.getTime()) / day - 2;
  const r = rng.next();
  let d: number;
  if (r < 0.55) d = 21 * rng.next() ** 1.6;
  else if (r < 0.8) d = 35 + 14 * rng.next();
  else d = span * rng.next();
  return Math.min(span - 1, Math.floor(d));
}

/** The instant of Beijing midnight starting day `dayIndex` of the collection span. */
function localMidnight(calendar: WaveCalendar, dayIndex: number): number {
  return calendar.from + dayIndex * day;
}

function daysFor(
  calendar: WaveCalendar,
  map: Map<string, number[]>,
  station: string,
  count: number,
): number[] {
  let days = map.get(station);
  if (!days) {
    days = [];
    for (let i = 0; i < count; i++) days.push(collectionDay(calendar.rng, calendar.wave));
    map.set(station, days);
  }
  return days;
}

interface Placement {
  unitId: string;
  groupId: string;
  channel: Channel;
  startedAt: Date | null;
  submittedAt: Date;
  receivedAt: Date;
  collectedAt: Date;
}

function respond(
  rng: Rng,
  info: UnitInfo,
  byId: ReadonlyMap<string, UnitInput>,
  wave: DemoWave,
  calendar: WaveCalendar,
  now: Date,
): Placement | null {
  const { unit } = info;
  const groupId = rng.weighted(groupsByKind[unit.kind]);
  // Most team members pick their team; a few stop at their station or area in the unit picker.
  let unitId = unit.id;
  if (unit.kind === "team") {
    const r = rng.next();
    if (r < 0.04 && info.parent) unitId = info.parent.id;
    else if (r < 0.06 && info.areaId && byId.has(info.areaId)) unitId = info.areaId;
  }
  const office = unit.kind === "department" || unit.kind === "plant" || unit.kind === "area";
  // Online grows a little each quarter as more staff get used to filling in on their phones.
  const drift = 0.02 * wave.index;
  const channel: Channel = office
    ? rng.weighted<Channel>([
        ["online", 0.95],
        ["paper", 0.05],
      ])
    : info.remote
      ? rng.weighted<Channel>([
          ["online", 0.22 + drift],
          ["onsite", 0.58 - drift / 2],
          ["paper", 0.2 - drift / 2],
        ])
      : rng.weighted<Channel>([
          ["online", 0.68 + drift],
          ["onsite", 0.18 - drift / 2],
          ["paper", 0.14 - drift / 2],
        ]);

  const station = info.stationId ?? unit.id;
  let submitted: number;
  if (channel === "online") {
    // Phones come out at lunch and in the evening (Beijing time).
    const h = rng.weighted([
      [7, 2],
      [8, 3],
      [9, 3],
      [10, 3],
      [11, 4],
      [12, 8],
      [13, 6],
      [14, 3],
      [15, 3],
      [16, 3],
      [17, 4],
      [18, 5],
      [19, 8],
      [20, 9],
      [21, 7],
      [22, 3],
    ]);
    submitted = localMidnight(calendar, collectionDay(rng, wave)) + h * hour + rng.next() * hour;
  } else if (channel === "onsite") {
    // Grid workers visit each station on two or three days with tablets.
    const visit = rng.pick(daysFor(calendar, calendar.visits, station, rng.int(2, 3)));
    submitted = localMidnight(calendar, visit) + (9 + rng.next() * 7.5) * hour;
  } else {
    // Paper forms are filled at a shift meeting and keyed in later.
    const meeting = rng.pick(daysFor(calendar, calendar.paperDays, station, rng.int(1, 2)));
    submitted = localMidnight(calendar, meeting) + (8 + rng.next() * 1.5) * hour;
  }
  if (submitted < calendar.from || submitted > calendar.to) return null;

  const latest = now.getTime() - 60_000;
  let received: number;
  let started: number | null;
  if (channel === "online") {
    started = submitted - (4 + rng.next() * 14) * 60_000;
    received = submitted + 200 + rng.next() * 2300;
  } else if (channel === "onsite") {
    started = submitted - (5 + rng.next() * 10) * 60_000;
    // Tablets sync in the evening back at the base, still inside the wave (on-site needs an open wave).
    const evening = submitted - ((submitted + chinaOffset) % day) + (18 + rng.next() * 3) * hour;
    received = Math.min(evening, wave.closes.getTime() - 60_000);
  } else {
    started = null;
    // Keyed in one to ten working days later; late batches after the close go in with an admin override.
    const keyed = submitted + (1 + Math.floor(rng.next() * 10)) * day;
    received = keyed - ((keyed + chinaOffset) % day) + (9 + rng.next() * 8) * hour;
  }
  received = Math.max(submitted, Math.min(received, latest));
  const collected =
    channel === "online"
      ? received
      : Math.min(Math.max(submitted, wave.opens.getTime()), wave.closes.getTime());
  return {
    unitId,
    groupId,
    channel,
    startedAt: started === null ? null : new Date(Math.round(started)),
    submittedAt: new Date(Math.round(submitted)),
    receivedAt: new Date(Math.round(received)),
    collectedAt: new Date(Math.round(collected)),
  };
}

/** A version-4-shaped UUID derived from the seed, so the same seed gives the same response ids. */
function seededUuid(key: string): string {
  const hex = createHash("sha256").update(`minyi-demo:${key}`).digest("hex");
  const variant = ((Number.parseInt(hex[16] as string, 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
