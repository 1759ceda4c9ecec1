// The staff side of a case in a real browser (built web app, real server on the demo organisation, real DuckDB):
// a demand written in a response is found in the analyst's inbox, classified and routed to 人力资源科; the demo
// handler sees only that department's cases and answers; the analyst rejects the answer as perfunctory, the
// handler answers again, the analyst approves it with public wording; the case page's history lists every step.
// A bad deadline is refused in the user's language and changes nothing; a meeting demand shows its receipt once.
// A merge shows its target before it is saved and can be undone; a step from a stale tab is refused.
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { SurveyDefinition } from "../../server/catalogue/types";
import { demoSite } from "../helpers/demoSite";
import { generateValidData } from "../helpers/generateValidData";

const site = demoSite("cases");
const demand = "端到端测试：希望人力资源科公布夜班津贴的发放标准。";

beforeAll(async () => {
  // A respondent of a team of 第五作业区 writes the demand in the open round's questionnaire.
  const waves = (await (await fetch(`${site.url}/api/waves`)).json()) as { id: string; status: string }[];
  const wave = waves.find((w) => w.status === "open");
  if (!wave) throw new Error("the demo has no open round");
  const form = (await (await fetch(`${site.url}/api/waves/${wave.id}/form`)).json()) as {
    survey: SurveyDefinition;
    units: { id: string; level: number }[];
    groups: { id: string }[];
  };
  const data = generateValidData(form.survey, 7);
  delete data.suggestions;
  data.demands = demand;
  const res = await fetch(`${site.url}/api/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: "00000000-0000-4000-8000-00000000e2e7",
      waveId: wave.id,
      unitId: form.units.find((u) => u.id.startsWith("area-05-st-01-") && u.level === 3)?.id ?? "area-05",
      groupId: form.groups[0]?.id,
      channel: "online",
      data,
    }),
  });
  if (res.status !== 201) throw new Error(`response refused: ${res.status} ${await res.text()}`);
});

async function logIn(context: BrowserContext, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${site.url}/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill("demo");
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== "/login", { timeout: 15_000 });
  return page;
}

/** A GET from inside the page, with its session, as the app itself calls the API. */
const apiGet = (page: Page, path: string) =>
  page.evaluate(async (p) => {
    const res = await fetch(p);
    return { status: res.status, body: await res.json() };
  }, path);

/** Opens a step's form on the case page, fills it through `fill`, saves and waits for the page to reload. */
async function takeStep(
  page: Page,
  step: string,
  fill: (form: ReturnType<Page["getByTestId"]>) => Promise<void>,
) {
  await page.getByTestId(`open-${step}`).click();
  const form = page.getByTestId(`step-${step}`);
  await fill(form);
  await form.locator('button[type="submit"]').click();
  await page.getByTestId("case-notice").waitFor();
}

const status = (page: Page) => page.getByTestId("case-page").getAttribute("data-status");

describe("cases, staff side", () => {
  it("goes from the inbox through routing, a perfunctory answer and its rework to publication", async () => {
    const zh = { locale: "zh-CN", viewport: { width: 1280, height: 900 } };
    const analystContext = await site.browser.newContext(zh);
    const handlerContext = await site.browser.newContext(zh);
    const analyst = await logIn(analystContext, "analyst");

    // The analyst's navigation leads to the inbox; the new case waits in 待分办.
    await analyst.getByRole("link", { name: "诉求承办" }).click();
    await analyst.waitForURL((url) => url.pathname === "/cases");
    expect(await analyst.getByTestId("tab-new").getAttribute("aria-selected")).toBe("true");
    await analyst.locator('input[name="q"]').fill("夜班津贴");
    await analyst.getByTestId("apply-filters").click();
    const row = analyst.locator('[data-testid="case-list"] tbody tr', { hasText: demand });
    await expect.poll(() => analyst.locator('[data-testid="case-list"] tbody tr').count()).toBe(1);
    await row.waitFor();
    const number = Number(await row.getAttribute("data-case-number"));
    await row.locator("a").first().click();
    await analyst.waitForURL((url) => url.pathname.startsWith("/cases/"));
    const caseUrl = analyst.url();
    const caseId = new URL(caseUrl).pathname.split("/")[2] as string;
    expect(await analyst.locator("h1").textContent()).toBe(`承办单 ${number}`);
    expect(await analyst.getByTestId("case-text").textContent()).toBe(demand);
    expect(await status(analyst)).toBe("new");
    // The intake is stored to the hour only: shown as "约…时", explained once.
    expect(
      await analyst.locator('[data-testid="case-history"] li[data-action="received"]').textContent(),
    ).toMatch(/约\d{1,2}时/);
    expect(await analyst.getByTestId("hour-only-hint").textContent()).toContain("只记录到小时");

    await takeStep(analyst, "classify", async (form) => {
      await form.locator('select[name="category"]').selectOption("demand");
      await form.locator('select[name="topic"]').selectOption("pay");
    });

    // A deadline in the past is refused in Chinese, and the case stays where it was.
    await analyst.getByTestId("open-route").click();
    const route = analyst.getByTestId("step-route");
    const proposed = await route.locator('input[name="deadline"]').inputValue();
    expect(proposed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await route.locator('select[name="departmentId"]').selectOption("dept-hr");
    await route.locator('input[name="deadline"]').fill("2020-01-06");
    await route.locator('button[type="submit"]').click();
    await expect
      .poll(() => route.getByTestId("step-error").textContent())
      .toBe("答复时限须在今天到一年之内。");
    const unchanged = await apiGet(analyst, `/api/cases/${caseId}`);
    expect(unchanged.body.case.status).toBe("new");
    expect(unchanged.body.history.map((e: { action: string }) => e.action)).toEqual(["received", "classify"]);

    await route.locator('input[name="deadline"]').fill(proposed);
    await route.locator('button[type="submit"]').click();
    await analyst.getByTestId("case-notice").waitFor();
    await expect.poll(() => status(analyst)).toBe("routed");

    // The handler of 人力资源科 sees the case, and only cases of that department.
    const handler = await logIn(handlerContext, "handler");
    expect(new URL(handler.url()).pathname).toBe("/cases");
    await handler.getByTestId("reminders").waitFor();
    const handlerRow = handler.locator('[data-testid="case-list"] tbody tr', { hasText: demand });
    await handlerRow.waitFor();
    const all = await apiGet(handler, "/api/cases?limit=200");
    expect(all.status).toBe(200);
    expect(all.body.cases.length).toBeGreaterThan(0);
    expect(new Set(all.body.cases.map((c: { departmentId: string }) => c.departmentId))).toEqual(
      new Set(["dept-hr"]),
    );
    await handlerRow.locator("a").first().click();
    await handler.waitForURL((url) => url.pathname === `/cases/${caseId}`);
    await takeStep(handler, "answer", async (form) => {
      await form.locator('textarea[name="answer"]').fill("已收到。");
    });
    await expect.poll(() => status(handler)).toBe("answered");

    // The analyst rejects it as perfunctory.
    await analyst.reload();
    await takeStep(analyst, "reject", async (form) => {
      await form.locator('textarea[name="reason"]').fill("没有回答发放标准。");
      await form.locator('input[name="perfunctory"]').check();
    });
    await expect.poll(() => status(analyst)).toBe("routed");

    // The handler sees why, and answers again.
    await handler.reload();
    await handler.getByTestId("open-answer").click();
    const rework = handler.getByTestId("step-answer");
    expect(await rework.textContent()).toContain("没有回答发放标准。");
    await rework
      .locator('textarea[name="answer"]')
      .fill("夜班津贴按每班 30 元发放，标准已在厂务公开栏公布。");
    await rework.locator('textarea[name="actionTaken"]').fill("在厂务公开栏张贴了发放标准。");
    await rework.locator('button[type="submit"]').click();
    await handler.getByTestId("case-notice").waitFor();
    await expect.poll(() => status(handler)).toBe("answered");

    // The analyst approves it, the wording for the public board starting from the writer's text.
    await analyst.reload();
    await analyst.getByTestId("open-approve").click();
    const approve = analyst.getByTestId("step-approve");
    expect(await approve.locator('textarea[name="publicText"]').inputValue()).toBe(demand);
    expect(await approve.textContent()).toContain("公示栏全厂都能看到");
    await approve.locator('textarea[name="publicText"]').fill("希望公布夜班津贴的发放标准。");
    await approve.locator('button[type="submit"]').click();
    await analyst.getByTestId("case-notice").waitFor();
    await expect.poll(() => status(analyst)).toBe("published");
    expect(await analyst.getByTestId("case-answer").textContent()).toContain("希望公布夜班津贴的发放标准。");

    // The history lists every step, with the rejection's reason and the perfunctory mark.
    const history = analyst.getByTestId("case-history");
    expect(
      await history.locator("li").evaluateAll((items) => items.map((li) => li.getAttribute("data-action"))),
    ).toEqual(["received", "classify", "route", "answer", "reject", "answer", "approve"]);
    const rejected = await history.locator('li[data-action="reject"]').textContent();
    expect(rejected).toContain("没有回答发放标准。");
    expect(rejected).toContain("敷衍答复：部门扣 1 分");
    expect(await history.locator('li[data-action="route"]').textContent()).toContain(
      `转交人力资源科，时限 ${proposed}`,
    );
    expect(await history.locator('li[data-action="approve"]').textContent()).toContain("analyst");

    // The same case page in English.
    const enContext = await site.browser.newContext({
      locale: "en-GB",
      viewport: { width: 1280, height: 900 },
    });
    const en = await logIn(enContext, "analyst");
    await en.goto(`${site.url}/cases/${number}`);
    await en.getByTestId("case-history").waitFor();
    expect(await en.locator("h1").textContent()).toBe(`Case ${number}`);
    expect(await en.getByTestId("case-page").textContent()).toContain("Human Resources Department");
    expect(await en.locator('[data-testid="case-history"] li[data-action="reject"]').textContent()).toContain(
      "Perfunctory answer: −1 for the department",
    );
    await enContext.close();
    await handlerContext.close();
    await analystContext.close();
  }, 180_000);

  it("logs a meeting demand and shows its receipt once, which opens the writer's view of it", async () => {
    const context = await site.browser.newContext({
      locale: "zh-CN",
      viewport: { width: 1280, height: 900 },
    });
    const analyst = await logIn(context, "analyst");
    await analyst.goto(`${site.url}/cases`);
    const newCount = () => analyst.locator('[data-testid="tab-new"] .case-count').textContent();
    await analyst.getByTestId("case-list").waitFor();
    await expect.poll(newCount, { timeout: 10_000 }).toMatch(/^\d+$/);
    const before = Number(await newCount());
    await analyst.getByTestId("log-meeting").click();
    const form = analyst.getByTestId("meeting-form");
    // The unit is found by typing part of its name, not in a select of every unit.
    await form.getByTestId("unit-search").fill("第五作业区");
    await form.getByTestId("unit-option-area-05").click();
    await form.locator('textarea[name="text"]').fill("班组会提出：希望增加冬季取暖补贴。");
    expect(await form.textContent()).toContain("17 / 4000");
    await form.locator('select[name="topic"]').selectOption("welfare");
    await form.locator('button[type="submit"]').click();
    const code = (await analyst.getByTestId("receipt-code").textContent()) ?? "";
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(await analyst.getByTestId("meeting-receipt").textContent()).toContain("只显示这一次");
    const note = (await analyst.getByTestId("receipt-note").textContent()) ?? "";
    expect(note).toContain(`请提出人打开 ${site.url}/r 输入查询码`);
    expect(note).not.toContain("/r/");
    // The list behind the receipt already counts it.
    await expect.poll(newCount, { timeout: 10_000 }).toBe(String(before + 1));

    // The receipt opens the writer's view of exactly this case; staff lists never show it again.
    const writer = (await (await fetch(`${site.url}/api/receipts/${code}`)).json()) as {
      cases: { text: string }[];
    };
    expect(writer.cases.map((c) => c.text)).toEqual(["班组会提出：希望增加冬季取暖补贴。"]);
    await analyst.getByRole("button", { name: "完成" }).click();
    await analyst.locator('[data-testid="case-list"] tbody tr', { hasText: "冬季取暖补贴" }).waitFor();
    expect(await analyst.locator("body").textContent()).not.toContain(code);
    await context.close();
  }, 120_000);

  it("shows a merge's target before saving it, undoes the merge, and refuses a step from a stale tab", async () => {
    const context = await site.browser.newContext({
      locale: "zh-CN",
      viewport: { width: 1280, height: 900 },
    });
    const analyst = await logIn(context, "analyst");
    const log = (text: string, topic: string) =>
      analyst.evaluate(
        async (b) => {
          const res = await fetch("/api/cases", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(b),
          });
          return (await res.json()).case as { id: string; number: number };
        },
        { unitId: "area-05", text, topic },
      );
    const duplicate = await log("合并测试：食堂晚饭菜品太少，希望增加。", "pay");
    const target = await log("合并测试：希望食堂晚饭多几个菜。", "welfare");

    await analyst.goto(`${site.url}/cases/${duplicate.number}`);
    await analyst.getByTestId("open-merge").click();
    const merge = analyst.getByTestId("step-merge");
    // A typo finds nothing, and nothing can be saved yet.
    await merge.locator('input[name="into"]').fill("999999");
    await merge.getByTestId("merge-lookup").click();
    await expect
      .poll(() => merge.getByTestId("merge-problem").textContent())
      .toBe("没有你可查看的这个单号的承办单。");
    expect(await merge.locator('button[type="submit"]').count()).toBe(0);

    await merge.locator('input[name="into"]').fill(String(target.number));
    await merge.getByTestId("merge-lookup").click();
    const preview = merge.getByTestId("merge-preview");
    await preview.waitFor();
    expect(await preview.textContent()).toContain(`承办单 ${target.number}`);
    expect(await preview.textContent()).toContain("合并测试：希望食堂晚饭多几个菜。");
    expect(await preview.textContent()).toContain("待分办");
    expect(await merge.getByTestId("merge-warning").textContent()).toContain("请注意：那张承办单的主题是");
    const unsaved = await apiGet(analyst, `/api/cases/${duplicate.id}`);
    expect(unsaved.body.case.status).toBe("new");

    await merge.getByRole("button", { name: "确认合并" }).click();
    await analyst.getByTestId("case-notice").waitFor();
    await expect.poll(() => status(analyst)).toBe("merged");

    // Undone from the merged case's page: back to triage, on its own.
    await takeStep(analyst, "unmerge", async () => {});
    await expect.poll(() => status(analyst)).toBe("new");
    expect(
      await analyst.locator('[data-testid="case-history"] li[data-action="unmerge"]').textContent(),
    ).toContain(`原合并到承办单 ${target.number}`);
    expect((await apiGet(analyst, `/api/cases/${target.id}`)).body.case.duplicates).toEqual([]);

    // Two tabs on the same case: one routes it, the other's step is refused with a way to reload.
    const second = await context.newPage();
    await second.goto(`${site.url}/cases/${duplicate.number}`);
    await second.getByTestId("case-history").waitFor();
    await takeStep(analyst, "route", async (form) => {
      await form.locator('select[name="departmentId"]').selectOption("dept-hr");
    });
    await expect.poll(() => status(analyst)).toBe("routed");
    await second.getByTestId("open-classify").click();
    const classify = second.getByTestId("step-classify");
    await classify.locator('select[name="topic"]').selectOption("welfare");
    await classify.locator('button[type="submit"]').click();
    await expect
      .poll(() => classify.getByTestId("step-error").textContent())
      .toBe("此承办单已被他人更新，请刷新查看最新情况后再操作。");
    const after = await apiGet(second, `/api/cases/${duplicate.id}`);
    expect(after.body.case.topic).toBe("pay");
    expect(after.body.history.at(-1).action).toBe("route");
    await classify.getByTestId("reload-case").click();
    await expect.poll(() => status(second)).toBe("routed");
    await context.close();
  }, 120_000);
});
