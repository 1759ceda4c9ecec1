// The organisation's settings as admins see and change them: minimum group sizes, languages offered and the
// working-day calendar's overrides. Thresholds keep the keys analytics/catalogue.ts readSettings reads, so every
// later query takes a change at once; a refusal changes nothing.
import { readSettings } from "../../analytics/catalogue";
import { appendAudit } from "../auth/audit";
import { localDate } from "../cases/calendar";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows } from "../storage/database";
import { type CalendarDay, calendarYears, readCalendarDays } from "./calendarOverrides";

export const languages = ["zh-cn", "en"] as const;
export type Language = (typeof languages)[number];

/** DESIGN.md: nobody may go below 3; free text needs groups of 10 or more. */
export const minimumGroupSizeFloor = 3;
export const commentGroupSizeFloor = 10;

export interface CalendarInput {
  holidays: string[];
  workdays: string[];
  /** A note per date (e.g. "厂庆"), for dates in either list. */
  notes?: Record<string, string>;
}

export interface OrgSettings {
  minGroupSize: number;
  commentMinGroupSize: number;
  /** Offered in this order; the first is the default UI language. */
  languages: Language[];
  calendar: Required<CalendarInput>;
  /** Years around today and of every override, with whether the built-in calendar has their holidays. */
  calendarYears: { year: number; builtIn: boolean }[];
}

export interface SettingsUpdate {
  minGroupSize?: number;
  commentMinGroupSize?: number;
  languages?: Language[];
  calendar?: CalendarInput;
}

/** The languages offered, in order (default: both, Chinese first). */
export async function readLanguages(db: Database): Promise<Language[]> {
  const [row] = await queryRows<{ value: string }>(
    db.read,
    "SELECT value::VARCHAR AS value FROM settings WHERE key = 'languages'",
  );
  const stored: unknown = row ? JSON.parse(row.value) : null;
  const offered = (Array.isArray(stored) ? stored : []).filter(
    (l, i, all): l is Language => languages.includes(l) && all.indexOf(l) === i,
  );
  return offered.length > 0 ? offered : [...languages];
}

export async function readOrgSettings(db: Database, now: Date): Promise<OrgSettings> {
  const thresholds = await readSettings(db.read);
  const days = await readCalendarDays(db.read);
  return {
    minGroupSize: thresholds.minGroupSize,
    commentMinGroupSize: thresholds.commentMinGroupSize,
    languages: await readLanguages(db),
    calendar: calendarOf(days),
    calendarYears: calendarYears(days, localDate(now, thresholds.tzOffsetMinutes)),
  };
}

function calendarOf(days: readonly CalendarDay[]): Required<CalendarInput> {
  return {
    holidays: days.filter((d) => d.kind === "holiday").map((d) => d.date),
    workdays: days.filter((d) => d.kind === "workday").map((d) => d.date),
    notes: Object.fromEntries(days.filter((d) => d.note !== "").map((d) => [d.date, d.note])),
  };
}

/** Checks and applies the fields given (others stay as they are) in one transaction with its audit line. */
export async function updateOrgSettings(
  db: Database,
  update: SettingsUpdate,
  ctx: { actor: string; now: Date },
): Promise<OrgSettings> {
  await inTransaction(db.write, async () => {
    // Read and judged under the write lock: two updates at once must not each pass against the same old values
    // (e.g. a minimum raised to 25 while the comment threshold drops to 10). Writers queue behind this lock, and
    // the read connection sees every settings change committed before it was taken.
    const before = await readOrgSettings(db, ctx.now);
    checkUpdate(update, before);
    const put = (key: string, value: unknown) =>
      db.write.run(
        "INSERT INTO settings (key, value) VALUES ($1, $2::JSON) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, JSON.stringify(value)],
      );
    if (update.minGroupSize !== undefined) await put("min_group_size", update.minGroupSize);
    if (update.commentMinGroupSize !== undefined)
      await put("comment_min_group_size", update.commentMinGroupSize);
    if (update.languages !== undefined) await put("languages", update.languages);
    if (update.calendar !== undefined) {
      const notes = update.calendar.notes ?? {};
      await db.write.run("DELETE FROM calendar_overrides");
      for (const [kind, dates] of [
        ["holiday", update.calendar.holidays],
        ["workday", update.calendar.workdays],
      ] as const) {
        for (const date of dates) {
          await db.write.run("INSERT INTO calendar_overrides (day, kind, note) VALUES ($1::DATE, $2, $3)", [
            date,
            kind,
            notes[date] ?? "",
          ]);
        }
      }
    }
    const { calendarYears: _years, ...was } = before;
    const changed = Object.fromEntries(
      Object.entries(update).map(([key, value]) => [key, { from: was[key as keyof typeof was], to: value }]),
    );
    await appendAudit(db.write, {
      at: ctx.now,
      actor: ctx.actor,
      action: "settings_changed",
      detail: changed,
    });
  });
  return readOrgSettings(db, ctx.now);
}

const refuse = (code: string, message: string, path: string) => new ApiError(400, code, message, path);

function checkUpdate(update: SettingsUpdate, before: OrgSettings): void {
  if (update.minGroupSize !== undefined && update.minGroupSize < minimumGroupSizeFloor) {
    throw refuse(
      "min_group_size_too_small",
      `The minimum group size cannot be below ${minimumGroupSizeFloor} (DESIGN.md anonymity rule).`,
      "minGroupSize",
    );
  }
  const minGroupSize = update.minGroupSize ?? before.minGroupSize;
  const comment = update.commentMinGroupSize;
  if (comment !== undefined && comment < commentGroupSizeFloor) {
    throw refuse(
      "comment_min_group_size_too_small",
      `The minimum group size for free-text answers cannot be below ${commentGroupSizeFloor} (DESIGN.md anonymity rule).`,
      "commentMinGroupSize",
    );
  }
  // Free text is easier to recognise than a score: it never needs a smaller group than the figures do.
  if ((comment ?? before.commentMinGroupSize) < minGroupSize) {
    throw refuse(
      "comment_min_group_size_too_small",
      `The minimum group size for free-text answers (${comment ?? before.commentMinGroupSize}) cannot be below the minimum group size (${minGroupSize}); raise it too.`,
      "commentMinGroupSize",
    );
  }
  if (update.languages !== undefined) {
    if (update.languages.length === 0) {
      throw refuse("invalid_languages", "Offer at least one language (zh-cn, en or both).", "languages");
    }
    const twice = update.languages.find((l, i, all) => all.indexOf(l) !== i);
    if (twice) throw refuse("invalid_languages", `The language ${twice} is listed twice.`, "languages");
  }
  if (update.calendar !== undefined) checkCalendar(update.calendar);
}

function checkCalendar(calendar: CalendarInput): void {
  const seen = new Map<string, string>();
  for (const list of ["holidays", "workdays"] as const) {
    for (const [index, date] of calendar[list].entries()) {
      const path = `calendar/${list}/${index}`;
      if (!isRealDate(date)) {
        throw refuse("invalid_date", `${date} is not a date; write it as YYYY-MM-DD, e.g. 2027-02-10.`, path);
      }
      const earlier = seen.get(date);
      if (earlier === list) throw refuse("invalid_calendar", `${date} is listed twice in ${list}.`, path);
      if (earlier) {
        throw refuse(
          "invalid_calendar",
          `${date} is both a holiday and a working day; keep it in one list only.`,
          path,
        );
      }
      seen.set(date, list);
    }
  }
  for (const date of Object.keys(calendar.notes ?? {})) {
    if (!seen.has(date)) {
      throw refuse(
        "invalid_calendar",
        `The note for ${date} belongs to no holiday or working day; add the date or drop the note.`,
        `calendar/notes/${date}`,
      );
    }
  }
}

function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}
