// Report schedules: keep, list and delete them (within the user's scope), and make the reports that are due — for
// each schedule, the last month or quarter that has ended, once. Run at start-up and every hour by main.ts.
import { randomUUID } from "node:crypto";
import { appendAudit } from "../auth/audit";
import type { SessionUser } from "../auth/sessions";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { makeReport } from "./reports";

export type Cadence = "monthly" | "quarterly";

export interface Schedule {
  id: string;
  surveyId: string;
  unitId: string;
  cadence: Cadence;
  lang: "zh-cn" | "en";
  createdBy: string;
  createdAt: string;
}

/** The last whole month or quarter before `now` (UTC+8, the plant's calendar): its key and its last day. */
export function lastCompletedPeriod(
  cadence: Cadence,
  now: Date,
  tzOffsetMinutes = 480,
): { key: string; end: string } {
  const local = new Date(now.getTime() + tzOffsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth(); // 0-based: the current, unfinished month
  const months = cadence === "monthly" ? 1 : 3;
  const currentStart = cadence === "monthly" ? month : month - (month % 3);
  const start = new Date(Date.UTC(year, currentStart - months, 1));
  const end = new Date(Date.UTC(year, currentStart, 0));
  const y = start.getUTCFullYear();
  const key =
    cadence === "monthly"
      ? `${y}-${String(start.getUTCMonth() + 1).padStart(2, "0")}`
      : `${y}-Q${Math.floor(start.getUTCMonth() / 3) + 1}`;
  return { key, end: end.toISOString().slice(0, 10) };
}

interface ScheduleRow {
  id: string;
  survey_id: string;
  unit_id: string;
  cadence: Cadence;
  lang: "zh-cn" | "en";
  created_by: string;
  created_at: Date;
}

const toSchedule = (r: ScheduleRow): Schedule => ({
  id: r.id,
  surveyId: r.survey_id,
  unitId: r.unit_id,
  cadence: r.cadence,
  lang: r.lang,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
});

const inScope =
  "JOIN units u ON u.id = s.unit_id JOIN units sc ON sc.id = $1 WHERE starts_with(u.path, sc.path)";

export async function listSchedules(db: Database, scopeUnitId: string): Promise<Schedule[]> {
  const rows = await queryRows<ScheduleRow>(
    db.read,
    `SELECT s.* FROM report_schedules s ${inScope} ORDER BY s.created_at DESC`,
    [scopeUnitId],
  );
  return rows.map(toSchedule);
}

export async function createSchedule(
  db: Database,
  user: SessionUser,
  input: { surveyId: string; unitId?: string; cadence: Cadence; lang: "zh-cn" | "en" },
  now: Date,
): Promise<Schedule> {
  const unitId = input.unitId ?? user.scopeUnitId;
  const [unit] = await queryRows(
    db.read,
    "SELECT 1 FROM units u JOIN units s ON s.id = $2 WHERE u.id = $1 AND starts_with(u.path, s.path)",
    [unitId, user.scopeUnitId],
  );
  if (!unit) throw new ApiError(400, "unknown_value", `There is no unit "${unitId}".`, "unitId");
  const [survey] = await queryRows(db.read, "SELECT 1 FROM surveys WHERE id = $1 LIMIT 1", [input.surveyId]);
  if (!survey)
    throw new ApiError(400, "unknown_survey", `There is no survey "${input.surveyId}".`, "surveyId");
  const schedule: Schedule = {
    id: randomUUID(),
    surveyId: input.surveyId,
    unitId,
    cadence: input.cadence,
    lang: input.lang,
    createdBy: user.username,
    createdAt: now.toISOString(),
  };
  await inTransaction(db.write, async () => {
    await db.write.run("INSERT INTO report_schedules VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP)", [
      schedule.id,
      schedule.surveyId,
      schedule.unitId,
      schedule.cadence,
      schedule.lang,
      schedule.createdBy,
      toUtcTimestamp(now),
    ]);
    await appendAudit(db.write, {
      at: now,
      actor: user.username,
      action: "report_scheduled",
      target: schedule.id,
      detail: { unitId, cadence: input.cadence },
    });
  });
  return schedule;
}

export async function deleteSchedule(db: Database, user: SessionUser, id: string, now: Date): Promise<void> {
  const [row] = await queryRows(db.read, `SELECT s.id FROM report_schedules s ${inScope} AND s.id = $2`, [
    user.scopeUnitId,
    id,
  ]);
  if (!row) throw new ApiError(404, "schedule_not_found", `There is no report schedule "${id}".`);
  await inTransaction(db.write, async () => {
    await db.write.run("DELETE FROM report_schedules WHERE id = $1", [id]);
    await appendAudit(db.write, { at: now, actor: user.username, action: "report_unscheduled", target: id });
  });
}

/**
 * Makes every report that is due: per schedule, the last completed period, for the newest round that had opened by
 * its end, as the schedule's account (skipped while that account is disabled or no longer sees the unit).
 * Returns the ids of the reports made. Failures are logged and retried at the next run.
 */
export async function runDueReports(
  db: Database,
  selfUrl: string | undefined,
  now: Date,
  log: (message: string) => void = console.log,
): Promise<string[]> {
  const schedules = (await queryRows<ScheduleRow>(db.read, "SELECT * FROM report_schedules")).map(toSchedule);
  const made: string[] = [];
  for (const s of schedules) {
    const period = lastCompletedPeriod(s.cadence, now);
    const [done] = await queryRows(db.read, "SELECT 1 FROM reports WHERE schedule_id = $1 AND period = $2", [
      s.id,
      period.key,
    ]);
    if (done) continue;
    const [wave] = await queryRows<{ id: string }>(
      db.read,
      "SELECT id FROM waves WHERE survey_id = $1 AND CAST(opens_at AS DATE) <= $2::DATE ORDER BY period_start DESC, opens_at DESC LIMIT 1",
      [s.surveyId, period.end],
    );
    const [owner] = await queryRows<{
      id: string;
      username: string;
      role: SessionUser["role"];
      scope_unit_id: string;
      disabled: boolean;
    }>(db.read, "SELECT id, username, role, scope_unit_id, disabled FROM users WHERE username = $1", [
      s.createdBy,
    ]);
    if (!wave || !owner || owner.disabled) continue;
    const [scope, unit] = await Promise.all(
      [owner.scope_unit_id, s.unitId].map(
        async (id) =>
          (await queryRows<{ path: string }>(db.read, "SELECT path FROM units WHERE id = $1", [id]))[0],
      ),
    );
    if (!scope || !unit?.path.startsWith(scope.path)) continue;
    try {
      const report = await makeReport(
        db,
        { id: owner.id, username: owner.username, role: owner.role, scopeUnitId: owner.scope_unit_id },
        { surveyId: s.surveyId, unitId: s.unitId, waveId: wave.id, lang: s.lang },
        selfUrl,
        now,
        { scheduleId: s.id, period: period.key },
      );
      made.push(report.id);
      log(`report ${report.id} made for schedule ${s.id} (${period.key})`);
    } catch (error) {
      log(
        `report for schedule ${s.id} (${period.key}) not made: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return made;
}
