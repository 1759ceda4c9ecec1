// A round's settings as the form holds them (times as plant-clock input values) and the request bodies made from
// them. Pure: no I/O, no React.
import { fromPlantInput, toPlantInput } from "./plantTime";
import type { AdminWave, Channel, CopiedWave, NewWave, ScheduleChanges } from "./wavesApi";

export const allChannels: readonly Channel[] = ["online", "onsite", "paper"];

export interface Draft {
  surveyId: string;
  /** "" until a version is chosen: the server then takes the latest. */
  surveyVersion: number | "";
  title: string;
  periodStart: string;
  periodEnd: string;
  opensAt: string; // datetime-local value, plant clock
  closesAt: string;
  channels: Channel[];
}

export const emptyDraft = (surveyId = "", surveyVersion: number | "" = ""): Draft => ({
  surveyId,
  surveyVersion,
  title: "",
  periodStart: "",
  periodEnd: "",
  opensAt: "",
  closesAt: "",
  channels: ["online", "onsite", "paper"],
});

/** A round (or copied settings) as a draft on the plant's clock. */
export function draftOf(w: CopiedWave | AdminWave, offsetMinutes: number): Draft {
  return {
    surveyId: w.surveyId,
    surveyVersion: w.surveyVersion,
    title: w.title,
    periodStart: w.periodStart,
    periodEnd: w.periodEnd,
    opensAt: toPlantInput(w.opensAt, offsetMinutes),
    closesAt: toPlantInput(w.closesAt, offsetMinutes),
    channels: allChannels.filter((c) => w.channels.includes(c)),
  };
}

export type Problem = "missing" | "badTime";

/** The body of POST /api/waves, or what the admin must fill in first. */
export function newWaveBody(d: Draft, offsetMinutes: number): NewWave | Problem {
  if (!d.surveyId || !d.title.trim() || !d.periodStart || !d.periodEnd || d.channels.length === 0)
    return "missing";
  const opensAt = fromPlantInput(d.opensAt, offsetMinutes);
  const closesAt = fromPlantInput(d.closesAt, offsetMinutes);
  if (!opensAt || !closesAt) return "badTime";
  return {
    surveyId: d.surveyId,
    ...(d.surveyVersion === "" ? {} : { surveyVersion: d.surveyVersion }),
    title: d.title.trim(),
    periodStart: d.periodStart,
    periodEnd: d.periodEnd,
    opensAt,
    closesAt,
    channels: d.channels,
  };
}

/** The body of POST /api/waves/:id/schedule: only what differs from the round as listed. */
export function scheduleBody(d: Draft, wave: AdminWave, offsetMinutes: number): ScheduleChanges | Problem {
  const body = newWaveBody(d, offsetMinutes);
  if (typeof body === "string") return body;
  const changes: ScheduleChanges = {};
  if (body.surveyVersion !== undefined && body.surveyVersion !== wave.surveyVersion)
    changes.surveyVersion = body.surveyVersion;
  if (body.title !== wave.title) changes.title = body.title;
  if (body.periodStart !== wave.periodStart) changes.periodStart = body.periodStart;
  if (body.periodEnd !== wave.periodEnd) changes.periodEnd = body.periodEnd;
  // Compared as the inputs show them (to the minute): a time with seconds the admin never touched is no change.
  if (d.opensAt !== toPlantInput(wave.opensAt, offsetMinutes)) changes.opensAt = body.opensAt;
  if (d.closesAt !== toPlantInput(wave.closesAt, offsetMinutes)) changes.closesAt = body.closesAt;
  const sorted = (list: readonly string[]) => [...list].sort().join(",");
  if (sorted(body.channels) !== sorted(wave.channels)) changes.channels = body.channels;
  return changes;
}
