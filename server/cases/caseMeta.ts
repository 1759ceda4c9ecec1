// What the case pages choose from: categories and their default deadlines, departments, topics, live units, and
// today's plant-local date (so the browser's clock never decides what is overdue).
import { readSettings } from "../../analytics/catalogue";
import { readCalendarOverrides } from "../settings/calendarOverrides";
import { type Database, queryRows } from "../storage/database";
import { addWorkingDays, localDate } from "./calendar";
import { caseCategories, defaultDeadlineDays, reminderDays } from "./categories";

export async function caseMeta(db: Database, now: Date) {
  const { tzOffsetMinutes } = await readSettings(db.read);
  const today = localDate(now, tzOffsetMinutes);
  const calendar = await readCalendarOverrides(db.read);
  const name = (r: { name_en: string; name_zh: string }) => ({ default: r.name_en, "zh-cn": r.name_zh });
  const [units, topics] = await Promise.all([
    queryRows<{
      id: string;
      parent_id: string | null;
      name_zh: string;
      name_en: string;
      level: number;
      kind: string;
    }>(
      db.read,
      "SELECT id, parent_id, name_zh, name_en, level, kind FROM units WHERE retired_at IS NULL ORDER BY sort, id",
    ),
    queryRows<{ id: string; name_zh: string; name_en: string }>(
      db.read,
      "SELECT id, name_zh, name_en FROM topics ORDER BY sort, id",
    ),
  ]);
  return {
    today,
    reminderDays,
    // With the date routing today would set, so a route form shows it without a calendar of its own.
    categories: caseCategories.map((id) => ({
      id,
      deadlineDays: defaultDeadlineDays[id],
      defaultDeadline: addWorkingDays(today, defaultDeadlineDays[id], calendar),
    })),
    departments: units.filter((u) => u.kind === "department").map((u) => ({ id: u.id, name: name(u) })),
    topics: topics.map((t) => ({ id: t.id, name: name(t) })),
    units: units.map((u) => ({ id: u.id, parentId: u.parent_id, name: name(u), level: u.level })),
  };
}
