// "Copy last wave's settings": the next round's period, window and title from a previous round's. Pure date and text
// logic, no I/O; calendar steps are taken on the plant's wall clock (tz offset), never on UTC dates.

/** How far one period reaches: whole calendar months (a month, a quarter, a half-year, a year), or a number of days. */
export type PeriodStep = { months: number } | { days: number };

export interface Period {
  periodStart: string; // ISO date
  periodEnd: string;
}

export interface WaveSettings extends Period {
  title: string;
  opensAt: string; // ISO date-time, UTC
  closesAt: string;
}

const dayMs = 86_400_000;

interface YMD {
  y: number;
  m: number; // 0-based
  d: number;
}

function parseDate(iso: string): YMD {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return { y, m: m - 1, d };
}

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);
const dateMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
/** Months since year 0 of a date: the arithmetic behind every month step. */
const monthIndex = (p: YMD) => p.y * 12 + p.m;

/** Whole months when the period starts on a 1st and ends on a month's last day; otherwise its length in days. */
export function periodStep(period: Period): PeriodStep {
  const start = parseDate(period.periodStart);
  const end = parseDate(period.periodEnd);
  if (start.d === 1 && end.d === daysIn(end.y, end.m) && monthIndex(end) >= monthIndex(start)) {
    return { months: monthIndex(end) - monthIndex(start) + 1 };
  }
  return { days: Math.round((dateMs(period.periodEnd) - dateMs(period.periodStart)) / dayMs) + 1 };
}

/** The period right after `period`, of the same kind: a quarter after a quarter, a month after a month. */
export function nextPeriod(period: Period): Period & { step: PeriodStep } {
  const step = periodStep(period);
  if ("months" in step) {
    const start = parseDate(period.periodStart);
    const first = monthIndex(start) + step.months;
    const last = first + step.months - 1;
    const y = Math.floor(last / 12);
    const m = last % 12;
    return {
      periodStart: isoDate(Date.UTC(Math.floor(first / 12), first % 12, 1)),
      periodEnd: isoDate(Date.UTC(y, m, daysIn(y, m))),
      step,
    };
  }
  const start = dateMs(period.periodEnd) + dayMs;
  return { periodStart: isoDate(start), periodEnd: isoDate(start + (step.days - 1) * dayMs), step };
}

/**
 * `iso` moved on by `step` on the wall clock of UTC+`tzOffsetMinutes`: the same time of day, the same day of the
 * month — and a month's last day stays the last day (30 September 23:59 → 31 December 23:59), so a window that
 * closes at a month's end keeps closing at one.
 */
export function shiftInstant(iso: string, step: PeriodStep, tzOffsetMinutes: number): string {
  const offsetMs = tzOffsetMinutes * 60_000;
  if ("days" in step) return new Date(Date.parse(iso) + step.days * dayMs).toISOString();
  const local = new Date(Date.parse(iso) + offsetMs);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  const target = y * 12 + m + step.months;
  const ty = Math.floor(target / 12);
  const tm = target % 12;
  const day = d === daysIn(y, m) ? daysIn(ty, tm) : Math.min(d, daysIn(ty, tm));
  const timeOfDay = local.getTime() - Date.UTC(y, m, d);
  return new Date(Date.UTC(ty, tm, day) + timeOfDay - offsetMs).toISOString();
}

const zhQuarter = ["一", "二", "三", "四"];
const zhHalf = ["上", "下"];
const englishMonths = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A period label a title may carry: the calendar unit it names, its year and number (1-based). */
interface Label {
  kind: "year" | "half" | "quarter" | "month";
  year: number;
  n: number;
}

function labelOf(period: Period): Label | null {
  const step = periodStep(period);
  if (!("months" in step)) return null;
  const { y, m } = parseDate(period.periodStart);
  if (step.months === 12 && m === 0) return { kind: "year", year: y, n: 1 };
  if (step.months === 6 && m % 6 === 0) return { kind: "half", year: y, n: m / 6 + 1 };
  if (step.months === 3 && m % 3 === 0) return { kind: "quarter", year: y, n: m / 3 + 1 };
  if (step.months === 1) return { kind: "month", year: y, n: m + 1 };
  return null;
}

type Rewrite = [pattern: RegExp, replace: (match: string[], to: Label) => string | null];

/** Each pattern captures a year and a number; a match is rewritten only when both name the old period. */
const rewrites: Record<Label["kind"], Rewrite[]> = {
  year: [[/(?<!\d)(\d{4})(?!\d)/g, ([, y], to) => (Number(y) === to.year - 1 ? String(to.year) : null)]],
  half: [
    [/(\d{4})(\s*年度?\s*)([上下])(半年)/g, (g, to) => `${to.year}${g[2]}${zhHalf[to.n - 1]}${g[4]}`],
    [/(?<!\d)(\d{4})(\s*-?\s*)(H)([12])(?!\d)/gi, (g, to) => `${to.year}${g[2]}${g[3]}${to.n}`],
    [/(?<![A-Za-z])(H)([12])(\s+)(\d{4})(?!\d)/gi, (g, to) => `${g[1]}${to.n}${g[3]}${to.year}`],
  ],
  quarter: [
    [
      /(\d{4})(\s*年度?\s*)(第?\s*)([一二三四1-4])(\s*季度)/g,
      (g, to) => {
        const n = /\d/.test(g[4] ?? "") ? String(to.n) : zhQuarter[to.n - 1];
        return `${to.year}${g[2]}${g[3]}${n}${g[5]}`;
      },
    ],
    [/(?<!\d)(\d{4})(\s*-?\s*)(Q)([1-4])(?!\d)/gi, (g, to) => `${to.year}${g[2]}${g[3]}${to.n}`],
    [/(?<![A-Za-z])(Q)([1-4])(\s+)(\d{4})(?!\d)/gi, (g, to) => `${g[1]}${to.n}${g[3]}${to.year}`],
  ],
  month: [
    [
      /(\d{4})(\s*年\s*)(\d{1,2})(\s*月)/g,
      (g, to) => `${to.year}${g[2]}${(g[3] ?? "").startsWith("0") ? pad(to.n) : to.n}${g[4]}`,
    ],
    [/(?<!\d)(\d{4})(-)(\d{2})(?![\d-])/g, (g, to) => `${to.year}${g[2]}${pad(to.n)}`],
    [
      /\b(January|February|March|April|May|June|July|August|September|October|November|December)(\s+)(\d{4})(?!\d)/g,
      (g, to) => `${englishMonths[to.n - 1]}${g[2]}${to.year}`,
    ],
  ],
};

const pad = (n: number) => String(n).padStart(2, "0");
const quarterOf = (q: string) => (/\d/.test(q) ? Number(q) : zhQuarter.indexOf(q) + 1);

/** The year and number a match names, read from its captures (which sit in different places per pattern). */
function named(kind: Label["kind"], g: string[]): { year: number; n: number } {
  const year = Number(g.find((part) => /^\d{4}$/.test(part ?? "")));
  if (kind === "year") return { year, n: 1 };
  if (kind === "half") {
    const zh = g.find((part) => part === "上" || part === "下");
    const digit = g.find((part) => part === "1" || part === "2");
    return { year, n: zh ? zhHalf.indexOf(zh) + 1 : Number(digit) };
  }
  if (kind === "quarter") {
    const q = g.find((part) => /^[一二三四1-4]$/.test(part ?? "")) ?? "";
    return { year, n: quarterOf(q) };
  }
  const english = g.find((part) => englishMonths.includes(part ?? ""));
  if (english) return { year, n: englishMonths.indexOf(english) + 1 };
  const month = g.filter((part) => /^\d{1,2}$/.test(part ?? "")).at(-1);
  return { year, n: Number(month) };
}

/**
 * `title` with every mention of the old period's label replaced by the next one's, in the same style
 * (2026年第四季度 → 2027年第一季度, 2026-Q4 → 2027-Q1, 2026年10月 → 2026年11月); a title naming no period stays.
 */
export function nextTitle(title: string, from: Period): string {
  const old = labelOf(from);
  const to = labelOf(nextPeriod(from));
  if (!old || !to || old.kind !== to.kind) return title;
  let result = title;
  for (const [pattern, replace] of rewrites[old.kind]) {
    result = result.replace(pattern, (whole: string, ...rest: unknown[]) => {
      // The callback gets the match, its captures, then the offset and the whole string (no named groups here).
      const g = [whole, ...(rest.slice(0, -2) as string[])];
      if (old.kind !== "year") {
        const said = named(old.kind, g.slice(1));
        if (said.year !== old.year || said.n !== old.n) return whole;
      }
      return replace(g, to) ?? whole;
    });
  }
  return result;
}

/** The settings of the round after `previous`: the next period, the window moved on with it, the title updated. */
export function nextWaveSettings(previous: WaveSettings, tzOffsetMinutes: number): WaveSettings {
  const next = nextPeriod(previous);
  return {
    title: nextTitle(previous.title, previous),
    periodStart: next.periodStart,
    periodEnd: next.periodEnd,
    opensAt: shiftInstant(previous.opensAt, next.step, tzOffsetMinutes),
    closesAt: shiftInstant(previous.closesAt, next.step, tzOffsetMinutes),
  };
}
