// Reads the surveys directory (topics.json, groups.json, one SurveyJS file per survey) and checks all of it.
// It writes nothing; any problem anywhere makes one Error listing them all, so the server refuses to start.
import { readdir, readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { z } from "zod";
import { checkSurveyDefinition } from "./checkSurvey";
import type { CatalogueEntry, SurveyDefinition } from "./types";

// Start-up code loads and then syncs; offering both from here keeps that pairing in one import.
export { syncCatalogue } from "./registerSurvey";

const CatalogueEntryJson = z.object({
  id: z.string().regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, "must be snake_case (a-z, 0-9 and _)"),
  name: z.object({
    default: z.string().trim().min(1, "must not be empty"),
    "zh-cn": z.string().trim().min(1, "must not be empty"),
  }),
});
const CatalogueFile = z.array(CatalogueEntryJson);

// The file name is the survey id, which ends up in URLs and wave records.
export const SURVEY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export interface CatalogueSurvey {
  id: string; // file basename without .json
  file: string;
  definition: SurveyDefinition;
}

export interface Catalogue {
  topics: CatalogueEntry[];
  groups: CatalogueEntry[];
  surveys: CatalogueSurvey[];
}

export async function loadCatalogue(dir: string): Promise<Catalogue> {
  const label = basename(resolve(dir));
  const problems: string[] = [];
  const report = (file: string, path: string, message: string) =>
    problems.push(path ? `${label}/${file}: ${path}: ${message}` : `${label}/${file}: ${message}`);

  const topicsFile = await readEntries(dir, "topics.json", report);
  const groups = (await readEntries(dir, "groups.json", report)).entries;
  const topicIds = new Set(topicsFile.ids);

  const surveys: CatalogueSurvey[] = [];
  for (const file of (await readdir(dir)).filter(isSurveyFile).sort()) {
    const id = file.slice(0, -".json".length);
    if (!SURVEY_ID.test(id)) {
      report(file, "", "the file name is the survey id: use letters, digits, - and _ only");
    }
    const parsed = await readJson(dir, file, report);
    if (parsed === undefined) continue;
    const found = checkSurveyDefinition(parsed, topicIds);
    for (const problem of found) report(file, problem.path, problem.message);
    if (found.length === 0) surveys.push({ id, file, definition: parsed as SurveyDefinition });
  }

  if (problems.length > 0) {
    throw new Error(
      `The survey catalogue in ${dir} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
  }
  return { topics: topicsFile.entries, groups, surveys };
}

function isSurveyFile(file: string): boolean {
  return file.endsWith(".json") && file !== "topics.json" && file !== "groups.json";
}

type Report = (file: string, path: string, message: string) => void;

async function readJson(dir: string, file: string, report: Report): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(dir, file), "utf8");
  } catch (error) {
    report(file, "", `cannot be read: ${(error as Error).message}`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    report(file, "", `is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

/** Entries of topics.json or groups.json; `ids` keeps every string id seen so surveys are checked even then. */
async function readEntries(
  dir: string,
  file: string,
  report: Report,
): Promise<{ entries: CatalogueEntry[]; ids: string[] }> {
  const json = await readJson(dir, file, report);
  if (json === undefined) return { entries: [], ids: [] };
  const parsed = CatalogueFile.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) report(file, issue.path.join("/"), issue.message);
  }
  // Read from the raw entries so duplicates are reported (and ids kept) even when another entry is malformed.
  const seen = new Set<string>();
  for (const [index, entry] of (Array.isArray(json) ? json : []).entries()) {
    const id: unknown = entry?.id;
    if (typeof id !== "string") continue;
    if (seen.has(id)) report(file, `${index}/id`, `duplicate id "${id}"`);
    seen.add(id);
  }
  return { entries: parsed.success ? parsed.data : [], ids: [...seen] };
}
