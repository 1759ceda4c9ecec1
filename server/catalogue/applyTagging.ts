// Topic tagging: sets or removes topic, thresholds, enps and demand on named questions of a copy of the latest
// version and registers the copy as a new version. It never edits a stored version, and leaves judging to checkSurvey.
import { ApiError } from "../errors";
import type { Database } from "../storage/database";
import { canonicalHash } from "./canonicalJson";
import { getSurveyVersion, type RegisteredSurvey, registerSurvey, staleVersion } from "./registerSurvey";
import type { SurveyDefinition } from "./types";

export interface TaggingChange {
  name: string;
  topic?: string | null;
  favourableMin?: number | null;
  unfavourableMax?: number | null;
  enps?: boolean;
  demand?: boolean;
}

export interface TaggingRequest {
  baseVersion: number;
  changes: TaggingChange[];
}

type Element = Record<string, unknown>;

export async function applyTagging(
  db: Database,
  id: string,
  request: TaggingRequest,
  ctx: { actor: string; now: Date },
): Promise<RegisteredSurvey> {
  const base = await getSurveyVersion(db, id, request.baseVersion);
  if (!base) {
    throw new ApiError(
      404,
      "survey_not_found",
      `Survey "${id}" has no version ${request.baseVersion}.`,
      "baseVersion",
    );
  }
  // Said first, so an admin on an old version hears that rather than about a question the latest may have dropped.
  const latest = await getSurveyVersion(db, id);
  if (latest && latest.version !== request.baseVersion) {
    throw staleVersion(id, request.baseVersion, latest.version);
  }
  const definition = tagDefinition(base.definition, request);
  // Compared with the base as stored, not by registerSurvey's hash of the uploaded text: DuckDB's JSON may write
  // a number differently than it came, and a save that changes no tag must not make a version.
  if (canonicalHash(definition) === canonicalHash(base.definition)) {
    return { id, version: base.version, created: false };
  }
  // registerSurvey checks, inside its own transaction, that the base is still the latest: no edit is lost to
  // an upload that came in between.
  return registerSurvey(db, id, definition, ctx.actor, ctx.now, {
    expectLatest: request.baseVersion,
    audit: {
      action: "survey_tagged",
      detail: { baseVersion: request.baseVersion, questions: request.changes.map((c) => c.name) },
    },
  });
}

/** A copy of `definition` with the changes applied; the original is left as it was. */
export function tagDefinition(definition: SurveyDefinition, request: TaggingRequest): SurveyDefinition {
  const copy = structuredClone(definition);
  const questions = questionsByName(copy);
  request.changes.forEach((change, index) => {
    const found = questions.get(change.name);
    if (!found) throw unknownQuestion(change.name, request.baseVersion, index, questions);
    for (const element of found) applyChange(element, change);
  });
  return copy;
}

function applyChange(element: Element, change: TaggingChange) {
  if (change.topic !== undefined) {
    if (change.topic === null) {
      // Thresholds mean something only with a topic: dropping the topic drops them, unless this change sets them.
      remove(element, "topic");
      if (change.favourableMin === undefined) remove(element, "favourableMin");
      if (change.unfavourableMax === undefined) remove(element, "unfavourableMax");
    } else if (element.topic !== change.topic) element.topic = change.topic;
  }
  for (const key of ["favourableMin", "unfavourableMax"] as const) {
    const value = change[key];
    if (value === undefined) continue;
    if (value === null) remove(element, key);
    else if (element[key] !== value) element[key] = value;
  }
  for (const key of ["enps", "demand"] as const) {
    const value = change[key];
    if (value === undefined) continue;
    // Only a real change touches the JSON, so an unchanged save stays identical and makes no version.
    if (value && element[key] !== true) element[key] = true;
    if (!value && element[key] === true) delete element[key];
  }
}

function remove(element: Element, key: string) {
  if (key in element) delete element[key];
}

/**
 * Questions by name, wherever they sit: pages, panels, and (only for a name not used outside them) dynamic
 * panels' templates, which are a name scope of their own. Names may repeat (questions sharing one answer); a
 * change then applies to each and checkSurvey says whether the result is allowed.
 */
function questionsByName(definition: SurveyDefinition): Map<string, Element[]> {
  const outside = new Map<string, Element[]>();
  const inTemplates = new Map<string, Element[]>();
  const add = (map: Map<string, Element[]>, element: Element) => {
    const name = element.name as string;
    map.set(name, [...(map.get(name) ?? []), element]);
  };
  // Containers list their children as `elements`, or `questions` in SurveyJS's older format.
  const children = (container: Element | undefined) => [
    ...(Array.isArray(container?.elements) ? (container.elements as Element[]) : []),
    ...(Array.isArray(container?.questions) ? (container.questions as Element[]) : []),
  ];
  const visit = (elements: Element[], inTemplate: boolean) => {
    for (const element of elements) {
      if (!element || typeof element !== "object") continue;
      if (element.type === "panel") {
        visit(children(element), inTemplate);
        continue;
      }
      if (typeof element.name === "string") add(inTemplate ? inTemplates : outside, element);
      if (element.type === "paneldynamic" && Array.isArray(element.templateElements)) {
        visit(element.templateElements as Element[], true);
      }
    }
  };
  if (Array.isArray(definition.pages)) {
    for (const page of definition.pages as Element[]) visit(children(page), false);
  }
  // SurveyJS also takes a single-page survey as top-level elements/questions.
  visit(children(definition), false);
  for (const [name, elements] of inTemplates) if (!outside.has(name)) outside.set(name, elements);
  return outside;
}

function unknownQuestion(
  name: string,
  version: number,
  index: number,
  questions: Map<string, Element[]>,
): ApiError {
  const dot = name.lastIndexOf(".");
  const matrix = dot > 0 ? name.slice(0, dot) : "";
  const hint =
    matrix && questions.get(matrix)?.some((e) => e.type === "matrix")
      ? ` A matrix row takes its topic from its matrix: change "${matrix}" instead.`
      : "";
  return new ApiError(
    422,
    "unknown_question",
    `Version ${version} has no question named "${name}".${hint}`,
    `changes/${index}/name`,
  );
}
