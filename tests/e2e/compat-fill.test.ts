// Every public SurveyJS survey of ../shared/compat-surveys, and a SurveyJS Creator export, on the real fill page of a
// phone (built web app, real server, Chromium): each renders its first page, is filled to the end and stored.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { Model, type Question } from "survey-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerCustomProperties } from "../../server/catalogue/customProperties";
import { registerSurvey } from "../../server/catalogue/registerSurvey";
import { openDatabase, queryRows } from "../../server/storage/database";
import { createWave } from "../../server/waves/waves";
import { launchBrowser } from "../helpers/browser";
import { compatSurveys } from "../helpers/compatSurveys";
import { prepareDatabase } from "../helpers/fixture";
import { type RunningServer, startServer } from "../helpers/spawnServer";

const surveys = [
  ...compatSurveys(),
  {
    file: "creator-export.json",
    definition: JSON.parse(readFileSync("tests/fixtures/creator-export.json", "utf8")) as Record<
      string,
      unknown
    >,
  },
].map(({ file, definition }) => ({ id: file.replace(/\.json$/, ""), definition }));

const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

const dir = mkdtempSync(join(tmpdir(), "minyi-compat-"));
const dbFile = join(dir, "compat.duckdb");
let server: RunningServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page | undefined;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync("dist/web/index.html"))
    throw new Error("dist/web is not built: run `npm run build` (npm test does)");
  console.warn = () => {}; // survey-core warns about the corpus's custom properties; expected
  const now = new Date();
  const fixture = await prepareDatabase(dbFile, now);
  for (const { id, definition } of surveys) {
    await registerSurvey(fixture.db, id, definition, "test", now);
    await createWave(
      fixture.db,
      {
        id,
        surveyId: id,
        title: `Compat ${id}`,
        periodStart: "2026-10-01",
        periodEnd: "2026-12-31",
        opensAt: new Date(now.getTime() - 60_000).toISOString(),
        closesAt: new Date(now.getTime() + 86_400_000).toISOString(),
        channels: ["online", "onsite"],
      },
      now,
    );
  }
  fixture.db.close();
  server = await startServer({ MINYI_DB: dbFile, MINYI_DEMO: "0", MINYI_WEB_DIST: "dist/web" });
  browser = await launchBrowser();
  context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "en-US",
    isMobile: true,
    hasTouch: true,
  });
  // The corpus shows pictures and videos from surveyjs.io; this machine has no network, so every other host
  // answers with a tiny picture instead of a failed request.
  const origin = new URL(server.url).origin;
  await context.route(
    (url) => url.origin !== origin,
    (route) => route.fulfill({ status: 200, contentType: "image/png", body: TINY_PNG }),
  );
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the wave's fill page for team-1 (fixed by the link) as 职工 staff and starts the questionnaire. */
async function start(p: Page, waveId: string): Promise<void> {
  if (!server) throw new Error("setup failed");
  await p.goto(`${server.url}/s/${waveId}?unit=team-1`);
  // A fresh respondent: no draft left by an earlier test of the same wave.
  await p.evaluate(() => localStorage.clear());
  await p.reload();
  await p.getByTestId("group-option-staff").check();
  await p.getByTestId("start-survey").click();
  await p.locator(".sd-root-modern").waitFor();
}

/** The first page's visible questions and the titles survey-core gives them in English (the default texts). */
function firstPageTitles(definition: Record<string, unknown>): { name: string; title: string | null }[] {
  registerCustomProperties();
  const model = new Model(definition);
  model.locale = "";
  const first = model.visiblePages[0];
  if (!first) return [];
  return (first.questions as Question[])
    .filter((q) => q.isVisible && q.isParentVisible)
    .map((q) => ({ name: q.name, title: q.hasTitle ? q.processedTitle : null }));
}

describe.each(surveys)("$id on a 390 px phone", ({ id, definition }) => {
  it("renders the first page of questions with their titles and no errors", async () => {
    if (!page) throw new Error("setup failed");
    problems.length = 0;
    await start(page, id);
    const seen = new Map<string, number>();
    for (const { name, title } of firstPageTitles(definition)) {
      // The kitchen sink names two questions "suggestions": the nth of a name is the nth box of that name.
      const nth = seen.get(name) ?? 0;
      seen.set(name, nth + 1);
      const box = page.locator(`.sd-question[data-name="${name}"]`).nth(nth);
      await expect.poll(() => box.isVisible(), { message: `question ${name}` }).toBe(true);
      if (title !== null) {
        const shown = (await box.locator(".sd-question__title").first().textContent()) ?? "";
        expect(shown.replace(/\s+/g, " "), `title of ${name}`).toContain(title.replace(/\s+/g, " ").trim());
      }
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(problems).toEqual([]);
  }, 60_000);

  it("is filled in through the UI to the end and stored", async () => {
    if (!page || !server) throw new Error("setup failed");
    problems.length = 0;
    await start(page, id);
    const types = questionTypes(definition);
    let finished = false;
    const shot = join(tmpdir(), `minyi-compat-${id}.png`);
    const failed = async (error: unknown) => {
      await page?.screenshot({ path: shot, fullPage: true });
      const said = await page
        ?.getByTestId("submit-error")
        .textContent({ timeout: 100 })
        .catch(() => null);
      return new Error(
        `${String(error)}\n(screenshot: ${shot}; banner: ${said}; problems: ${problems.join("; ")})`,
      );
    };
    for (let step = 0; step < 30 && !finished; step++) {
      await answerPage(page, types).catch(async (error) => {
        throw await failed(error);
      });
      const complete = page.locator(".sd-navigation__complete-btn");
      const next = page.locator(".sd-navigation__next-btn");
      // A survey may show its answers for review first (showPreviewBeforeComplete), then Complete.
      const preview = page.locator(".sd-navigation__preview-btn");
      if (await complete.isVisible()) await complete.click();
      else if (await preview.isVisible()) await preview.click();
      else if (await next.isVisible()) await next.click();
      finished = await page
        .getByTestId("receipt")
        .or(page.getByTestId("no-demand"))
        .first()
        .waitFor({ timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
    }
    if (!finished) throw await failed("never reached the thank-you page");
    const saved = await page.evaluate((waveId) => localStorage.getItem(`minyi:receipt:${waveId}`), id);
    const { receipt } = JSON.parse(saved ?? "{}") as { receipt?: string };
    expect(receipt).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    expect(problems).toEqual([]);
    storedReceipts.set(id, receipt ?? "");
  }, 180_000);
});

const storedReceipts = new Map<string, string>();

describe("a file too large to travel with the answers", () => {
  it("is refused on the spot, in the respondent’s language, and nothing of it is kept", async () => {
    if (!browser) throw new Error("setup failed");
    const zh = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "zh-CN",
      isMobile: true,
      hasTouch: true,
    });
    const p = await zh.newPage();
    p.setDefaultTimeout(10_000);
    await start(p, "creator-export");
    const box = p.locator('.sd-question[data-name="photo"]');
    const [chooser] = await Promise.all([
      p.waitForEvent("filechooser"),
      box.locator(".sd-file__choose-btn").first().click(),
    ]);
    // A 300 KB photo: as a data URL it alone would pass the server's 256 KiB limit for a whole response.
    await chooser.setFiles({ name: "big.png", mimeType: "image/png", buffer: Buffer.alloc(300 * 1024, 7) });
    await expect.poll(() => box.locator(".sd-question__erbox").textContent()).toBe("文件大小不能超过 128 KB");
    expect(await box.locator(".sd-file__drag-area-placeholder").isVisible()).toBe(true);
    expect(
      JSON.parse((await p.evaluate(() => localStorage.getItem("minyi:draft:creator-export"))) ?? "{}").data,
    ).not.toHaveProperty("photo");
    await zh.close();
  }, 60_000);
});

describe("what the phone sent", () => {
  it("is stored: one response per filled survey, with its receipt, unit and group", async () => {
    if (!server) throw new Error("setup failed");
    await server.stop();
    server = undefined;
    const db = await openDatabase(dbFile);
    const rows = await queryRows<{ wave_id: string; receipt: string; unit_id: string; group_id: string }>(
      db.read,
      "SELECT wave_id, receipt, unit_id, group_id FROM responses ORDER BY wave_id",
    );
    const stored = new Map(
      (
        await queryRows<{ wave_id: string; data: string }>(
          db.read,
          "SELECT wave_id, data::VARCHAR AS data FROM responses",
        )
      ).map((r) => [r.wave_id, JSON.parse(r.data) as Record<string, unknown>]),
    );
    db.close();
    const dataUrl = /^data:image\/png;base64,[A-Za-z0-9+/=]+$/;
    const photo = { name: "site-photo.png", type: "image/png", content: expect.stringMatching(dataUrl) };
    // The signature drawn, the file chosen (read in the browser though the survey asks for an upload), the panels.
    expect(stored.get("06-kitchen-sink-all-types")).toMatchObject({
      signature: expect.stringMatching(dataUrl),
      image: [photo],
      name: "Typed on a phone",
      email: "someone@example.com",
      birthdate: "1990-05-17",
      bool: true,
    });
    expect(stored.get("06-kitchen-sink-all-types")?.relatives).toHaveLength(2);
    expect(stored.get("29-signaturepad-typed")).toEqual({
      signatureMethod: "pad",
      signaturePad: expect.stringMatching(dataUrl),
    });
    expect(stored.get("22-imagepicker-animals")).toEqual({ choosepicture: "lion" });
    expect(stored.get("12-localized-de-fr")).toMatchObject({ opSystem: ["Windows"], q1: 1 });
    expect(stored.get("creator-export")).toMatchObject({
      overall_satisfaction: 5,
      work_conditions: { workload: 1, tools: 1, manager: 1, growth: 1 },
      photo: [photo],
    });
    expect(rows).toEqual(
      surveys
        .map((s) => s.id)
        .sort()
        .map((waveId) => ({
          wave_id: waveId,
          receipt: storedReceipts.get(waveId),
          unit_id: "team-1",
          group_id: "staff",
        })),
    );
  }, 60_000);
});

/** Question types by name, panel templates included (their questions render with the same data-name). */
function questionTypes(definition: Record<string, unknown>): Map<string, Question> {
  registerCustomProperties();
  const model = new Model(definition);
  const found = new Map<string, Question>();
  const visit = (questions: Question[]) => {
    for (const q of questions) {
      if (!found.has(q.name)) found.set(q.name, q);
      if (q.getType() === "paneldynamic") {
        visit((q as unknown as { template: { questions: Question[] } }).template.questions);
      }
    }
  };
  visit(model.getAllQuestions(false, false, true) as Question[]);
  return found;
}

/** Answers every visible question of the current page the way a person would: tapping, typing, drawing. */
async function answerPage(p: Page, questions: Map<string, Question>): Promise<void> {
  // An answer may show more questions (visibleIf): look again until a pass finds none not yet answered.
  const answered = new Set<string>();
  for (let pass = 0; pass < 5; pass++) {
    const names = await p
      .locator(".sd-question[data-name]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-name") ?? ""));
    const seen = new Map<string, number>();
    let more = false;
    for (const name of names) {
      const nth = seen.get(name) ?? 0;
      seen.set(name, nth + 1);
      const box = p.locator(`.sd-question[data-name="${name}"]`).nth(nth);
      const question = questions.get(name);
      // A form on its way to the server is read-only until the server answers.
      const readOnly = async () => /readonly|disabled/.test((await box.getAttribute("class")) ?? "");
      if (!question || answered.has(`${name}#${nth}`) || !(await box.isVisible()) || (await readOnly()))
        continue;
      await answerQuestion(p, box, question);
      answered.add(`${name}#${nth}`);
      more = true;
    }
    if (!more) return;
  }
}

async function answerQuestion(p: Page, box: Locator, question: Question): Promise<void> {
  switch (question.getType()) {
    case "text": {
      const input = box.locator("input").first();
      const inputType = (question as unknown as { inputType: string }).inputType;
      if ((await input.inputValue()) !== "") return;
      const validators = (question.validators ?? []).map((v) => v.getType());
      if (inputType === "date") await input.fill("1990-05-17");
      else if (inputType === "email" || validators.includes("emailvalidator"))
        await input.fill("someone@example.com");
      else if (inputType === "number" || validators.includes("numericvalidator")) await input.fill("3");
      else if (inputType === "color" || inputType === "range") return;
      else await input.fill("Typed on a phone");
      return;
    }
    case "comment":
      if ((await box.locator("textarea").first().inputValue()) === "")
        await box.locator("textarea").first().fill("Written on a phone, in a few words.");
      return;
    case "radiogroup":
    case "checkbox":
      // The label, not the item's box: the box is wider than what takes the tap.
      if ((await box.locator(".sd-item--checked").count()) === 0)
        await box.locator(".sd-item .sd-selectbase__label").first().click();
      return;
    case "imagepicker":
      if ((await box.locator(".sd-imagepicker__item--checked").count()) === 0)
        await box.locator(".sd-imagepicker__item").first().click();
      return;
    case "boolean":
      if ((await box.locator(".sd-boolean--checked, .sd-boolean--exchanged").count()) === 0)
        await box.locator(".sd-boolean").first().click();
      return;
    case "rating":
      await rateHighest(box);
      return;
    case "multipletext": {
      // Each item's title sits over its box as a placeholder: type into the editor under it.
      const inputs = box.locator(".sd-multipletext__item input, .sd-multipletext__item textarea");
      for (let n = 0; n < (await inputs.count()); n++)
        await inputs.nth(n).fill(String(100 * (n + 1)), { force: true });
      return;
    }
    case "ranking": {
      // Reordering by keyboard is what survey-core offers instead of dragging: it makes the order an answer.
      const item = box.locator(".sv-ranking-item").first();
      await item.focus();
      await p.keyboard.press("ArrowDown");
      return;
    }
    case "dropdown":
      await chooseInDropdown(p, box);
      return;
    case "matrix": {
      const rows = box.locator("tbody tr");
      for (let r = 0; r < (await rows.count()); r++) {
        const row = rows.nth(r);
        // A rubric matrix has text cells instead of items; it is optional and left alone.
        const items = row.locator("label.sd-item");
        if ((await items.count()) > 0 && (await row.locator(".sd-item--checked").count()) === 0)
          await items.first().click();
      }
      return;
    }
    case "matrixdropdown":
    case "matrixdynamic": {
      // Every drop-down cell gets its first choice, every number cell a small number.
      const dropdowns = box.locator(
        "td .sd-dropdown:visible:not(.sd-formbox--readonly):not([aria-disabled=true])",
      );
      for (let d = 0; d < (await dropdowns.count()); d++) await chooseInDropdown(p, dropdowns.nth(d));
      const numbers = box.locator("td input[type=number]:visible");
      for (let n = 0; n < (await numbers.count()); n++) await numbers.nth(n).fill("2");
      const ratings = box.locator("td .sd-rating");
      for (let r = 0; r < (await ratings.count()); r++) await rateHighest(ratings.nth(r));
      const texts = box.locator("td input[type=text]:visible:not([role=combobox])");
      for (let n = 0; n < (await texts.count()); n++) await texts.nth(n).fill("Noted");
      return;
    }
    case "signaturepad": {
      // The pad may still be sizing its canvas after a visibleIf showed it: draw until its "sign here" goes away.
      const canvas = box.locator("canvas").first();
      for (let attempt = 0; attempt < 5; attempt++) {
        await p.waitForTimeout(200);
        const at = await canvas.boundingBox();
        if (!at || at.width < 50) continue;
        await p.mouse.move(at.x + 20, at.y + at.height / 2);
        await p.mouse.down();
        await p.mouse.move(at.x + at.width / 2, at.y + 20, { steps: 5 });
        await p.mouse.move(at.x + at.width - 20, at.y + at.height / 2, { steps: 5 });
        await p.mouse.up();
        if (!(await box.locator(".sjs_sp_placeholder").isVisible())) return;
      }
      throw new Error(`could not draw on the signature pad ${question.name}`);
    }
    case "file": {
      // As a person does: tap "Select File" and pick one in the chooser (survey-core listens only after the tap).
      const [chooser] = await Promise.all([
        p.waitForEvent("filechooser"),
        box.locator(".sd-file__choose-btn").first().click(),
      ]);
      await chooser.setFiles({ name: "site-photo.png", mimeType: "image/png", buffer: TINY_PNG });
      await expect.poll(() => box.locator(".sd-file__drag-area-placeholder").isVisible()).toBe(false);
      return;
    }
    default:
      // Panels and dynamic panels: their questions are visited on their own; other types are optional here.
      return;
  }
}

/** Taps the top point of a rating scale (numbers, stars, smileys or the survey's own item component). */
async function rateHighest(box: Locator): Promise<void> {
  const items = box.locator(".sd-rating__item, .sd-rating__item-star, .sd-rating__item-smiley");
  if ((await items.count()) === 0) {
    await box.locator(".sd-rating label, .sd-rating [role=radio]").last().click();
    return;
  }
  const selected = box.locator(
    ".sd-rating__item--selected, .sd-rating__item-star--selected, .sd-rating__item-smiley--selected",
  );
  if ((await selected.count()) === 0) await items.last().click();
}

/** Opens a SurveyJS drop-down (a popup list on a phone) and picks its first choice; one without choices is left. */
async function chooseInDropdown(p: Page, box: Locator): Promise<void> {
  const own = await box.evaluate((el) => el.classList.contains("sd-dropdown"));
  const control = own ? box : box.locator(".sd-dropdown").first();
  await control.click();
  const popup = p.locator(".sv-popup:visible").last();
  await popup.waitFor();
  const options = popup.locator("li[role=option]:visible");
  if ((await options.count()) === 0) await popup.locator(".sv-popup__button--cancel").click();
  else await options.first().click();
}
