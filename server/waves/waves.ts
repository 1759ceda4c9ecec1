// Waves tie a survey version to a period, an open/close window and the channels allowed to collect.
// Status is derived from the clock, never stored, so a wave opens and closes on time without a job.
import { randomUUID } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { appendAudit } from "../auth/audit";
import { getSurveyVersion } from "../catalogue/registerSurvey";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";

export const channels = ["online", "onsite", "paper"] as const;
export type Channel = (typeof channels)[number];
export type WaveStatus = "scheduled" | "open" | "closed";

export interface Wave {
  id: string;
  surveyId: string;
  surveyVersion: number;
  title: string;
  periodStart: string; // ISO date
  periodEnd: string;
  opensAt: string; // ISO date-time, UTC
  closesAt: string;
  channels: Channel[];
  status: WaveStatus;
}

export interface WaveInput {
  id?: string;
  surveyId: string;
  surveyVersion?: number;
  title: string;
  periodStart: string;
  periodEnd: string;
  opensAt: string;
  closesAt: string;
  channels: Channel[];
}

export function waveStatus(opensAt: string, closesAt: string, now: Date): WaveStatus {
  const t = now.getTime();
  if (t < Date.parse(opensAt)) return "scheduled";
  if (t >= Date.parse(closesAt)) return "closed";
  return "open";
}

/** `actor` is recorded in the audit log with the new wave: an admin's username, "cli" or "system". */
export async function createWave(
  db: Database,
  input: WaveInput,
  now: Date = new Date(),
  actor = "system",
): Promise<Wave> {
  const survey = await getSurveyVersion(db, input.surveyId, input.surveyVersion);
  if (!survey) {
    const which = input.surveyVersion === undefined ? "" : ` version ${input.surveyVersion}`;
    throw new ApiError(400, "unknown_survey", `There is no survey "${input.surveyId}"${which}.`, "surveyId");
  }
  if (input.periodEnd < input.periodStart) {
    throw new ApiError(400, "bad_period", "The period must end on or after the day it starts.", "periodEnd");
  }
  if (Date.parse(input.closesAt) <= Date.parse(input.opensAt)) {
    throw new ApiError(400, "bad_window", "The wave must close after it opens.", "closesAt");
  }
  if (input.channels.length === 0) {
    throw new ApiError(
      400,
      "no_channels",
      "Allow at least one channel (online, onsite or paper).",
      "channels",
    );
  }
  const id = input.id ?? randomUUID();
  await inTransaction(db.write, async () => {
    await db.write.run(
      `INSERT INTO waves VALUES ($1, $2, $3, $4, $5::DATE, $6::DATE, $7::TIMESTAMP, $8::TIMESTAMP,
       string_split($9, ','), $10::TIMESTAMP)`,
      [
        id,
        survey.id,
        survey.version,
        input.title,
        input.periodStart,
        input.periodEnd,
        toUtcTimestamp(input.opensAt),
        toUtcTimestamp(input.closesAt),
        [...new Set(input.channels)].join(","),
        toUtcTimestamp(now.toISOString()),
      ],
    );
    // The round keeps the organisation it opens with (until it closes, reorganisations update it).
    await snapshotOrganisation(db, id);
    await appendAudit(db.write, {
      at: now,
      actor,
      action: "wave_created",
      target: id,
      detail: { surveyId: survey.id, surveyVersion: survey.version, title: input.title },
    });
  });
  const wave = await getWave(db, id, now);
  if (!wave) throw new Error(`wave ${id} vanished after insert`);
  return wave;
}

/** Records the live organisation as `waveId`'s own (in the caller's write transaction), replacing what it had. */
export async function snapshotOrganisation(db: Database, waveId: string): Promise<void> {
  await snapshotWaves(db, "w.id = $1", [waveId]);
}

/**
 * Re-records the organisation of the rounds `where` picks (over `waves w`) from the live tree. A unit retired (not
 * merged) while a round runs stays in that round's organisation if it has responses there: they are its own, and
 * nothing else carries them.
 */
export async function snapshotWaves(db: Database, where: string, params: string[]): Promise<void> {
  await db.write.run(
    `DELETE FROM wave_units WHERE wave_id IN (SELECT w.id FROM waves w WHERE ${where})`,
    params,
  );
  await db.write.run(
    `INSERT INTO wave_units SELECT w.id, u.id, u.parent_id, u.name_zh, u.name_en, u.kind, u.level, u.path, u.headcount
     FROM waves w, units u WHERE (${where})
       AND (u.retired_at IS NULL OR (u.id NOT IN (SELECT old_unit_id FROM unit_map)
         AND EXISTS (SELECT 1 FROM responses r WHERE r.wave_id = w.id AND r.unit_id = u.id)))`,
    params,
  );
}

const waveSelect = `SELECT id, survey_id, survey_version, title,
  strftime(period_start, '%Y-%m-%d') AS period_start, strftime(period_end, '%Y-%m-%d') AS period_end,
  strftime(opens_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS opens_at, strftime(closes_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS closes_at,
  array_to_string(channels, ',') AS channels FROM waves`;

interface WaveRow {
  id: string;
  survey_id: string;
  survey_version: number;
  title: string;
  period_start: string;
  period_end: string;
  opens_at: string;
  closes_at: string;
  channels: string;
}

function toWave(r: WaveRow, now: Date): Wave {
  return {
    id: r.id,
    surveyId: r.survey_id,
    surveyVersion: r.survey_version,
    title: r.title,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    channels: r.channels.split(",") as Channel[],
    status: waveStatus(r.opens_at, r.closes_at, now),
  };
}

export async function listWaves(db: Database, now: Date = new Date()): Promise<Wave[]> {
  const rows = await queryRows<WaveRow>(
    db.read,
    `${waveSelect} ORDER BY period_start DESC, opens_at DESC, id`,
  );
  return rows.map((r) => toWave(r, now));
}

export async function getWave(db: Database, id: string, now: Date = new Date()): Promise<Wave | null> {
  return readWave(db.read, id, now);
}

/** One wave through `conn`: `db.write` inside a write transaction sees that transaction's own changes. */
export async function readWave(conn: DuckDBConnection, id: string, now: Date): Promise<Wave | null> {
  const [row] = await queryRows<WaveRow>(conn, `${waveSelect} WHERE id = $1`, [id]);
  return row ? toWave(row, now) : null;
}
