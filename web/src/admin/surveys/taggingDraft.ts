// The tagging screen's unsaved edits: the tags of each question as the admin has set them, and the changes that
// differ from the version shown. Pure functions; the page holds the state and the server judges the result.
import type { TaggingChange, TaggingItem } from "./surveysApi";

export interface Tags {
  topic: string | null;
  favourableMin: number | null;
  unfavourableMax: number | null;
  enps: boolean;
  demand: boolean;
}

/** Tags by question name; matrix rows are not in it (they show their matrix's). */
export type Draft = Record<string, Tags>;

export function draftOf(items: readonly TaggingItem[]): Draft {
  const draft: Draft = {};
  for (const item of items) {
    if (item.row !== null) continue;
    draft[item.name] = {
      topic: item.topic,
      favourableMin: item.ownFavourableMin,
      unfavourableMax: item.ownUnfavourableMax,
      enps: item.enps,
      demand: item.demand,
    };
  }
  return draft;
}

/** One question's new tags, keeping the rules the checker would otherwise refuse: topic and eNPS exclude each other. */
export function setTags(draft: Draft, name: string, patch: Partial<Tags>): Draft {
  const current = draft[name];
  if (!current) return draft;
  const next: Tags = { ...current, ...patch };
  if (patch.topic) next.enps = false;
  if (patch.enps) next.topic = null;
  // Thresholds mean something only with a topic (the server drops them with it too).
  if (next.topic === null) {
    next.favourableMin = null;
    next.unfavourableMax = null;
  }
  const result = { ...draft, [name]: next };
  // One eNPS question per survey: marking another moves the mark.
  if (patch.enps) {
    for (const [other, tags] of Object.entries(result)) {
      if (other !== name && tags.enps) result[other] = { ...tags, enps: false };
    }
  }
  return result;
}

export function setTopicOf(draft: Draft, names: Iterable<string>, topic: string | null): Draft {
  let next = draft;
  for (const name of names) next = setTags(next, name, { topic });
  return next;
}

/** What the server is sent: per question, only the tags that differ from the version shown. */
export function changesFrom(original: Draft, draft: Draft): TaggingChange[] {
  const changes: TaggingChange[] = [];
  for (const [name, tags] of Object.entries(draft)) {
    const before = original[name];
    if (!before) continue;
    const change: TaggingChange = { name };
    let differs = false;
    for (const key of ["topic", "favourableMin", "unfavourableMax", "enps", "demand"] as const) {
      if (tags[key] === before[key]) continue;
      (change as Record<string, unknown>)[key] = tags[key];
      differs = true;
    }
    if (differs) changes.push(change);
  }
  return changes;
}

/** A threshold input's text as a number, empty meaning "the default". */
export function thresholdFrom(text: string): number | null {
  if (text.trim() === "") return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
