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

/** The period a round covered and the one after it: a window date on the old one's last day moves to the new one's. */
export interface PeriodEnds {
  from: string; // the old period's last day
  to: string; // the next one's
}

/**
 * `iso` moved on by `step` on the wall clock of UTC+`tzOffsetMinutes`: the same time of day, the same day of the
 * month (clamped: 31 January → 28 February). The one exception is meaningful, not accidental, month ends: a time on
 * the old period's own last day lands on the new period's last day (30 September 23:59 → 31 December 23:59 for a
 * quarter), while a date that merely happens to be a month's last (28 February, 30 April) keeps its day number.
 */
export function shiftInstant(
  iso: string,
  step: PeriodStep,
  tzOffsetMinutes: number,
  ends?: PeriodEnds,
): string {
  const offsetMs = tzOffsetMinutes * 60_000;
  if ("days" in step) return new Date(Date.parse(iso) + step.days * dayMs).toISOString();
  const local = new Date(Date.parse(iso) + offsetMs);
  const date = isoDate(local.getTime());
  const timeOfDay = local.getTime() - dateMs(date);
  return new Date(dateMs(shiftDate(date, step.months, ends)) + timeOfDay - offsetMs).toISOString();
}

/** An ISO date `months` later, clamped to the month's length; the old period's last day becomes the new one's. */
function shiftDate(iso: string, months: number, ends?: PeriodEnds): string {
  if (ends && iso === ends.from) return ends.to;
  const { y, m, d } = parseDate(iso);
  const target = y * 12 + m + months;
  const ty = Math.floor(target / 12);
  const tm = target % 12;
  return isoDate(Date.UTC(ty, tm, Math.min(d, daysIn(ty, tm))));
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
  if (step.months === 12) return { kind: "year", year: y, n: 1 };
  if (step.months === 6 && m % 6 === 0) return { kind: "half", year: y, n: m / 6 + 1 };
  if (step.months === 3 && m % 3 === 0) return { kind: "quarter", year: y, n: m / 3 + 1 };
  if (step.months === 1) return { kind: "month", year: y, n: m + 1 };
  return null;
}

type Rewrite = [pattern: RegExp, replace: (match: string[], to: Label) => string | null];

/** Each pattern captures a year and a number; a match is rewritten only when both name the old period. */
const rewrites: Record<Label["kind"], Rewrite[]> = {
  // Years, dates and numeric months are moved by movePeriodTokens, for every kind.
  year: [],
  half: [
    [/(\d{4})(\s*年度?\s*)([上下])(半年)/g, (g, to) => `${to.year}${g[2]}${zhHalf[to.n - 1]}${g[4]}`],
    [/(?<!\d)(\d{4})(\s*-?\s*)(H)([12])(?!\d)/gi, (g, to) => `${to.year}${g[2]}${g[3]}${to.n}`],
    [/(?<![A-Za-z])(H)([12])(\s*-?\s*)(\d{4})(?!\d)/gi, (g, to) => `${g[1]}${to.n}${g[3]}${to.year}`],
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
    [/(?<![A-Za-z])(Q)([1-4])(\s*-?\s*)(\d{4})(?!\d)/gi, (g, to) => `${g[1]}${to.n}${g[3]}${to.year}`],
  ],
  month: [
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
  let result = movePeriodTokens(title, from);
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

/**
 * Dates (2026-10-01), months (2026-10, 2026年10月, and "12月" closing a range) and, for a yearly round, years
 * (2026, 2026—2027) that fall inside the old period, each moved on by the period's step; anything outside it stays.
 * One pass over the title, so nothing is moved twice.
 */
function movePeriodTokens(title: string, from: Period): string {
  const step = periodStep(from);
  if (!("months" in step)) return title;
  const next = nextPeriod(from);
  const ends = { from: from.periodEnd, to: next.periodEnd };
  const first = monthIndex(parseDate(from.periodStart));
  const last = monthIndex(parseDate(from.periodEnd));
  const inside = (y: number, m: number) => y * 12 + m >= first && y * 12 + m <= last;
  const moved = (y: number, m: number) => {
    const t = y * 12 + m + step.months;
    return { y: Math.floor(t / 12), m: t % 12 };
  };
  const yearly = step.months === 12;
  const yearInside = (y: number) => y * 12 + 11 >= first && y * 12 <= last;
  let year = parseDate(from.periodStart).y; // the year of the last token read, for "至12月"
  const token =
    /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)|(\d{4})(\s*年\s*)(\d{1,2})(\s*月)|(?<!\d)(\d{4})-(\d{2})(?![\d-])|([至到—–~－-]\s*)(\d{1,2})(\s*月)|(?<!\d)(\d{4})(\s*[至到—–~－-]\s*)(\d{4})(?!\d)|(?<![\d-])(\d{4})(?![\d-])/g;
  return title.replace(token, (whole, ...g: (string | undefined)[]) => {
    const [dy, dm, dd, zy, zSep, zm, zMonth, my, mm, rSep, rm, rMonth, y1, ySep, y2, by] = g;
    if (dy && dm && dd) {
      year = Number(dy);
      const date = `${dy}-${dm}-${dd}`;
      return inside(Number(dy), Number(dm) - 1) ? shiftDate(date, step.months, ends) : whole;
    }
    if (zy && zm) {
      year = Number(zy);
      if (!inside(year, Number(zm) - 1)) return whole;
      const to = moved(year, Number(zm) - 1);
      return `${to.y}${zSep}${zm.startsWith("0") ? pad(to.m + 1) : to.m + 1}${zMonth}`;
    }
    if (my && mm) {
      year = Number(my);
      if (!inside(year, Number(mm) - 1)) return whole;
      const to = moved(year, Number(mm) - 1);
      return `${to.y}-${pad(to.m + 1)}`;
    }
    if (rm) {
      // "至12月": the month of the year last named (before it was moved).
      const m = Number(rm) - 1;
      const y = inside(year, m) ? year : year + 1;
      if (!inside(y, m)) return whole;
      const to = moved(y, m);
      return `${rSep}${rm.startsWith("0") ? pad(to.m + 1) : to.m + 1}${rMonth}`;
    }
    if (yearly && y1 && y2 && yearInside(Number(y1))) {
      return `${Number(y1) + 1}${ySep}${Number(y2) + 1}`;
    }
    if (y1 && y2) return whole;
    if (yearly && by && yearInside(Number(by))) return String(Number(by) + 1);
    return whole;
  });
}

/** The settings of the round after `previous`: the next period, the window moved on with it, the title updated. */
export function nextWaveSettings(previous: WaveSettings, tzOffsetMinutes: number): WaveSettings {
  const next = nextPeriod(previous);
  const ends = { from: previous.periodEnd, to: next.periodEnd };
  return {
    title: nextTitle(previous.title, previous),
    periodStart: next.periodStart,
    periodEnd: next.periodEnd,
    opensAt: shiftInstant(previous.opensAt, next.step, tzOffsetMinutes, ends),
    closesAt: shiftInstant(previous.closesAt, next.step, tzOffsetMinutes, ends),
  };
}
