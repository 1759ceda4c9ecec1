import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Model, type Question } from "survey-core";
import { beforeAll, describe, expect, it } from "vitest";
import { registerCustomProperties } from "../../server/catalogue/customProperties";
import { compileSurvey } from "../../server/ingest/compileSurvey";
import { generateValidData } from "../helpers/generateValidData";

// Public SurveyJS surveys (shared/compat-surveys) plus our own questionnaire: generated, realistic answers must
// pass, keep every answer, and agree with survey-core's own model on which questions are hidden.
const compatDir = join(import.meta.dirname, "../../../shared/compat-surveys");
const surveyFiles = [
  ...readdirSync(compatDir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => join(compatDir, file)),
  join(import.meta.dirname, "../../surveys/plant-satisfaction.json"),
];

const SEEDS = [0, 1, 2, 3, 4];
// survey-core re-runs every condition on each answer, so generating for the 120-question kitchen sink is slow.
const SLOW = 180_000;

beforeAll(() => {
  // Compat surveys use custom functions and properties survey-core warns about; the warnings are expected.
  console.warn = () => {};
});

function load(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
}

const generated = new Map<string, Record<string, unknown>[]>();
function answerSets(file: string): Record<string, unknown>[] {
  let sets = generated.get(file);
  if (!sets) {
    const definition = load(file);
    sets = SEEDS.map((seed) => generateValidData(definition, seed));
    generated.set(file, sets);
  }
  return sets;
}

describe.each(surveyFiles.map((file) => ({ file, name: file.split("/").pop() as string })))(
  "$name",
  ({ file }) => {
    it(
      "accepts generated answers and keeps all of them",
      () => {
        const survey = compileSurvey(load(file));
        answerSets(file).forEach((data, seed) => {
          expect(survey.validate(data), `seed ${seed}`).toEqual({ ok: true, data });
        });
      },
      SLOW,
    );

    it(
      "generates the same answers for the same seed",
      () => {
        expect(generateValidData(load(file), 0)).toEqual(answerSets(file)[0]);
      },
      SLOW,
    );

    it(
      "drops answers to exactly the questions survey-core hides",
      () => {
        const definition = load(file);
        const survey = compileSurvey(definition);
        registerCustomProperties();
        answerSets(file).forEach((data, seed) => {
          const model = new Model(definition);
          // One answer at a time through the question, as a respondent gives them, so triggers fire as they did.
          for (const [key, value] of Object.entries(data)) {
            const question = model.getQuestionByValueName(key);
            if (question) question.value = value;
            else model.setValue(key, value);
          }
          const questions = model.getAllQuestions(false, false, false) as Question[];
          const shown = (q: Question) => q.isVisible && q.isParentVisible && (q.page?.isVisible ?? true);
          const visibleKeys = new Set(questions.filter(shown).map((q) => q.getValueName()));
          // An answer to each hidden question, as a client with slightly different logic might send.
          const injected = { ...data };
          for (const q of questions) {
            const key = q.getValueName();
            if (shown(q) || visibleKeys.has(key) || ["html", "image"].includes(q.getType())) continue;
            injected[key] = "stale";
          }
          expect(survey.validate(injected), `seed ${seed}`).toEqual({ ok: true, data });
        });
      },
      SLOW,
    );
  },
);
