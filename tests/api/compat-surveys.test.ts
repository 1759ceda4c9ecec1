// Every public SurveyJS survey of ../shared/compat-surveys, and a questionnaire exported from SurveyJS Creator, through
// the real HTTP app: upload, open a round on it, submit generated valid answers, resend, conflict, and read them back.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Model, type Question } from "survey-core";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerCustomProperties } from "../../server/catalogue/customProperties";
import { queryRows } from "../../server/storage/database";
import { compatSurveys } from "../helpers/compatSurveys";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";
import { generateValidData } from "../helpers/generateValidData";

const surveys = [
  ...compatSurveys(),
  {
    file: "creator-export.json",
    definition: JSON.parse(readFileSync(join("tests/fixtures", "creator-export.json"), "utf8")) as Record<
      string,
      unknown
    >,
  },
];

const SEEDS = [0, 1, 2];
// survey-core re-runs every condition on each answer: the 120-question kitchen sink takes seconds per answer set.
const SLOW = 120_000;
const now = new Date("2026-11-02T08:00:00.000Z");

beforeAll(() => {
  // Compat surveys use custom functions and properties survey-core warns about; the warnings are expected.
  console.warn = () => {};
});

let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
let admin: string;

beforeEach(async () => {
  fixture = await prepareDatabase(":memory:", now);
  app = appFor(fixture, () => now).app;
  admin = (await signedIn(fixture, app, now, [["admin", "admin", "plant"]])).admin ?? "";
});
afterEach(() => fixture.db.close());

function send(method: string, url: string, body?: unknown, cookie = "") {
  return app.request(url, {
    method,
    headers: { cookie, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The same JSON value with every object's keys in reverse order. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reordered(v)]),
    );
  }
  return value;
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.values(value).every(isEmpty);
  return false;
}

// Content, not countable answers (and possibly a face or a handwritten name), or computed by the survey itself.
const KEPT_IN_DATA_ONLY = new Set(["file", "signaturepad", "expression", "html", "image"]);

// Questions whose answer is one value, kept as one row.
const SINGLE_VALUE_TYPES = new Set(["radiogroup", "dropdown", "rating", "text", "comment", "imagepicker"]);

function prop<T>(obj: object, name: string): T {
  return (obj as Record<string, unknown>)[name] as T;
}

/**
 * The long-format item ids an answer must produce, derived here from survey-core's model rather than from the
 * server's plan: `name`, `matrix.row`, `matrix.row.column`, `dynamicMatrix.column`, `panel.question`.
 */
function expectedItemIds(question: Question, value: unknown): string[] {
  const name = question.name;
  const type = question.getType();
  if (isEmpty(value) || KEPT_IN_DATA_ONLY.has(type)) return [];
  const entries = (v: unknown) => Object.entries((v ?? {}) as Record<string, unknown>);
  const cellType = (column: object) => {
    const own = prop<string>(column, "cellType");
    return own && own !== "default" ? own : prop<string>(question, "cellType") || "dropdown";
  };
  const columnTypes = () =>
    new Map(
      prop<object[]>(question, "columns").map((c) => [
        prop<string>(c, "valueName") || prop<string>(c, "name"),
        cellType(c),
      ]),
    );
  switch (type) {
    case "matrix":
      return entries(value)
        .filter(([, cell]) => !isEmpty(cell))
        .map(([row]) => `${name}.${row}`);
    case "matrixdropdown": {
      const types = columnTypes();
      return entries(value).flatMap(([row, cells]) =>
        entries(cells)
          .filter(([column, cell]) => !isEmpty(cell) && !KEPT_IN_DATA_ONLY.has(types.get(column) ?? ""))
          .map(([column]) => `${name}.${row}.${column}`),
      );
    }
    case "matrixdynamic": {
      const types = columnTypes();
      return (value as unknown[]).flatMap((cells) =>
        entries(cells)
          .filter(([column, cell]) => !isEmpty(cell) && !KEPT_IN_DATA_ONLY.has(types.get(column) ?? ""))
          .map(([column]) => `${name}.${column}`),
      );
    }
    case "multipletext":
      return entries(value)
        .filter(([, cell]) => !isEmpty(cell))
        .map(([item]) => `${name}.${item}`);
    case "paneldynamic": {
      const template = prop<{ questions: Question[] }>(question, "template").questions;
      const types = new Map(template.map((q) => [q.getValueName(), q.getType()]));
      return (value as unknown[]).flatMap((panel) =>
        entries(panel)
          .filter(([key, inner]) => types.has(key) && !isEmpty(inner))
          .filter(([key]) => !KEPT_IN_DATA_ONLY.has(types.get(key) ?? ""))
          .map(([key]) => `${name}.${key}`),
      );
    }
    default:
      return [name];
  }
}

interface StoredAnswer {
  item_id: string;
  kind: string;
  value_num: number | null;
  value_text: string | null;
}

describe.each(surveys.map(({ file, definition }) => ({ file, definition })))(
  "$file",
  ({ file, definition }) => {
    const surveyId = file.replace(/\.json$/, "");
    let answerSets: Record<string, unknown>[] | undefined;
    const generated = () => {
      answerSets ??= SEEDS.map((seed) => generateValidData(definition, seed));
      return answerSets;
    };

    it(
      "uploads, opens a round, takes valid answers once, and stores every one of them",
      async () => {
        // Upload: version 1, the same again is the same version, and the stored definition is the one sent.
        const upload = await send("POST", "/api/surveys", { id: surveyId, definition }, admin);
        expect(upload.status, JSON.stringify(await upload.clone().json())).toBe(201);
        expect(await upload.json()).toEqual({ id: surveyId, version: 1 });
        const again = await send(
          "POST",
          "/api/surveys",
          { id: surveyId, definition: reordered(definition) },
          admin,
        );
        expect(again.status).toBe(200);
        expect(await again.json()).toEqual({ id: surveyId, version: 1 });
        const got = await send("GET", `/api/surveys/${surveyId}`, undefined, admin);
        expect(await got.json()).toEqual({ id: surveyId, version: 1, definition });

        // A round on it, open now, on every channel, as GET /api/waves lists it; its form carries the survey.
        const created = await send(
          "POST",
          "/api/waves",
          {
            surveyId,
            title: `Compat ${surveyId}`,
            periodStart: "2026-10-01",
            periodEnd: "2026-12-31",
            opensAt: new Date(now.getTime() - 60_000).toISOString(),
            closesAt: new Date(now.getTime() + 86_400_000).toISOString(),
            channels: ["online", "onsite", "paper"],
          },
          admin,
        );
        expect(created.status).toBe(201);
        const wave = (await created.json()) as { id: string; status: string; surveyVersion: number };
        expect(wave).toMatchObject({ surveyId, surveyVersion: 1, status: "open" });
        const listed = (await (await send("GET", "/api/waves")).json()) as { id: string }[];
        expect(listed.find((w) => w.id === wave.id)).toEqual(wave);
        const form = await send("GET", `/api/waves/${wave.id}/form`);
        expect(form.status).toBe(200);
        expect(((await form.json()) as { survey: unknown }).survey).toEqual(definition);

        registerCustomProperties();
        for (const [n, data] of generated().entries()) {
          const body = {
            id: uuid(n + 1),
            waveId: wave.id,
            unitId: "team-1",
            groupId: "staff",
            channel: "online",
            data,
          };
          const first = await send("POST", "/api/responses", body);
          const stored = (await first.json()) as { id: string; receipt: string };
          expect(first.status, `seed ${SEEDS[n]}: ${JSON.stringify(stored)}`).toBe(201);
          expect(stored).toEqual({
            id: body.id,
            receipt: expect.stringMatching(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/),
          });
          // An identical resend, its keys (and its answers' keys) in another order: the same answer, nothing doubled.
          const resend = await send("POST", "/api/responses", reordered(body));
          expect(resend.status).toBe(200);
          expect(await resend.json()).toEqual(stored);
          // The same id with another valid body (another person's answers, or another group) is refused.
          const other = generated().find((d) => JSON.stringify(d) !== JSON.stringify(data));
          const changed = other ? { ...body, data: other } : { ...body, groupId: "team_leader" };
          const conflict = await send("POST", "/api/responses", changed);
          expect(conflict.status).toBe(409);
          expect(((await conflict.json()) as { error: { code: string } }).error.code).toBe("id_conflict");

          // Read back: the kept data is what was sent (the generator answers no hidden question), one row.
          const rows = await queryRows<{ data: string }>(
            fixture.db.read,
            "SELECT data::VARCHAR AS data FROM responses WHERE id = $1::UUID",
            [body.id],
          );
          expect(rows.length).toBe(1);
          expect(JSON.parse(rows[0]?.data ?? "null"), `seed ${SEEDS[n]}`).toEqual(data);

          // And in long format: every answered question (and its comment or "other" text) has its rows.
          const answers = await queryRows<StoredAnswer>(
            fixture.db.read,
            "SELECT item_id, kind, value_num, value_text FROM answers WHERE response_id = $1::UUID",
            [body.id],
          );
          const itemIds = new Set(answers.map((a) => a.item_id));
          const model = new Model(definition);
          const expected = new Set<string>();
          for (const question of model.getAllQuestions(false, false, false) as Question[]) {
            for (const id of expectedItemIds(question, data[question.getValueName()])) expected.add(id);
            const comment = data[`${question.getValueName()}-Comment`];
            if (typeof comment === "string" && comment.trim() !== "")
              expected.add(`${question.name}-Comment`);
          }
          // A composite inside a dynamic panel (a matrix in a panel) names its rows one level further down.
          const found = (id: string) =>
            itemIds.has(id) || [...itemIds].some((got) => got.startsWith(`${id}.`));
          const missing = [...expected].filter((id) => !found(id));
          expect(missing, `seed ${SEEDS[n]}: answered but not in answers`).toEqual([]);
          // Single answers are there as given: a choice, a rating or a text word for word.
          for (const question of model.getAllQuestions(false, false, false) as Question[]) {
            const value = data[question.getValueName()];
            if (isEmpty(value) || !SINGLE_VALUE_TYPES.has(question.getType()) || typeof value === "object")
              continue;
            const same = (a: StoredAnswer) =>
              a.item_id === question.name && (a.value_num === value || a.value_text === String(value));
            expect(answers.some(same), `seed ${SEEDS[n]}: ${question.name} = ${JSON.stringify(value)}`).toBe(
              true,
            );
          }
        }
      },
      SLOW,
    );
  },
);
