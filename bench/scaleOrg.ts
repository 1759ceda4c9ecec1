// A synthetic group company for bench/scale.ts: a group of several plants of varying size, each with office
// departments and operating area → central station → team (5 levels in all), headcounts summing exactly to the total.
// Deterministic (no randomness): the same tree every run. It writes nothing; the caller stores it.
import type { UnitInput } from "../server/org/units";

export interface GroupCompany {
  units: UnitInput[];
  /** The plant of exactly `plantStaff` staff that answers the 8 quarterly plant waves. */
  plantId: string;
  /** The largest plant (its heatmap is one of the standard queries). */
  largestPlantId: string;
}

const spread = (i: number, lo: number, hi: number) => lo + (((i * 2654435761) % 4294967296) % (hi - lo + 1));

/** The group's head office takes a small fixed part; the 7,000-staff plant is p01, the others share the rest. */
export function groupCompany(totalStaff = 1_000_000, plantStaff = 7_000): GroupCompany {
  const units: UnitInput[] = [];
  const add = (u: Omit<UnitInput, "nameEn"> & { nameEn?: string }) =>
    units.push({ ...u, nameEn: u.nameEn ?? u.id });
  add({
    id: "group",
    parentId: null,
    nameZh: "集团公司",
    nameEn: "Group company",
    kind: "plant",
    headcount: 60,
  });
  let left = totalStaff - 60;
  for (let d = 1; d <= 12; d++) {
    const headcount = 30 + spread(d, 0, 40);
    add({ id: `hq-d${d}`, parentId: "group", nameZh: `集团机关${d}处`, kind: "department", headcount });
    left -= headcount;
  }
  // Ten plants: the 7,000-staff one, and nine sharing the rest unevenly (the largest about 4× the smallest).
  const shares = [4, 3.5, 3, 2.6, 2.2, 1.8, 1.5, 1.2, 1];
  const sum = shares.reduce((a, b) => a + b, 0);
  const rest = left - plantStaff;
  const sizes = shares.map((s) => Math.floor((rest * s) / sum));
  sizes[0] = (sizes[0] as number) + rest - sizes.reduce((a, b) => a + b, 0);
  const plants = [plantStaff, ...sizes];
  for (const [p, size] of plants.entries()) addPlant(units, `p${String(p + 1).padStart(2, "0")}`, size);
  return { units, plantId: "p01", largestPlantId: "p02" };
}

/** One plant of exactly `staff`: 12 office departments, then areas of 8 stations of 6 teams until all are placed. */
function addPlant(units: UnitInput[], id: string, staff: number): void {
  const push = (u: UnitInput) => units.push(u);
  push({ id, parentId: "group", nameZh: `采油厂${id}`, nameEn: `Plant ${id}`, kind: "plant", headcount: 25 });
  let left = staff - 25;
  for (let d = 1; d <= 12; d++) {
    const headcount = 20 + spread(d + id.length * 31, 0, 30);
    push({
      id: `${id}-d${d}`,
      parentId: id,
      nameZh: `${id}机关${d}科`,
      nameEn: `${id} dept ${d}`,
      kind: "department",
      headcount,
    });
    left -= headcount;
  }
  let team = 0;
  for (let a = 1; left > 0; a++) {
    const area = `${id}-a${a}`;
    const own = Math.min(left, 8);
    push({
      id: area,
      parentId: id,
      nameZh: `${id}第${a}作业区`,
      nameEn: `${area}`,
      kind: "area",
      headcount: own,
    });
    left -= own;
    for (let s = 1; s <= 8 && left > 0; s++) {
      const station = `${area}-s${s}`;
      const stationOwn = Math.min(left, 4);
      push({
        id: station,
        parentId: area,
        nameZh: `${station}中心站`,
        nameEn: station,
        kind: "station",
        headcount: stationOwn,
      });
      left -= stationOwn;
      for (let t = 1; t <= 6 && left > 0; t++) {
        team++;
        const headcount = Math.min(left, 12 + spread(team, 0, 28));
        push({
          id: `${station}-t${t}`,
          parentId: station,
          nameZh: `${station}班组${t}`,
          nameEn: `${station}-t${t}`,
          kind: "team",
          headcount,
        });
        left -= headcount;
      }
    }
  }
}
