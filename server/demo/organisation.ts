// The demo organisation: an oilfield production plant (采油厂) of about 7,000 staff — 8 operating areas, 42
// central stations with their teams, and 11 office departments. It builds the list only; seedDemo stores it.
import type { UnitInput } from "../org/units";
import { createRng, hashSeed } from "./prng";

export const demoRootId = "plant";

interface AreaPlan {
  zh: string;
  en: string;
  /** Oilfield block the area works: the prefix of its stations' names (北一中心站 …). */
  blockZh: string;
  blockEn: string;
  stations: number;
  /** Office staff of the area itself (区长, 书记, 技术员, 安监员 …). */
  officeStaff: [number, number];
}

const areas: readonly AreaPlan[] = [
  {
    zh: "第一作业区",
    en: "No. 1 Operating Area",
    blockZh: "北",
    blockEn: "Bei",
    stations: 5,
    officeStaff: [32, 42],
  },
  {
    zh: "第二作业区",
    en: "No. 2 Operating Area",
    blockZh: "南",
    blockEn: "Nan",
    stations: 6,
    officeStaff: [34, 44],
  },
  {
    zh: "第三作业区",
    en: "No. 3 Operating Area",
    blockZh: "东",
    blockEn: "Dong",
    stations: 5,
    officeStaff: [30, 40],
  },
  {
    zh: "第四作业区",
    en: "No. 4 Operating Area",
    blockZh: "西",
    blockEn: "Xi",
    stations: 4,
    officeStaff: [28, 38],
  },
  {
    zh: "第五作业区",
    en: "No. 5 Operating Area",
    blockZh: "杏",
    blockEn: "Xing",
    stations: 6,
    officeStaff: [34, 45],
  },
  {
    zh: "第六作业区",
    en: "No. 6 Operating Area",
    blockZh: "萨",
    blockEn: "Sa",
    stations: 5,
    officeStaff: [30, 40],
  },
  {
    zh: "第七作业区",
    en: "No. 7 Operating Area",
    blockZh: "喇",
    blockEn: "La",
    stations: 5,
    officeStaff: [30, 40],
  },
  {
    zh: "第八作业区",
    en: "No. 8 Operating Area",
    blockZh: "高",
    blockEn: "Gao",
    stations: 6,
    officeStaff: [28, 38],
  },
];

interface TeamPlan {
  zh: string;
  en: string;
  headcount: [number, number];
}

// A station's teams in the order they are added as it grows: production first, then gathering, injection.
const teamsBySize: Record<2 | 3 | 4, readonly TeamPlan[]> = {
  2: [
    { zh: "采油班", en: "Oil Production Team", headcount: [43, 60] },
    { zh: "集输班", en: "Gathering and Transfer Team", headcount: [33, 54] },
  ],
  3: [
    { zh: "采油班", en: "Oil Production Team", headcount: [43, 60] },
    { zh: "集输班", en: "Gathering and Transfer Team", headcount: [35, 56] },
    { zh: "注水班", en: "Water Injection Team", headcount: [31, 52] },
  ],
  4: [
    { zh: "采油一班", en: "Oil Production Team 1", headcount: [43, 60] },
    { zh: "采油二班", en: "Oil Production Team 2", headcount: [41, 60] },
    { zh: "集输班", en: "Gathering and Transfer Team", headcount: [35, 56] },
    { zh: "注水班", en: "Water Injection Team", headcount: [31, 50] },
  ],
};

// A small remote station still has a maintenance crew of a handful of people.
const smallStationTeams: readonly TeamPlan[] = [
  { zh: "采油班", en: "Oil Production Team", headcount: [9, 9] },
  { zh: "维修班", en: "Maintenance Team", headcount: [6, 6] },
];

interface DepartmentPlan {
  id: string;
  zh: string;
  en: string;
  headcount: [number, number];
}

const departments: readonly DepartmentPlan[] = [
  { id: "dept-office", zh: "厂办公室", en: "General Office", headcount: [22, 30] },
  { id: "dept-production", zh: "生产运行科", en: "Production Operations Department", headcount: [28, 38] },
  {
    id: "dept-safety",
    zh: "安全环保科",
    en: "Safety and Environmental Protection Department",
    headcount: [20, 28],
  },
  { id: "dept-tech", zh: "技术管理科", en: "Technical Management Department", headcount: [30, 40] },
  { id: "dept-planning", zh: "规划计划科", en: "Planning Department", headcount: [12, 18] },
  { id: "dept-finance", zh: "经营财务科", en: "Business and Finance Department", headcount: [18, 26] },
  { id: "dept-hr", zh: "人力资源科", en: "Human Resources Department", headcount: [16, 24] },
  { id: "dept-party", zh: "党群工作科", en: "Party and Mass Work Department", headcount: [14, 20] },
  { id: "dept-union", zh: "工会", en: "Trade Union", headcount: [10, 14] },
  // Deliberately tiny: its cells are suppressed in most breakdowns (minimum group size 5).
  { id: "dept-discipline", zh: "纪委办公室", en: "Discipline Inspection Office", headcount: [8, 8] },
  { id: "dept-services", zh: "机关服务中心", en: "Office Services Centre", headcount: [30, 40] },
];

const numeralsZh = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** Stations far out in the field: little signal, so grid workers collect on tablets and on paper there. */
export const demoRemoteStationIds: ReadonlySet<string> = new Set([
  "area-07-st-04",
  "area-07-st-05",
  "area-08-st-01",
  "area-08-st-02",
  "area-08-st-03",
  "area-08-st-04",
  "area-08-st-05",
  "area-08-st-06",
]);

/**
 * Units made small on purpose so that anonymity suppression shows in the demo: at ~45 % response they give
 * fewer than 5 (or fewer than 10) responses per wave.
 */
export const demoSmallStationId = "area-08-st-06";
const smallTeamOverrides: Readonly<Record<string, number>> = {
  "area-06-st-05-t3": 7, // a water-injection team reduced after automation
  "area-03-st-04-t2": 12, // enough for numbers, too few for free text (10)
};

export function stationId(area: number, station: number): string {
  return `area-${pad(area)}-st-${pad(station)}`;
}

/**
 * The whole demo tree, parents before children. Ids and names are the same for every seed (accounts and
 * bookmarks can name them); the seed only varies headcounts by a few people.
 */
export function demoOrganisation(seed: number): UnitInput[] {
  const heads = createRng(hashSeed(seed, "organisation"));
  // Team counts are part of the structure (ids), so they come from a fixed stream, not from the seed.
  const structure = createRng(hashSeed(0, "organisation-structure"));
  const between = ([min, max]: [number, number]) => heads.int(min, max);

  const units: UnitInput[] = [
    {
      id: demoRootId,
      parentId: null,
      nameZh: "第三采油厂",
      nameEn: "No. 3 Oil Production Plant",
      kind: "plant",
      headcount: 15, // plant leadership (厂领导班子)
    },
  ];
  for (const [a, area] of areas.entries()) {
    const areaId = `area-${pad(a + 1)}`;
    units.push({
      id: areaId,
      parentId: demoRootId,
      nameZh: area.zh,
      nameEn: area.en,
      kind: "area",
      headcount: between(area.officeStaff),
    });
    for (let s = 1; s <= area.stations; s++) {
      const id = stationId(a + 1, s);
      const small = id === demoSmallStationId;
      const shortZh = `${area.blockZh}${numeralsZh[s - 1]}`;
      const shortEn = `${area.blockEn}-${s}`;
      units.push({
        id,
        parentId: areaId,
        nameZh: `${shortZh}中心站`,
        nameEn: `${shortEn} Central Station`,
        kind: "station",
        // Station's own staff: station head, instructor, technician, duty staff.
        headcount: small ? 3 : heads.int(3, 8),
      });
      const size = structure.weighted<2 | 3 | 4>([
        [2, 0.15],
        [3, 0.45],
        [4, 0.4],
      ]);
      const teams = small ? smallStationTeams : teamsBySize[size];
      for (const [t, team] of teams.entries()) {
        const teamId = `${id}-t${t + 1}`;
        const drawn = between(team.headcount);
        units.push({
          id: teamId,
          parentId: id,
          nameZh: `${shortZh}${team.zh}`,
          nameEn: `${shortEn} ${team.en}`,
          kind: "team",
          headcount: smallTeamOverrides[teamId] ?? drawn,
        });
      }
    }
  }
  for (const d of departments) {
    units.push({
      id: d.id,
      parentId: demoRootId,
      nameZh: d.zh,
      nameEn: d.en,
      kind: "department",
      headcount: between(d.headcount),
    });
  }
  for (const id of Object.keys(smallTeamOverrides)) {
    if (!units.some((u) => u.id === id))
      throw new Error(`demo organisation: small team ${id} does not exist`);
  }
  return units;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
