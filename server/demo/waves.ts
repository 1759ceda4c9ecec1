// The demo's eight quarterly waves of the plant survey, ending with the quarter that contains `now`.
// It only computes their dates and titles (China time, UTC+8); seedDemo stores them with createWave.
import type { Channel, WaveInput } from "../waves/waves";

export const demoSurveyId = "plant-satisfaction";
export const demoWaveCount = 8;

/** The plant is in China: quarters start at midnight Beijing time, which has no daylight saving. */
const chinaOffsetMs = 8 * 3600_000;

export interface DemoWave extends WaveInput {
  id: string;
  /** 0 for the oldest wave … 7 for the current one. */
  index: number;
  /** Quarter label as the analytics periods spell it, e.g. 2026-Q4. */
  quarter: string;
  /** The window as instants, for generating collection times. */
  opens: Date;
  closes: Date;
}

const quarterZh = ["一", "二", "三", "四"];

export function demoWaves(now: Date, surveyVersion?: number): DemoWave[] {
  const local = new Date(now.getTime() + chinaOffsetMs);
  const current = local.getUTCFullYear() * 4 + Math.floor(local.getUTCMonth() / 3);
  const waves: DemoWave[] = [];
  for (let index = 0; index < demoWaveCount; index++) {
    const q = current - (demoWaveCount - 1) + index;
    const year = Math.floor(q / 4);
    const quarter = (q % 4) + 1;
    const startMonth = (quarter - 1) * 3; // 0-based
    const periodStart = isoDate(year, startMonth, 1);
    // Day 0 of the next quarter's first month is the last day of this quarter.
    const periodEnd = isoDate(year, startMonth + 3, 0);
    const nextStart = isoDate(year, startMonth + 3, 1);
    const opensAt = `${periodStart}T00:00:00+08:00`;
    const closesAt = `${nextStart}T00:00:00+08:00`;
    const channels: Channel[] = ["online", "onsite", "paper"];
    waves.push({
      id: `plant-${year}-Q${quarter}`,
      index,
      quarter: `${year}-Q${quarter}`,
      surveyId: demoSurveyId,
      ...(surveyVersion === undefined ? {} : { surveyVersion }),
      title: `${year}年第${quarterZh[quarter - 1]}季度厂情民意满意度调查`,
      periodStart,
      periodEnd,
      opensAt,
      closesAt,
      channels,
      opens: new Date(opensAt),
      closes: new Date(closesAt),
    });
  }
  return waves;
}

function isoDate(year: number, month: number, day: number): string {
  // Date.UTC normalises month 12 and day 0, which is how the year and quarter ends are found.
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
}
