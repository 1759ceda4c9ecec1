// Questionnaires through the browser as the admin (built web app, real server, real DuckDB): a definition as
// SurveyJS Creator exports it is uploaded, tagged one by one and in bulk and saved as a new version (the old one
// unchanged), a bad tag is refused in the user's language with nothing saved; the preview renders in both
// languages, at phone width, and submits nothing; every compatibility survey renders in it without a script error.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { compatSurveys } from "../helpers/compatSurveys";
import { prepareDatabase } from "../helpers/fixture";
import { type RunningServer, startServer } from "../helpers/spawnServer";

const dir = mkdtempSync(join(tmpdir(), "minyi-tagging-e2e-"));
const adminPassword = "admin-e2e-password";
let server: RunningServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page | undefined;

/** As the free online SurveyJS Creator saves it: its own names and settings, no minyi properties. */
const designed = {
  title: { default: "Depot check", "zh-cn": "库房检查" },
  logoPosition: "right",
  pages: [
    {
      name: "page1",
      title: { default: "Work", "zh-cn": "工作" },
      elements: [
        {
          type: "rating",
          name: "question1",
          title: { default: "The tools are fit for the job", "zh-cn": "工具适合工作需要" },
          rateMin: 1,
          rateMax: 5,
          minRateDescription: { default: "Poor", "zh-cn": "差" },
          maxRateDescription: { default: "Excellent", "zh-cn": "好" },
        },
        {
          type: "matrix",
          name: "question2",
          title: { default: "How satisfied are you with each shift?", "zh-cn": "你对各班次的满意程度" },
          columns: [
            { value: 1, text: { default: "Very dissatisfied", "zh-cn": "很不满意" } },
            { value: 2, text: { default: "Dissatisfied", "zh-cn": "不满意" } },
            { value: 3, text: { default: "Neutral", "zh-cn": "一般" } },
            { value: 4, text: { default: "Satisfied", "zh-cn": "满意" } },
            { value: 5, text: { default: "Very satisfied", "zh-cn": "很满意" } },
          ],
          rows: [
            { value: "Row 1", text: { default: "Day shift", "zh-cn": "白班" } },
            { value: "Row 2", text: { default: "Night shift", "zh-cn": "夜班" } },
          ],
        },
        {
          type: "radiogroup",
          name: "question3",
          title: { default: "The bus is on time", "zh-cn": "班车准时" },
          choices: [
            { value: 1, text: { default: "Never", "zh-cn": "从不" } },
            { value: 2, text: { default: "Sometimes", "zh-cn": "有时" } },
            { value: 3, text: { default: "Usually", "zh-cn": "通常" } },
            { value: 4, text: { default: "Always", "zh-cn": "总是" } },
          ],
        },
      ],
    },
    {
      name: "page2",
      title: { default: "You", "zh-cn": "你的意见" },
      elements: [
        {
          type: "rating",
          name: "question4",
          title: { default: "Would you recommend working here?", "zh-cn": "你会推荐朋友来这里工作吗？" },
          rateMin: 0,
          rateMax: 10,
        },
        {
          type: "comment",
          name: "question5",
          title: { default: "What should change?", "zh-cn": "你希望改进什么？" },
        },
      ],
    },
  ],
  headerView: "advanced",
};

beforeAll(async () => {
  if (!existsSync("dist/web/index.html"))
    throw new Error("dist/web is not built: run `npm run build` (npm test does)");
  // A small organisation already loaded, so the server makes the admin account at start.
  const dbPath = join(dir, "minyi.duckdb");
  (await prepareDatabase(dbPath, new Date())).db.close();
  server = await startServer({
    MINYI_DB: dbPath,
    MINYI_ADMIN_PASSWORD: adminPassword,
    MINYI_WEB_DIST: "dist/web",
  });
  browser = await launchBrowser();
  context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await page.goto(`${server.url}/login?next=/admin/surveys`);
  await page.locator('input[name="username"]').fill("admin");
  await page.locator('input[name="password"]').fill(adminPassword);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === "/admin/surveys", { timeout: 15_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function ready(): Page {
  if (!page || !server) throw new Error("setup failed");
  return page;
}

/** A GET from inside the page, with the admin's session, as the app itself calls. */
const apiGet = (path: string) =>
  ready().evaluate(async (p) => {
    const res = await fetch(p);
    return { status: res.status, body: await res.json() };
  }, path);

async function chooseFile(name: string, json: unknown) {
  await ready()
    .getByTestId("upload-file")
    .setInputFiles({
      name,
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(json, null, 2)),
    });
}

const row = (itemId: string) => ready().locator(`tr[data-item="${itemId}"]`);

describe("uploading and tagging a questionnaire", () => {
  it("uploads a designer's JSON file under the id taken from its name, and recognises it again", async () => {
    const p = ready();
    await chooseFile("Depot check.json", designed);
    await expect.poll(() => p.getByTestId("upload-id").inputValue()).toBe("Depot-check");
    await p.getByTestId("upload-id").fill("depot-check");
    await p.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => p.getByTestId("upload-result").textContent()).toBe("Version 1 created.");
    const listed = p.locator('tr[data-survey="depot-check"][data-version="1"]');
    await listed.waitFor();
    expect(await listed.textContent()).toContain("Depot check");

    await chooseFile("depot-check.json", designed);
    await p.getByRole("button", { name: "Upload" }).click();
    await expect
      .poll(() => p.getByTestId("upload-result").textContent())
      .toBe("Identical to version 1: nothing new was added.");
  });

  it("says in the user's language which question a refused upload is about, and stores nothing", async () => {
    const p = ready();
    const broken = { pages: [{ name: "p", elements: [{ type: "checkbox", name: "q9", topic: "safety" }] }] };
    await p.getByTestId("upload-json").fill(JSON.stringify(broken));
    await p.getByTestId("upload-id").fill("broken");
    await p.getByRole("button", { name: "Upload" }).click();
    const error = p.getByTestId("upload-error");
    await expect
      .poll(() => error.textContent())
      .toContain("The questionnaire was not accepted (question “q9”); nothing was stored.");
    await p.getByTestId("lang-toggle").click();
    await p.getByRole("button", { name: "上传" }).click();
    await expect
      .poll(() => error.textContent())
      .toBe(
        "问卷未通过检查（题目“q9”），未保存任何内容。q9: 主题只能设在数值量表题（评分、矩阵、单选、下拉）上，此题是 checkbox",
      );
    await p.getByTestId("lang-toggle").click();
    expect((await apiGet("/api/surveys/broken")).status).toBe(404);
  });

  it("tags questions one by one and in bulk, and saves them as a new version", async () => {
    const p = ready();
    await p
      .locator('tr[data-survey="depot-check"][data-version="1"]')
      .getByRole("link", { name: "Tag topics" })
      .click();
    await p.waitForURL((url) => url.pathname === "/admin/surveys/depot-check/1/tagging");
    await p.getByTestId("tagging-table").waitFor();
    expect(
      await p.locator("tr[data-item]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-item"))),
    ).toEqual([
      "question1",
      "question2",
      "question2.Row 1",
      "question2.Row 2",
      "question3",
      "question4",
      "question5",
    ]);

    // Bulk: every question on the first page gets one topic…
    await p.getByTestId("page-filter").selectOption("page1");
    await p.getByTestId("select-all").check();
    await p.getByTestId("bulk-topic").selectOption("commute");
    await p.getByTestId("bulk-apply").click();
    expect(await row("question2.Row 2").textContent()).toContain("Commuter buses");
    // …then one of them another, with its own threshold.
    await p.getByTestId("page-filter").selectOption("");
    await row("question1").getByTestId("item-topic").selectOption("safety");
    await row("question1").getByTestId("item-favourableMin").fill("5");
    expect(await row("question3").getByTestId("item-favourableMin").getAttribute("placeholder")).toBe(
      "default 3",
    );
    await row("question4").getByTestId("item-enps").check();
    await row("question5").getByTestId("item-demand").check();
    expect(await row("question5").getByTestId("item-enps").isDisabled()).toBe(true);
    expect(await row("question5").getByTestId("item-enps").getAttribute("title")).toBe(
      "eNPS needs a rating from 0 to 10.",
    );

    await p.getByTestId("untagged-filter").check();
    expect(await p.locator("tr[data-item]").count()).toBe(1); // question4: the eNPS item has no topic
    await p.getByTestId("untagged-filter").uncheck();

    await p.getByTestId("save-tagging").click();
    const saved = p.getByTestId("tagging-saved");
    await expect.poll(() => saved.textContent()).toContain("Saved as version 2.");
    await saved.getByRole("link", { name: "Open version 2" }).click();
    await p.waitForURL((url) => url.pathname === "/admin/surveys/depot-check/2/tagging");
    await row("question1").waitFor();
    expect(await row("question1").getByTestId("item-favourableMin").inputValue()).toBe("5");

    const v2 = (await apiGet("/api/surveys/depot-check/versions/2")).body.definition;
    const [first, second] = v2.pages;
    expect(first.elements.map((e: { topic?: string }) => e.topic)).toEqual(["safety", "commute", "commute"]);
    expect(first.elements[0].favourableMin).toBe(5);
    expect(second.elements[0].enps).toBe(true);
    expect(second.elements[1].demand).toBe(true);
    // The uploaded version is as it was.
    expect((await apiGet("/api/surveys/depot-check/versions/1")).body.definition).toEqual(designed);
    const items = (await apiGet("/api/surveys/depot-check/versions/2/items")).body.items as {
      itemId: string;
      topic: string | null;
    }[];
    expect(items.find((i) => i.itemId === "question2.Row 1")?.topic).toBe("commute");
  });

  it("refuses a bad threshold in the user's language and saves nothing", async () => {
    const p = ready();
    await p.goto(`${server?.url}/admin/surveys/depot-check/2/tagging`);
    await row("question1").getByTestId("item-favourableMin").fill("7");
    await p.getByTestId("lang-toggle").click();
    await p.getByTestId("save-tagging").click();
    const error = p.getByTestId("tagging-error");
    await expect
      .poll(() => error.textContent())
      .toBe("问卷未通过检查（题目“question1”），未保存任何内容。question1: 满意下限（7）超出量表范围 1–5");
    await p.getByTestId("lang-toggle").click();
    const list = (await apiGet("/api/surveys")).body as { id: string; latestVersion: number }[];
    expect(list.find((s) => s.id === "depot-check")?.latestVersion).toBe(2);
  });
});

describe("previewing a version", () => {
  it("renders it as respondents see it, in zh-cn and in en, and submits nothing", async () => {
    const p = ready();
    const posted: string[] = [];
    p.on("request", (r) => {
      if (r.method() === "POST") posted.push(r.url());
    });
    await p.goto(`${server?.url}/admin/surveys/depot-check/2/preview`);
    await p.getByTestId("preview-note").waitFor();
    expect(await p.getByTestId("preview-note").textContent()).toContain("not submitted or stored");
    const question = p.locator('.sd-question[data-name="question1"]');
    await expect
      .poll(() => question.locator(".sd-question__title").textContent())
      .toContain("The tools are fit for the job");
    await p.getByTestId("preview-lang-zh-cn").check();
    await expect
      .poll(() => question.locator(".sd-question__title").textContent())
      .toContain("工具适合工作需要");
    expect(await p.getByTestId("preview-note").textContent()).toContain("不会提交");
    await p.getByTestId("preview-lang-en").check();
    await expect
      .poll(() => question.locator(".sd-question__title").textContent())
      .toContain("The tools are fit for the job");

    // Through to the end: the fill page's flow, with the delivery going nowhere.
    await question.locator("label.sd-rating__item").nth(3).click();
    await p.locator(".sd-navigation__next-btn").click();
    await p.locator('.sd-question[data-name="question5"] textarea').fill("More buses");
    await p.locator(".sd-navigation__complete-btn").click();
    await expect
      .poll(() => p.locator('[role="status"]').first().textContent())
      .toContain("nothing was submitted");
    expect(posted).toEqual([]);
  });

  it("fits a phone's screen", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const phone = await browser.newContext({
      locale: "zh-CN",
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
      // The session only: the language this device chose is its own (zh-CN here).
      storageState: { cookies: (await context?.storageState())?.cookies ?? [], origins: [] },
    });
    const small = await phone.newPage();
    await small.goto(`${server.url}/admin/surveys/depot-check/1/preview`);
    const title = small.locator('.sd-question[data-name="question1"] .sd-question__title');
    await expect.poll(() => title.textContent()).toContain("工具适合工作需要");
    // Every rating point on screen as a button, nothing wider than the screen.
    expect(await small.locator('.sd-question[data-name="question1"] label.sd-rating__item').count()).toBe(5);
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.close();
  });

  it("renders every compatibility survey with the fill page's component, without a script error", async () => {
    const p = ready();
    const errors: string[] = [];
    const onError = (e: Error) => errors.push(e.message);
    p.on("pageerror", onError);
    for (const { file, definition } of compatSurveys()) {
      const id = `compat-${file.replace(/\.json$/, "")}`;
      const status = await p.evaluate(
        async ([surveyId, json]) =>
          (
            await fetch("/api/surveys", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ id: surveyId, definition: json }),
            })
          ).status,
        [id, definition] as const,
      );
      expect(status, file).toBe(201);
      await p.goto(`${server?.url}/admin/surveys/${id}/1/preview`);
      // Some open on a page of display-only elements (html, image, expressions): the survey itself is what shows.
      await p.locator('[data-testid="preview-frame"] .sd-root-modern').waitFor({ timeout: 10_000 });
      expect(errors, file).toEqual([]);
    }
    p.off("pageerror", onError);
  }, 180_000);
});
