// A respondent on a 375 px phone, in Chinese, fills the plant questionnaire through the real UI (built web app,
// real server process, real DuckDB) and the response is found stored with the unit, group and answers chosen; one
// who writes no demand or suggestion is told there is no receipt code to keep.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../server/storage/database";
import { answerSurveyPage, launchBrowser } from "../helpers/browser";
import { prepareDatabase } from "../helpers/fixture";
import { type RunningServer, startServer } from "../helpers/spawnServer";

const dir = mkdtempSync(join(tmpdir(), "minyi-e2e-"));
const dbFile = join(dir, "e2e.duckdb");
let server: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync("dist/web/index.html"))
    throw new Error("dist/web is not built: run `npm run build` (npm test does)");
  const fixture = await prepareDatabase(dbFile, new Date());
  fixture.db.close();
  server = await startServer({ MINYI_DB: dbFile, MINYI_DEMO: "0", MINYI_WEB_DIST: "dist/web" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("fill page on a phone, in Chinese", () => {
  it("tells a respondent who wrote no demand or suggestion that there is no code to keep", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      locale: "zh-CN",
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/wave-open`);
    await page.getByTestId("unit-search").fill("采油班");
    await page.getByTestId("unit-option-team-1").click();
    await page.getByTestId("group-option-staff").check();
    await page.getByTestId("start-survey").click();
    await expect.poll(() => page.locator(".sd-root-modern").count()).toBeGreaterThan(0);
    for (let step = 0; step < 20; step++) {
      await answerSurveyPage(page);
      // Only spaces in the demand box: the server takes no case from it, so neither does the thank-you screen.
      const demands = page.locator(".sd-question[data-name=demands] textarea");
      if (await demands.isVisible()) await demands.fill("   ");
      const complete = page.locator(".sd-navigation__complete-btn");
      if (await complete.isVisible()) {
        await complete.click();
        break;
      }
      await page.locator(".sd-navigation__next-btn").click();
    }
    const told = page.getByTestId("no-demand");
    expect(await told.textContent({ timeout: 15_000 })).toBe("你没有填写诉求或建议，无需保存查询码。");
    expect(await page.locator("#thanks-title").textContent()).toBe("感谢你的参与！");
    expect(await page.getByTestId("receipt").count()).toBe(0);
    expect(await page.getByTestId("follow-answers").count()).toBe(0);
    // The response was stored all the same, and its code would indeed lead nowhere.
    const saved = await page.evaluate(() => localStorage.getItem("minyi:receipt:wave-open"));
    const { receipt } = JSON.parse(saved ?? "{}") as { receipt?: string };
    expect(receipt).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    const lookUp = await fetch(`${server.url}/api/receipts/${receipt}`);
    expect(((await lookUp.json()) as { error: { code: string } }).error.code).toBe("receipt_not_found");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // A reload keeps saying so; the next person on the device starts clean.
    await page.reload();
    await page.getByTestId("no-demand").waitFor();
    await page.getByTestId("another-person").click();
    await page.getByTestId("unit-search").waitFor();
    await context.close();
  }, 120_000);

  it("fills the plant questionnaire and stores the response", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      locale: "zh-CN",
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/s/wave-open`);

    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByTestId("unit-search").fill("采油班");
    await page.getByTestId("unit-option-team-1").click();
    await page.getByTestId("group-option-team_leader").check();
    await page.getByTestId("start-survey").click();

    await expect.poll(() => page.locator(".sd-root-modern").count()).toBeGreaterThan(0);
    expect((await page.locator(".sd-title").first().textContent()) ?? "").toContain("满意度");
    for (let step = 0; step < 20; step++) {
      await answerSurveyPage(page);
      const complete = page.locator(".sd-navigation__complete-btn");
      if (await complete.isVisible()) {
        await complete.click();
        break;
      }
      await page.locator(".sd-navigation__next-btn").click();
    }
    const receipt =
      (
        await page
          .getByTestId("receipt")
          .textContent({ timeout: 15_000 })
          .catch(async (error: unknown) => {
            const shot = join(tmpdir(), "minyi-fill-page-failure.png");
            await page.screenshot({ path: shot, fullPage: true });
            throw new Error(`no receipt shown (screenshot: ${shot}): ${String(error)}`);
          })
      )?.trim() ?? "";
    expect(receipt).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    // Nothing scrolls sideways on a 375 px screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // Reloading keeps the receipt on screen; on a shared device the next person starts clean.
    await page.reload();
    expect((await page.getByTestId("receipt").textContent())?.trim()).toBe(receipt);
    await page.getByTestId("another-person").click();
    await page.getByTestId("unit-search").waitFor();
    await context.close();

    await server.stop();
    server = undefined;
    const db = await openDatabase(dbFile);
    const rows = await queryRows<{
      unit_id: string;
      group_id: string;
      channel: string;
      enps: number;
      demand: string;
    }>(
      db.read,
      `SELECT r.unit_id, r.group_id, r.channel,
         (SELECT value_num FROM answers a WHERE a.response_id = r.id AND a.item_id = 'enps') AS enps,
         (SELECT value_text FROM answers a WHERE a.response_id = r.id AND a.kind = 'demand') AS demand
       FROM responses r WHERE r.receipt = $1`,
      [receipt],
    );
    const [scales] = await queryRows<{ n: number }>(
      db.read,
      "SELECT count(*) AS n FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.receipt = $1 AND a.kind = 'scale'",
      [receipt],
    );
    db.close();
    expect(rows).toEqual([
      {
        unit_id: "team-1",
        group_id: "team_leader",
        channel: "online",
        enps: 9,
        demand: "希望增加夜班餐补。",
      },
    ]);
    expect(scales?.n).toBeGreaterThanOrEqual(40);
  }, 120_000);
});
