// An admin's changes to a round's window after creating it: reschedule (before it opens), open now, extend or reopen,
// close now. Each is one write transaction with its audit line; the clock is read inside it, after any batch of
// submissions ahead of it has committed, so no response received after a close time is ever stored (batchWriter.ts).
import { appendAudit } from "../auth/audit";
import { getSurveyVersion } from "../catalogue/registerSurvey";
import { ApiError } from "../errors";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { type Channel, readWave, snapshotOrganisation, type Wave } from "./waves";

export interface WaveChangeContext {
  actor: string;
  /** Read inside the transaction: "now" is when the change takes effect. */
  clock: () => Date;
}

export interface ScheduleChanges {
  surveyVersion?: number;
  title?: string;
  periodStart?: string;
  periodEnd?: string;
  opensAt?: string; // ISO date-time, UTC
  closesAt?: string;
  channels?: Channel[];
}

/** What an admin may still do with a round, by its status (shown in the admin list). */
export type WaveAction = "schedule" | "open" | "extend" | "close";

export function waveActions(wave: Pick<Wave, "status">): WaveAction[] {
  if (wave.status === "scheduled") return ["schedule", "open"];
  if (wave.status === "open") return ["extend", "close"];
  return ["extend"];
}

const when = (iso: string) => iso.replace(/\.000Z$/, "Z");

function notFound(id: string): ApiError {
  return new ApiError(404, "wave_not_found", `There is no survey round "${id}".`);
}

function alreadyOpen(wave: Wave, what: string): ApiError {
  return new ApiError(
    409,
    "wave_already_open",
    `The survey round "${wave.id}" opened at ${when(wave.opensAt)}; ${what}`,
  );
}

function closed(wave: Wave, what: string): ApiError {
  return new ApiError(
    409,
    "wave_closed",
    `The survey round "${wave.id}" closed at ${when(wave.closesAt)}; ${what}`,
  );
}

function notOpenYet(wave: Wave, what: string): ApiError {
  return new ApiError(
    409,
    "wave_not_open_yet",
    `The survey round "${wave.id}" has not opened yet (it opens at ${when(wave.opensAt)}); ${what}`,
  );
}

/**
 * Runs `change` on the round as stored now, inside one write transaction, and answers the round as it is after —
 * read in that transaction too, so nothing can fail between the commit and the caller's cache invalidation.
 * `change` returns the audit entry (or null when nothing changed, so nothing is written or logged).
 */
async function changeWave(
  db: Database,
  id: string,
  ctx: WaveChangeContext,
  change: (wave: Wave, now: Date) => Promise<{ action: string; detail: Record<string, unknown> } | null>,
): Promise<Wave> {
  return inTransaction(db.write, async () => {
    const at = ctx.clock();
    const wave = await readWave(db.write, id, at);
    if (!wave) throw notFound(id);
    const audit = await change(wave, at);
    if (audit) await appendAudit(db.write, { at, actor: ctx.actor, target: id, ...audit });
    const after = await readWave(db.write, id, at);
    if (!after) throw notFound(id);
    return after;
  });
}

async function setWindow(db: Database, id: string, column: "opens_at" | "closes_at", iso: string) {
  await db.write.run(`UPDATE waves SET ${column} = $2::TIMESTAMP WHERE id = $1`, [id, toUtcTimestamp(iso)]);
}

/** Changes a round that has not opened yet; only the fields given change. */
export function scheduleWave(
  db: Database,
  id: string,
  changes: ScheduleChanges,
  ctx: WaveChangeContext,
): Promise<Wave> {
  return changeWave(db, id, ctx, async (wave, now) => {
    if (wave.status === "open") {
      throw new ApiError(
        409,
        "wave_not_scheduled",
        `The survey round "${wave.id}" is open already; only its close time can change now: extend or close it.`,
      );
    }
    if (wave.status === "closed") {
      throw new ApiError(
        409,
        "wave_not_scheduled",
        `The survey round "${wave.id}" has closed; extend it to reopen it.`,
      );
    }
    const next = { ...wave, ...changes };
    if (
      changes.surveyVersion !== undefined &&
      !(await getSurveyVersion(db, wave.surveyId, changes.surveyVersion))
    ) {
      throw new ApiError(
        400,
        "unknown_survey",
        `There is no survey "${wave.surveyId}" version ${changes.surveyVersion}.`,
        "surveyVersion",
      );
    }
    const channels = changes.channels ? [...new Set(changes.channels)] : wave.channels;
    await keepWhatResponsesUse(db, wave, next.surveyVersion, channels);
    if (next.periodEnd < next.periodStart) {
      throw new ApiError(
        400,
        "bad_period",
        "The period must end on or after the day it starts.",
        "periodEnd",
      );
    }
    if (changes.opensAt !== undefined && Date.parse(changes.opensAt) <= now.getTime()) {
      throw new ApiError(
        400,
        "bad_window",
        "That opening time has passed; to open the round at once, use Open now.",
        "opensAt",
      );
    }
    if (Date.parse(next.closesAt) <= Date.parse(next.opensAt)) {
      throw new ApiError(400, "bad_window", "The wave must close after it opens.", "closesAt");
    }
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    const fields = ["surveyVersion", "title", "periodStart", "periodEnd"] as const;
    for (const f of fields) if (next[f] !== wave[f]) diff[f] = { from: wave[f], to: next[f] };
    for (const f of ["opensAt", "closesAt"] as const) {
      if (Date.parse(next[f]) !== Date.parse(wave[f]))
        diff[f] = { from: wave[f], to: new Date(next[f]).toISOString() };
    }
    if (channels.join(",") !== wave.channels.join(",")) diff.channels = { from: wave.channels, to: channels };
    if (Object.keys(diff).length === 0) return null;
    await db.write.run(
      `UPDATE waves SET survey_version = $2, title = $3, period_start = $4::DATE, period_end = $5::DATE,
         opens_at = $6::TIMESTAMP, closes_at = $7::TIMESTAMP, channels = string_split($8, ',') WHERE id = $1`,
      [
        id,
        next.surveyVersion,
        next.title,
        next.periodStart,
        next.periodEnd,
        toUtcTimestamp(next.opensAt),
        toUtcTimestamp(next.closesAt),
        channels.join(","),
      ],
    );
    return { action: "wave_rescheduled", detail: diff };
  });
}

/**
 * A scheduled round may already have responses (paper forms are imported up to 7 days before it opens). Their
 * answers are read through the round's survey version and channel, so neither may change under them: a survey
 * version a round has used is immutable (DESIGN.md). Counted on the write connection, inside the change's
 * transaction, so an import cannot slip in between (importForms.ts re-reads the round inside its own).
 */
async function keepWhatResponsesUse(db: Database, wave: Wave, surveyVersion: number, channels: Channel[]) {
  const counts = await queryRows<{ channel: Channel; n: number }>(
    db.write,
    "SELECT channel, count(*) AS n FROM responses WHERE wave_id = $1 GROUP BY channel ORDER BY channel",
    [wave.id],
  );
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  const responses = (n: number) => `${n} ${n === 1 ? "response" : "responses"}`;
  if (surveyVersion !== wave.surveyVersion && total > 0) {
    throw new ApiError(
      409,
      "wave_has_responses",
      `The survey round "${wave.id}" already has ${responses(total)} to version ${wave.surveyVersion} of its survey, so it must keep that version; for version ${surveyVersion}, create a new round.`,
      "surveyVersion",
    );
  }
  const dropped = counts.filter((c) => !channels.includes(c.channel));
  if (dropped.length > 0) {
    const list = dropped.map((c) => `${responses(c.n)} on ${c.channel}`).join(" and ");
    throw new ApiError(
      409,
      "wave_has_responses",
      `The survey round "${wave.id}" already has ${list}, so it must keep the channel${dropped.length === 1 ? "" : "s"} ${dropped.map((c) => c.channel).join(", ")}.`,
      "channels",
    );
  }
}

/** Opens a scheduled round now: its opening time becomes this moment. */
export function openWave(db: Database, id: string, ctx: WaveChangeContext): Promise<Wave> {
  return changeWave(db, id, ctx, async (wave, now) => {
    if (wave.status === "open") throw alreadyOpen(wave, "there is nothing to open.");
    if (wave.status === "closed") throw closed(wave, "extend it to reopen it.");
    await setWindow(db, id, "opens_at", now.toISOString());
    return { action: "wave_opened", detail: { from: wave.opensAt, to: now.toISOString() } };
  });
}

/**
 * A later close time: for an open round, later than the one it has; for a closed one, later than now — it reopens
 * and, collecting again, takes the live organisation as its own again (like any round not yet closed).
 */
export function extendWave(
  db: Database,
  id: string,
  closesAt: string,
  ctx: WaveChangeContext,
): Promise<Wave> {
  return changeWave(db, id, ctx, async (wave, now) => {
    if (wave.status === "scheduled") {
      throw notOpenYet(wave, "change its schedule instead.");
    }
    const to = Date.parse(closesAt);
    if (to <= now.getTime()) {
      throw new ApiError(
        400,
        "bad_window",
        "That close time has already passed; choose a later one.",
        "closesAt",
      );
    }
    if (wave.status === "open" && to <= Date.parse(wave.closesAt)) {
      throw new ApiError(
        400,
        "bad_window",
        `The round already closes at ${when(wave.closesAt)}: an extension must close later. To end it sooner, close it now.`,
        "closesAt",
      );
    }
    const iso = new Date(to).toISOString();
    await setWindow(db, id, "closes_at", iso);
    if (wave.status === "closed") {
      await snapshotOrganisation(db, id);
      return { action: "wave_reopened", detail: { closedAt: wave.closesAt, closesAt: iso } };
    }
    return { action: "wave_extended", detail: { from: wave.closesAt, to: iso } };
  });
}

/** Closes an open round now: its close time becomes this moment, and no later submission is stored. */
export function closeWave(db: Database, id: string, ctx: WaveChangeContext): Promise<Wave> {
  return changeWave(db, id, ctx, async (wave, now) => {
    if (wave.status === "scheduled") throw notOpenYet(wave, "there is nothing to close.");
    if (wave.status === "closed") throw closed(wave, "there is nothing to close.");
    await setWindow(db, id, "closes_at", now.toISOString());
    return { action: "wave_closed", detail: { from: wave.closesAt, to: now.toISOString() } };
  });
}
