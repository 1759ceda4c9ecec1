// The closed loop as its people live it, through the built web app, a real server process and a real DuckDB: a
// respondent on a 375 px phone writes a demand in the questionnaire and keeps the receipt; the analyst routes it to
// 人力资源科, the department's handler answers, the analyst approves it with wording for the board (staff steps over
// HTTP); the writer opens the receipt link, reads the answer, rates it once, finds it on the public board, reopens
// it once; a tab left open from before is refused and then shows where the case stands; a mistyped code gets a
// message in the writer's language, and the page reads the same in English.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { type Manifest, routeFiles } from "../../web/routeFiles";
import { answerSurveyPage, launchBrowser } from "../helpers/browser";
import { prepareDatabase, testPassword } from "../helpers/fixture";
import { type RunningServer, startServer } from "../helpers/spawnServer";

const dir = mkdtempSync(join(tmpdir(), "minyi-demand-loop-"));
const dbFile = join(dir, "loop.duckdb");
const demand = "希望增加夜班餐补。";
let server: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync("dist/web/index.html"))
    throw new Error("dist/web is not built: run `npm run build` (npm test does)");
  const now = new Date();
  const fixture = await prepareDatabase(dbFile, now);
  for (const [username, role, scopeUnitId] of [
    ["analyst", "analyst", "plant"],
    ["handler", "handler", "dept-hr"],
  ] as const) {
    await createUser(
      fixture.db,
      { username, password: testPassword, role, scopeUnitId },
      { actor: "test", now },
    );
  }
  fixture.db.close();
  server = await startServer({ MINYI_DB: dbFile, MINYI_DEMO: "0", MINYI_WEB_DIST: "dist/web" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A staff member's step over HTTP, as the staff pages would send it. */
async function staff(username: string) {
  if (!server) throw new Error("no server");
  const base = server.url;
  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: testPassword }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
  return async (path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json", cookie },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json() };
  };
}

const phone = (b: Browser, locale: string) =>
  b.newContext({ viewport: { width: 375, height: 740 }, locale, isMobile: true, hasTouch: true });

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

async function fillQuestionnaire(page: Page, url: string): Promise<string> {
  await page.goto(`${url}/s/wave-open`);
  await page.getByTestId("unit-search").fill("采油班");
  await page.getByTestId("unit-option-team-1").click();
  await page.getByTestId("group-option-staff").check();
  await page.getByTestId("start-survey").click();
  await expect.poll(() => page.locator(".sd-root-modern").count()).toBeGreaterThan(0);
  for (let step = 0; step < 20; step++) {
    await answerSurveyPage(page);
    const complete = page.locator(".sd-navigation__complete-btn");
    if (await complete.isVisible()) {
      await complete.click();
      break;
    }
    await page.locator(".sd-navigation__next-btn").click();
  }
  return ((await page.getByTestId("receipt").textContent({ timeout: 15_000 })) ?? "").trim();
}

describe("a demand from the questionnaire to its rated, published answer", () => {
  let context: BrowserContext;

  it("goes round the whole loop", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const url = server.url;
    context = await phone(browser, "zh-CN");
    const page = await context.newPage();

    // 1. The respondent writes a demand and keeps the receipt; the thank-you screen links to its page.
    const receipt = await fillQuestionnaire(page, url);
    expect(receipt).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    const follow = page.getByTestId("follow-answers");
    expect(await follow.textContent()).toBe("查看答复进度");
    // The code never goes into the address: a shared PC's history would offer it to the next person.
    expect(await follow.getAttribute("href")).toBe("/r");
    const storedBefore = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    const historyBefore = await page.evaluate(() => history.length);

    // 2. Straight away the case is there, received, in the writer's own words; the answer is never cached.
    const [receiptAnswer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/receipts/${receipt}`)),
      follow.click(),
    ]);
    expect(receiptAnswer.headers()["cache-control"]).toBe("no-store");
    expect(page.url()).toBe(`${url}/r`);
    await expect.poll(() => page.getByTestId("case-stage").textContent()).toBe("已收到");
    expect(await page.locator(".writer-case .case-text").first().textContent()).toBe(demand);
    expect(await page.getByTestId("receipt-shown").textContent()).toBe(`查询码 ${receipt}`);
    await noSidewaysScroll(page);

    // 3. Staff: the analyst routes it to 人力资源科, the handler answers, the analyst approves it for the board.
    const analyst = await staff("analyst");
    const handler = await staff("handler");
    const listed = await analyst(`/api/cases?q=${encodeURIComponent("夜班餐补")}`);
    expect(listed.body.total).toBe(1);
    const caseId: string = listed.body.cases[0].id;
    expect(JSON.stringify(listed.body)).not.toContain(receipt);
    expect((await analyst(`/api/cases/${caseId}/route`, { departmentId: "dept-hr" })).status).toBe(200);
    await page.reload();
    expect(await page.getByTestId("case-stage").textContent()).toBe("办理中");
    expect(await page.getByTestId("case-progress").textContent()).toMatch(
      /^人力资源科正在办理，答复时限：\d{4}年\d{1,2}月\d{1,2}日。$/,
    );
    const answered = await handler(`/api/cases/${caseId}/answer`, {
      answer: "自下月起夜班餐补由每班15元提高到20元。",
      actionTaken: "已修订《夜班补贴发放办法》并报厂务会通过。",
    });
    expect(answered.status).toBe(200);
    // A draft awaiting approval stays with staff.
    await page.reload();
    expect(await page.getByTestId("case-answer").count()).toBe(0);
    const approved = await analyst(`/api/cases/${caseId}/approve`, { publicText: "希望提高夜班餐补标准。" });
    expect(approved.body.case.status).toBe("published");

    // 4. The writer reads the published answer and rates it once: the buttons go away, a second rating is refused.
    await page.reload();
    expect(await page.getByTestId("case-stage").textContent()).toBe("已答复");
    const answer = page.getByTestId("case-answer");
    expect(await answer.textContent()).toContain("自下月起夜班餐补由每班15元提高到20元。");
    expect(await answer.textContent()).toContain("已修订《夜班补贴发放办法》并报厂务会通过。");
    expect(await answer.textContent()).toContain("人力资源科");
    await noSidewaysScroll(page);
    expect(await page.getByTestId("rate-basically").textContent()).toBe("基本满意");
    await page.getByTestId("rate-satisfied").click();
    await expect.poll(() => page.getByTestId("case-rating").textContent()).toBe("你的评价：满意");
    expect(await page.locator("[data-testid^=rate-]").count()).toBe(0);
    expect(await page.getByTestId("case-stage").textContent()).toBe("已办结");
    const twice = await fetch(`${url}/api/receipts/${receipt}/cases/${caseId}/rating`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ rating: "dissatisfied" }),
    });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { error: { code: string } }).error.code).toBe("already_rated");
    await page.reload();
    expect(await page.getByTestId("case-rating").textContent()).toBe("你的评价：满意");
    expect(await page.locator("[data-testid^=rate-]").count()).toBe(0);

    // 5. The public board shows the answer under the approved wording, for the writer's unit and above it.
    await page.getByRole("link", { name: "答复公示栏" }).click();
    await page.getByTestId("board-case").first().waitFor();
    expect(await page.getByTestId("board-counts").textContent()).toBe("已答复 1 件 · 采纳建议 0 条");
    const card = page.getByTestId("board-case");
    expect(await card.locator("h2").textContent()).toBe("希望提高夜班餐补标准。");
    expect(await card.textContent()).toContain("自下月起夜班餐补由每班15元提高到20元。");
    expect(await card.textContent()).not.toContain(demand);
    await page.getByTestId("board-choose-unit").click();
    await page.getByTestId("unit-search").fill("采油班");
    await page.getByTestId("unit-option-team-1").click();
    expect(await page.getByTestId("board-unit").textContent()).toBe("第一作业区 › 中心站1 › 采油班");
    await expect.poll(() => page.getByTestId("board-case").count()).toBe(1);
    expect(new URL(page.url()).search).toBe("?unit=team-1");
    await page.getByTestId("board-choose-unit").click();
    await page.getByTestId("unit-option-dept-hr").click();
    await expect
      .poll(() => page.getByTestId("board-counts").textContent())
      .toBe("已答复 0 件 · 采纳建议 0 条");
    expect(await page.getByTestId("board-case").count()).toBe(0);
    await noSidewaysScroll(page);

    // 6. The page reads the same in English.
    const english = await phone(browser, "en-US");
    const en = await english.newPage();
    await en.goto(`${url}/r/${receipt}`);
    await expect.poll(() => en.getByTestId("case-stage").textContent()).toBe("Closed");
    expect(await en.locator("h1").textContent()).toBe("Your demands and suggestions");
    expect(await en.getByTestId("case-rating").textContent()).toBe("Your rating: Satisfied");
    expect(await en.getByTestId("case-answer").textContent()).toContain("HR, published ");
    expect(await en.getByTestId("reopen-offer").textContent()).toBe("Still not solved? Reopen the case");
    await noSidewaysScroll(en);
    await english.close();

    // 7. Reopening is offered once, after a warning that it is once only; then the case is back with the department.
    // A second tab, opened now, goes stale when the first one reopens the case.
    const stale = await context.newPage();
    await stale.goto(`${url}/r/${receipt}`);
    await stale.getByTestId("reopen-offer").waitFor();
    await page.goto(`${url}/r/${receipt}`);
    await page.getByTestId("reopen-offer").click();
    expect(page.url()).toBe(`${url}/r`);
    // A reload keeps the code in the tab's own history entry.
    await page.reload();
    await page.getByTestId("reopen-offer").click();
    expect(await page.getByTestId("reopen-panel").textContent()).toContain("每件诉求只能申请重新办理一次");
    await page.getByTestId("reopen-confirm").click();
    expect(await page.getByRole("alert").textContent()).toBe("请写明仍未解决的问题。");
    await page.getByTestId("reopen-comment").fill("餐补提高了，但夜班食堂仍然不开门。");
    await page.getByTestId("reopen-confirm").click();
    await expect.poll(() => page.getByTestId("case-stage").textContent()).toBe("办理中");
    expect(await page.getByTestId("case-progress").textContent()).toContain("人力资源科正在办理");
    expect(await page.getByTestId("reopen-offer").count()).toBe(0);
    expect(await page.locator(".writer-case").textContent()).toContain(
      "你已申请重新办理：“餐补提高了，但夜班食堂仍然不开门。”",
    );
    expect((await analyst(`/api/cases/${caseId}`)).body.case.status).toBe("routed");
    // The stale tab still offers to reopen: refused, it shows the case as it now stands and says why in those terms.
    await stale.bringToFront();
    await stale.getByTestId("reopen-offer").click();
    await stale.getByTestId("reopen-comment").fill("夜班食堂还是不开门。");
    await stale.getByTestId("reopen-confirm").click();
    await expect
      .poll(() => stale.getByTestId("case-problem").textContent())
      .toBe("这件诉求已重新办理，正在等待新的答复。");
    expect(await stale.getByTestId("case-stage").textContent()).toBe("办理中");
    expect(await stale.getByTestId("reopen-offer").count()).toBe(0);
    expect(await stale.getByTestId("reopen-panel").count()).toBe(0);
    expect(stale.url()).toBe(`${url}/r`);
    await page.bringToFront();
    // Answered again: the new answer can be rated, but the case cannot be reopened a second time.
    await handler(`/api/cases/${caseId}/answer`, { answer: "夜班食堂自下周一起开放至凌晨2点。" });
    await analyst(`/api/cases/${caseId}/approve`, {});
    await page.reload();
    expect(await page.getByTestId("case-stage").textContent()).toBe("已答复");
    expect(await page.getByTestId("case-answer").textContent()).toContain(
      "夜班食堂自下周一起开放至凌晨2点。",
    );
    expect(await page.getByTestId("rate-satisfied").count()).toBe(1);
    expect(await page.getByTestId("reopen-offer").count()).toBe(0);
    expect(await page.locator(".writer-case").textContent()).toContain("已重新办理过一次，不能再次申请。");
    // Rated in one tab, the other tab's rating is refused: its buttons go and the rating given shows instead.
    await stale.bringToFront();
    await stale.reload();
    await stale.getByTestId("rate-satisfied").waitFor();
    await page.bringToFront();
    await page.getByTestId("rate-dissatisfied").click();
    await expect.poll(() => page.getByTestId("case-rating").textContent()).toBe("你的评价：不满意");
    await stale.bringToFront();
    await stale.getByTestId("rate-satisfied").click();
    await expect
      .poll(() => stale.getByTestId("case-problem").textContent())
      .toBe("你已经评价过这个答复，每个答复只能评价一次。");
    expect(await stale.locator("[data-testid^=rate-]").count()).toBe(0);
    expect(await stale.getByTestId("case-rating").textContent()).toBe("你的评价：不满意");
    expect(await stale.getByTestId("case-stage").textContent()).toBe("已办结");
    const again = await fetch(`${url}/api/receipts/${receipt}/cases/${caseId}/reopen`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ comment: "再试一次" }),
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("already_reopened");

    // Nothing of the receipt page stayed on the device: the same storage as after submitting, history only grew
    // by the addresses visited (the thank-you screen, the receipt page and the board).
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).toBe(storedBefore);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.evaluate(() => history.length)).toBeGreaterThan(historyBefore);
    await context.close();
  }, 180_000);

  it("forgives the way a code is typed, and says so plainly when a code is wrong", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const url = server.url;
    context = await phone(browser, "zh-CN");
    const page = await context.newPage();
    await page.goto(`${url}/`);
    await page.getByRole("link", { name: "凭查询码查看诉求和建议的答复" }).click();
    await page.waitForURL(`${url}/r`);
    expect(await page.getByTestId("receipt-input").getAttribute("autocomplete")).toBe("off");

    // A code of the wrong shape is caught before anything is asked of the server.
    await page.getByTestId("receipt-input").fill("abc12");
    await page.getByTestId("receipt-lookup").click();
    expect(await page.getByTestId("receipt-problem").textContent()).toBe(
      "查询码由 10 位字母和数字组成，例如 7KQ2M-XR4PD（不含 0、O、1、I、L），请核对后重新输入。",
    );
    expect(page.url()).toBe(`${url}/r`);

    // A well-shaped code nobody holds, typed in lower case with a space: looked up in its printed form.
    await page.getByTestId("receipt-input").fill("abcde 23456");
    await page.getByTestId("receipt-lookup").click();
    await expect
      .poll(() => page.getByTestId("receipt-problem").textContent())
      .toBe(
        "没有用这个查询码提出的诉求或建议。请核对查询码；如果填写问卷时没有写诉求或建议，这里就没有可查询的内容。",
      );
    expect(await page.getByTestId("receipt-input").inputValue()).toBe("ABCDE-23456");
    expect(page.url()).toBe(`${url}/r`);

    // In the address bar, a wrong shape gets the server's verdict in the writer's language.
    await page.goto(`${url}/r/hello`);
    await expect
      .poll(() => page.getByTestId("receipt-problem").textContent())
      .toContain("查询码由 10 位字母和数字组成");
    await noSidewaysScroll(page);
    await context.close();

    const english = await phone(browser, "en-GB");
    const en = await english.newPage();
    await en.goto(`${url}/r/ABCDE-23456`);
    await expect
      .poll(() => en.getByTestId("receipt-problem").textContent())
      .toBe(
        "No demand or suggestion was written with this code. Check the code: if you left the demand and suggestion questions empty, there is nothing to follow here.",
      );
    await english.close();
  }, 60_000);

  it("keeps the writer's pages out of the kiosk's service worker", () => {
    const manifest = JSON.parse(readFileSync("dist/web/.vite/manifest.json", "utf8")) as Manifest;
    const worker = readFileSync("dist/web/sw.js", "utf8");
    const kiosk = routeFiles(manifest, ["src/kiosk/KioskPage.tsx", "src/kiosk/KioskChooser.tsx"]);
    const writer = [...routeFiles(manifest, ["src/receipts/ReceiptPage.tsx", "src/board/BoardPage.tsx"])];
    const ownFiles = writer.filter((file) => !kiosk.has(file));
    expect(ownFiles.length).toBeGreaterThanOrEqual(2);
    for (const file of ownFiles) expect(worker).not.toContain(file);
    // Only kiosk addresses start from the cached shell; /r and /board always load from the server.
    expect(worker).toContain("allowlist:[/^\\/kiosk(\\/|$)/]");
    // And no API answer of theirs is cached at run time (only wave forms are).
    expect(worker).not.toMatch(/receipts|board/);
  });
});
