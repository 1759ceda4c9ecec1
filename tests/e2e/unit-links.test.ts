// A grid worker in the real UI (built web app, real server process, real DuckDB): its stations' progress, the link
// sheets with their QR codes, a printed short link followed on a 375 px phone to the fill page with the unit fixed,
// slips issued (a count out of range refused, the first ones confirmed) and one used — the same slip opened again, or a
// made-up one, is refused on the landing page with a message the person can act on, before any questionnaire.
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { answerSurveyPage } from "../helpers/browser";
import { browserSite } from "../helpers/browserSite";
import { prepareDatabase } from "../helpers/fixture";

const password = "collector-e2e-password";
const site = browserSite("links", async (dir) => {
  const dbFile = join(dir, "e2e.duckdb");
  const fixture = await prepareDatabase(dbFile, new Date());
  await createUser(
    fixture.db,
    { username: "grid", password, role: "collector", scopeUnitId: "st-1" },
    { actor: "test", now: new Date() },
  );
  fixture.db.close();
  return { MINYI_DB: dbFile, MINYI_DEMO: "0" };
});

const phone = () =>
  site.browser.newContext({
    viewport: { width: 375, height: 740 },
    locale: "zh-CN",
    isMobile: true,
    hasTouch: true,
  });

/** Opens `url` on a fresh phone, starts with the unit the link fixed, answers everything and presses Complete. */
async function fillFrom(url: string): Promise<{ page: Page; context: BrowserContext }> {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(url);
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
  return { page, context };
}

describe("unit links and slips, as a grid worker", () => {
  it("shows its station's progress, prints QR sheets whose links open the fill page, and spends slips once", async () => {
    const staff = await site.browser.newContext({ locale: "zh-CN" });
    const page = await staff.newPage();
    await page.goto(`${site.url}/login`);
    await page.locator('input[name="username"]').fill("grid");
    await page.locator('input[name="password"]').fill(password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === "/progress");

    // Progress: the station is the root, its team below it, no error.
    const rows = page.getByTestId("progress").locator("tbody th");
    await expect.poll(() => rows.allTextContents()).toEqual(["中心站1", "采油班"]);
    expect(await page.getByRole("alert").count()).toBe(0);

    await page.getByRole("link", { name: "链接与二维码" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/links");
    const links = page.getByTestId("link-url");
    await expect.poll(() => links.count()).toBe(2);
    const urls = await links.allTextContents();
    for (const url of urls) expect(url).toMatch(new RegExp(`^${site.url}/l/[2-9A-HJKMNP-Z]{8}$`));
    // No MINYI_PUBLIC_URL here: the sheets would print the machine's own address, and the page warns of it.
    expect(await page.getByTestId("links-local-address").textContent()).toContain("MINYI_PUBLIC_URL");

    // One sheet per unit, each with a drawn QR code of its link and the link in large type.
    const sheets = page.getByTestId("sheet");
    await expect.poll(() => sheets.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      const qr = sheets.nth(i).getByTestId("qr");
      expect(await qr.getAttribute("data-text")).toBe(urls[i]);
      expect(((await qr.locator("path").getAttribute("d")) ?? "").length).toBeGreaterThan(1000);
      expect(await sheets.nth(i).getByTestId("sheet-link").textContent()).toBe(
        urls[i]?.replace("http://", ""),
      );
    }
    expect(await sheets.nth(1).locator(".sheet-unit").textContent()).toBe("中心站1 / 采油班");
    // Choosing which units to print leaves only theirs.
    await page.getByRole("checkbox").first().uncheck();
    await expect.poll(() => sheets.count()).toBe(1);
    expect(await sheets.first().getAttribute("data-unit")).toBe("team-1");

    // The team's printed link, typed into a phone's browser, opens the fill page with the team fixed.
    const sheetLink = (await sheets.first().getByTestId("sheet-link").textContent()) ?? "";
    const visitor = await phone();
    const visit = await visitor.newPage();
    await visit.goto(`http://${sheetLink}`);
    await visit.waitForURL(
      (url) => url.pathname === "/s/wave-open" && url.searchParams.get("unit") === "team-1",
    );
    expect(await visit.locator(".unit-fixed").textContent()).toContain("采油班");
    expect(await visit.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // A code that was never printed says so instead of a blank page.
    await visit.goto(`${site.url}/l/ZZZZZZZZ`);
    expect(await visit.getByTestId("link-unknown").locator("h1").textContent()).toBe("此链接无效");
    await visitor.close();

    // A count of 0 or over 2000 is refused on the page: nothing is sent, nothing issued.
    await page.getByTestId("slip-unit").selectOption("team-1");
    const tokenCounts = () => page.evaluate(async () => (await fetch("/api/waves/wave-open/tokens")).json());
    for (const count of ["0", "2001", "2.5"]) {
      await page.getByTestId("slip-count").fill(count);
      await page.getByTestId("issue").click();
      expect(await page.getByTestId("slip-count-problem").textContent()).toContain("1 到 2000");
      expect(await page.getByTestId("slip-confirm").count()).toBe(0);
    }
    expect(await tokenCounts()).toEqual([]);

    // Two slips for the team, the first ones only once confirmed; the first is used once through the UI, then
    // refused on the landing page the second time.
    await page.getByTestId("slip-count").fill("2");
    await page.getByTestId("issue").click();
    expect(await page.getByTestId("slip-confirm").textContent()).toContain(
      "每一份答卷都需要一张未用过的邀请条",
    );
    expect(await tokenCounts()).toEqual([]);
    await page.getByTestId("issue-confirm").click();
    const slipCodes = page.getByTestId("slips").getByTestId("qr");
    await expect.poll(() => slipCodes.count()).toBe(2);
    const slipUrl = (await slipCodes.first().getAttribute("data-text")) ?? "";
    expect(slipUrl).toMatch(new RegExp(`^${urls[1]}\\?t=[2-9A-HJKMNP-Z]{12}$`));
    await expect
      .poll(() => page.getByTestId("links").locator("tbody tr").nth(1).locator("td").last().textContent())
      .toBe("0 / 2 需凭邀请条填写");
    expect(await page.getByTestId("slip-needed-mark").count()).toBe(1);
    // The team's sheet says a slip is needed; the station's, without slips, does not.
    await page.getByRole("checkbox").first().check();
    await expect.poll(() => sheets.count()).toBe(2);
    expect(await sheets.nth(0).getByTestId("sheet-slip-needed").count()).toBe(0);
    expect(await sheets.nth(1).getByTestId("sheet-slip-needed").textContent()).toContain("需凭邀请条填写");

    // The plain sheet link of a unit with slips says so before the questionnaire instead of refusing it at the end.
    const plain = await phone();
    const plainPage = await plain.newPage();
    await plainPage.goto(`http://${sheetLink}`);
    await plainPage.getByTestId("group-option-staff").check();
    expect(await plainPage.getByTestId("slip-needed").textContent()).toContain("一次性邀请条");
    expect(await plainPage.getByTestId("start-survey").isDisabled()).toBe(true);
    // A made-up slip code is refused before the questionnaire: no start button at all.
    await plainPage.goto(`${urls[1]}?t=ABCDEFGHJKMN`);
    expect(await plainPage.getByTestId("slip-refused").textContent()).toContain("邀请码对本次调查和单位无效");
    expect(await plainPage.getByTestId("start-survey").count()).toBe(0);
    await plain.close();

    const first = await fillFrom(slipUrl);
    expect((await first.page.getByTestId("receipt").textContent({ timeout: 15_000 }))?.trim()).toMatch(
      /^[2-9A-Z]{5}-[2-9A-Z]{5}$/,
    );
    await first.context.close();

    // The used slip opened again: refused on the landing page, not after a whole questionnaire.
    const again = await phone();
    const againPage = await again.newPage();
    await againPage.goto(slipUrl);
    expect(await againPage.getByTestId("slip-refused").textContent()).toContain("每张邀请条只能提交一份");
    expect(await againPage.getByTestId("start-survey").count()).toBe(0);
    expect(await againPage.locator(".sd-root-modern").count()).toBe(0);
    await again.close();

    // More slips for a unit that has some already need no confirmation.
    await page.getByTestId("slip-count").fill("1");
    await page.getByTestId("issue").click();
    await expect.poll(() => slipCodes.count()).toBe(1);
    expect(await page.getByTestId("slip-confirm").count()).toBe(0);
    expect(await tokenCounts()).toEqual([{ unitId: "team-1", issued: 3, used: 1 }]);
    await staff.close();
  }, 150_000);
});
