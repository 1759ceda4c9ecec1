// MINYI_DEMO=1: fills an EMPTY database with the demo plant, 8 quarterly waves and ~25,000 responses. It
// never touches a database with units, waves or responses; it needs groups and the plant survey synced first.
import { getSurveyVersion } from "../catalogue/registerSurvey";
import { type ResponseRecord, ResponseStore } from "../ingest/storeResponses";
import { replaceOrganisation } from "../org/units";
import { type Database, inTransaction, queryRows } from "../storage/database";
import { createWave } from "../waves/waves";
import { demoOrganisation } from "./organisation";
import { demoGroupIds, generateResponses } from "./responses";
import { seedDemoCases } from "./seedCases";
import { demoSurveyId, demoWaves } from "./waves";

export interface SeedDemoOptions {
  seed: number;
  /** The clock the demo is built around: the wave of this quarter is open, earlier ones closed. */
  now: Date;
  /** Share of the full demo's respondents (default 1 ≈ 25,000 responses); tests use less. */
  scale?: number;
  log?: (message: string) => void;
}

export interface SeedDemoResult {
  units: number;
  headcount: number;
  waves: number;
  responses: number;
  answers: number;
}

// The batch writer's commit size: big enough to amortise a commit, small enough to keep appender memory flat.
const BATCH = 1000;

export async function seedDemo(db: Database, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const [existing] = await queryRows<{ units: number; waves: number; responses: number }>(
    db.write,
    `SELECT (SELECT count(*) FROM units) AS units, (SELECT count(*) FROM waves) AS waves,
            (SELECT count(*) FROM responses) AS responses`,
  );
  if (existing && (existing.units > 0 || existing.waves > 0 || existing.responses > 0)) {
    log(
      `demo: database already holds ${existing.units} units, ${existing.waves} waves and ${existing.responses} responses; left as it is`,
    );
    return { units: 0, headcount: 0, waves: 0, responses: 0, answers: 0 };
  }

  const survey = await getSurveyVersion(db, demoSurveyId);
  if (!survey) {
    throw new Error(
      `demo: survey "${demoSurveyId}" is not registered. Put surveys/${demoSurveyId}.json in MINYI_SURVEYS_DIR and sync the catalogue before seeding the demo.`,
    );
  }
  const groups = new Set(
    (await queryRows<{ id: string }>(db.write, "SELECT id FROM groups")).map((row) => row.id),
  );
  const missing = demoGroupIds.filter((id) => !groups.has(id));
  if (missing.length > 0) {
    throw new Error(
      `demo: respondent groups ${missing.join(", ")} are not in the groups table; sync surveys/groups.json first.`,
    );
  }

  const units = demoOrganisation(options.seed);
  const waves = demoWaves(options.now, survey.version);
  let responses = 0;
  let answers = 0;
  let writing = 0;
  let cases = 0;
  try {
    await replaceOrganisation(db, units);
    for (const wave of waves) {
      // Created two weeks before opening, as an admin would prepare it.
      await createWave(db, wave, new Date(wave.opens.getTime() - 14 * 24 * 3600_000));
    }
    const store = new ResponseStore(db.write);
    let batch: ResponseRecord[] = [];
    const flush = async () => {
      const records = batch;
      batch = [];
      const t = performance.now();
      await inTransaction(db.write, () => store.insertNew(records));
      writing += performance.now() - t;
    };
    for (const record of generateResponses({
      seed: options.seed,
      now: options.now,
      scale: options.scale ?? 1,
      units,
      waves,
      survey,
    })) {
      batch.push(record);
      responses += 1;
      answers += record.answers.length;
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    cases = await seedDemoCases(db, options.seed, options.now);
  } catch (error) {
    // The database was empty when we started and nothing else writes during start-up: undo the partial demo
    // so the next start (which skips non-empty databases) does not keep a half-built one.
    await removePartialDemo(db);
    throw error;
  }

  const headcount = units.reduce((sum, u) => sum + u.headcount, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(
    `demo: ${units.length} units (${headcount} staff), ${waves.length} waves, ${responses} responses, ${answers} answers, ${cases} cases in ${seconds} s (${(writing / 1000).toFixed(1)} s writing)`,
  );
  return { units: units.length, headcount, waves: waves.length, responses, answers };
}

async function removePartialDemo(db: Database): Promise<void> {
  await inTransaction(db.write, async () => {
    for (const table of ["case_events", "cases", "answers", "responses", "waves", "units"])
      await db.write.run(`DELETE FROM ${table}`);
  });
}
