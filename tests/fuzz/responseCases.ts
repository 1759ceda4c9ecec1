// What the response fuzzers know is valid: envelopes the server must store, the questions of the plant survey that
// are shown whatever the answers, and values no such question can take. It sends nothing.
import fc from "fast-check";
import type { SurveyDefinition } from "../../server/catalogue/types";
import { validAnswers } from "../helpers/dataPool";
import { type Fixture, plantSurvey } from "../helpers/fixture";
import { anyJson, edgeNumber, nastyString } from "../helpers/fuzz";

export const envelopeFields = {
  required: ["id", "waveId", "unitId", "groupId", "channel", "data"],
  all: ["id", "waveId", "unitId", "groupId", "channel", "startedAt", "submittedAt", "data", "token"],
};

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const units = ["team-1", "st-1", "dept-hr"];
const groups = ["staff", "team_leader"];

let fresh = 10_000;

/**
 * A valid envelope for an open wave under an id nothing has used: the server would answer 201 to it as it is.
 * Every call takes a new id, so one input that slipped through cannot make later ones look like resends.
 */
export function validEnvelope(fixture: Fixture, seed: number): Record<string, unknown> {
  return {
    id: uuid(fresh++),
    waveId: fixture.openWaveId,
    unitId: units[seed % units.length],
    groupId: groups[seed % groups.length],
    channel: seed % 2 === 0 ? "online" : "onsite",
    data: validAnswers(fixture.definition, seed),
  };
}

/** The i-th response the fuzzers store before they start; sending it again unchanged is a 200 resend. */
export function storedEnvelope(fixture: Fixture, i: number): Record<string, unknown> {
  return {
    id: uuid(i + 1),
    waveId: fixture.openWaveId,
    unitId: "team-1",
    groupId: "staff",
    channel: "online",
    data: validAnswers(fixture.definition, i),
  };
}

interface Element {
  type: string;
  name: string;
  visibleIf?: string;
  isRequired?: boolean;
  rateMin?: number;
  rateMax?: number;
  choices?: (string | { value: string })[];
  rows?: (string | { value: string })[];
  elements?: Element[];
}

/** Questions of the plant survey that no condition hides (the survey has no triggers): they are always checked. */
function shownQuestions(definition: SurveyDefinition) {
  const pages = (definition as unknown as { pages: { visibleIf?: string; elements?: Element[] }[] }).pages;
  const all: Element[] = [];
  const walk = (elements: Element[] = []) => {
    for (const e of elements) {
      all.push(e);
      walk(e.elements);
    }
  };
  for (const page of pages) walk(page.elements);
  const shown = pages
    .filter((p) => !p.visibleIf)
    .flatMap((p) => p.elements ?? [])
    .filter((e) => !e.visibleIf);
  const value = (item: string | { value: string }) => (typeof item === "string" ? item : item.value);
  const route = all.find((e) => e.name === "commute_route");
  const matrices = shown.filter((e) => e.type === "matrix");
  return {
    ratings: shown
      .filter((e) => e.type === "rating" && (e.rateMin ?? 1) === 1 && (e.rateMax ?? 5) === 5)
      .map((e) => e.name),
    required: shown.filter((e) => e.isRequired).map((e) => e.name),
    routeChoices: [...(route?.choices ?? []).map(value), "other", "none"],
    matrices: matrices.map((e) => e.name),
    matrixRows: [...new Set(matrices.flatMap((e) => (e.rows ?? []).map(value)))],
    // Every key the server could take: question names and their "-Comment" companions.
    knownKeys: new Set(all.flatMap((e) => [e.name, `${e.name}-Comment`])),
  };
}

export const alwaysShown = shownQuestions(plantSurvey);

/** A value a rating question from `min` to `max` (whole points) cannot take, whatever its spelling. */
export function badRatingValue(min: number, max: number): fc.Arbitrary<unknown> {
  const inRange = (n: number) => Number.isInteger(n) && n >= min && n <= max;
  return fc.oneof(
    fc.oneof(fc.integer({ max: min - 1 }), fc.integer({ min: max + 1 })),
    fc.double({ min, max, noNaN: true }).filter((n) => !Number.isInteger(n)),
    edgeNumber.filter((n) => (typeof n === "number" ? !inRange(n) : !Number.isFinite(Number(n)))),
    fc.boolean(),
    fc.array(fc.integer({ min, max }), { minLength: 1, maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 3 }),
    // Numbers spelled as text ("3") are taken, as SurveyJS does; anything else in a string is not.
    nastyString.filter((s) => !Number.isFinite(Number(s))),
  );
}

/** What SurveyJS counts as no answer (its Helpers.isValueEmpty): on a question that is not required, that is fine. */
export function noAnswer(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value !== null && typeof value === "object") return Object.values(value).every(noAnswer);
  return !value && value !== 0 && value !== false;
}

/** A value no comment (free text, at most 1000 characters) can take. */
export const badCommentValue: fc.Arbitrary<unknown> = fc.oneof(
  anyJson.filter((v) => typeof v !== "string" && !noAnswer(v)),
  fc.integer({ min: 1001, max: 60_000 }).map((n) => "长".repeat(n)),
);
