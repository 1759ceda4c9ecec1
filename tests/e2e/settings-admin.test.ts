// The catalogue and settings pages through the built web app and a real server (real DuckDB): an admin adds,
// renames, reorders and retires a topic; raises the minimum group size (a refused minimum of 2 says why in the
// page's language), adds a holiday, and offers Chinese only — then the fill page, on a phone, promises the new
// minimum and has no language switch, and the retired group is not offered; with English only, English for all.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSite } from "../helpers/browserSite";

const adminPassword = "admin-e2e-password";
const site = browserSite("settings", (dir) => ({
  MINYI_DB: join(dir, "settings.duckdb"),
  MINYI_ORG_CSV: "tests/fixtures/org.csv",
  MINYI_ADMIN_PASSWORD: adminPassword,
}));

async function adminPage(locale: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await site.browser.newContext({ locale, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("dialog", (d) => void d.accept());
  await page.goto(`${site.url}/login`);
  await page.locator('input[name="username"]').fill("admin");
  await page.locator('input[name="password"]').fill(adminPassword);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== "/login", { timeout: 15_000 });
  return page;
}

const rowIds = (page: Page, kind: string) =>
  page
    .locator(`[data-testid="catalogue-${kind}"] tbody tr`)
    .evaluateAll((rows) => rows.map((r) => r.dataset.id));

describe("topics and groups", () => {
  it("adds, renames, moves and retires a topic, and retires a group, in English on a desktop", async () => {
    const page = await adminPage("en-GB", { width: 1280, height: 900 });
    await page.getByRole("link", { name: "Topics & groups" }).click();
    await page.waitForURL("**/admin/catalogues");
    const topics = page.locator('[data-testid="catalogue-topics"]');
    await topics.getByText("Add a topic").click();
    await topics.locator('input[name="topics-new-id"]').fill("Night shift");
    await topics.locator('input[name="topics-new-zh"]').fill("夜班");
    await topics.locator('input[name="topics-new-en"]').fill("Night shift");
    await topics.getByRole("button", { name: "Add" }).click();
    await expect
      .poll(() => topics.getByRole("alert").textContent())
      .toBe("The id must be lower-case letters, digits and single underscores, starting with a letter.");
    await topics.locator('input[name="topics-new-id"]').fill("night_shift");
    await topics.getByRole("button", { name: "Add" }).click();
    await expect.poll(() => topics.getByRole("status").textContent()).toBe("Added “夜班”.");
    expect((await rowIds(page, "topics")).at(-1)).toBe("night_shift");

    const row = topics.locator('tr[data-id="night_shift"]');
    await row.getByRole("button", { name: "Rename" }).click();
    await row.getByLabel("English name: night_shift").fill("Night shifts");
    await row.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => row.locator("td").nth(1).textContent()).toBe("Night shifts");
    await row.getByRole("button", { name: "Move up: night_shift" }).click();
    await expect.poll(async () => (await rowIds(page, "topics")).at(-2)).toBe("night_shift");
    await row.getByRole("button", { name: "Retire" }).click();
    await expect.poll(() => row.locator("td").nth(2).textContent()).toBe("Retired");
    await expect.poll(() => row.getByRole("button", { name: "Restore" }).count()).toBe(1);

    const groups = page.locator('[data-testid="catalogue-groups"]');
    await groups.locator('tr[data-id="party_member"]').getByRole("button", { name: "Retire" }).click();
    await expect.poll(() => groups.getByRole("status").textContent()).toBe("Retired “党员”.");
    await page.context().close();
  }, 90_000);
});

describe("settings", () => {
  it("refuses a minimum of 2 in Chinese, saves 7 with a holiday, offers Chinese only — on a phone", async () => {
    const page = await adminPage("zh-CN", { width: 390, height: 844 });
    await page.goto(`${site.url}/admin/settings`);
    await page.getByRole("heading", { name: "系统设置", level: 1 }).waitFor();
    expect(await page.getByTestId("calendar-years").textContent()).toContain(
      "2027 年：内置日历未覆盖——除非添加节假日，否则按周一至周五计算工作日。",
    );
    const min = page.locator('input[name="minGroupSize"]');
    await min.fill("2");
    await page.getByRole("button", { name: "保存设置" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("最小统计人数不能低于 3（匿名保护规则）。");
    expect(await min.getAttribute("aria-invalid")).toBe("true");

    await min.fill("7");
    await page.locator('input[name="calendar-date"]').fill("2027-02-10");
    await page.locator('input[name="calendar-note"]').fill("厂庆");
    await page.getByRole("button", { name: "添加日期" }).click();
    await page.locator('input[name="language-en"]').uncheck();
    await page.getByRole("button", { name: "保存设置" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toBe("设置已保存。");
    expect(
      await page.locator('[data-testid="calendar-days"] tr[data-date="2027-02-10"]').textContent(),
    ).toContain("厂庆");
    // The page reloads with Chinese only: no language switch anywhere.
    await page.reload();
    await page.getByRole("heading", { name: "系统设置", level: 1 }).waitFor();
    expect(await page.getByTestId("lang-toggle").count()).toBe(0);
    expect(await min.inputValue()).toBe("7");
    expect(await page.evaluate(() => document.body.scrollWidth <= window.innerWidth)).toBe(true);

    // A survey round open now, and its fill page in an English browser on a phone.
    const now = Date.now();
    const created = await page.evaluate(
      async (body) =>
        (
          await fetch("/api/waves", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
          })
        ).status,
      {
        surveyId: "plant-satisfaction",
        title: "2026年第四季度",
        periodStart: "2026-10-01",
        periodEnd: "2026-12-31",
        opensAt: new Date(now - 3_600_000).toISOString(),
        closesAt: new Date(now + 86_400_000).toISOString(),
        channels: ["online"],
      },
    );
    expect(created).toBe(201);
    const waves = (await (await fetch(`${site.url}/api/waves`)).json()) as { id: string }[];
    const phone = await site.browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } });
    const fill = await phone?.newPage();
    if (!fill) throw new Error("no page");
    await fill.goto(`${site.url}/s/${waves[0]?.id}`);
    await fill.locator("#anonymity-title").waitFor();
    expect(await fill.locator("#anonymity-title").textContent()).toBe("匿名填写");
    expect(await fill.locator(".intro .notice p").first().textContent()).toContain(
      "结果只按 7 人及以上的群体汇总展示",
    );
    expect(await fill.getByTestId("lang-toggle").count()).toBe(0);
    expect(await fill.locator("body").textContent()).not.toContain("党员");
    await phone?.close();

    // English only: a Chinese browser gets the English page, still without a switch.
    const saved = await page.evaluate(
      async () =>
        (
          await fetch("/api/settings", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ languages: ["en"] }),
          })
        ).status,
    );
    expect(saved).toBe(200);
    const zhPhone = await site.browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
    const english = await zhPhone?.newPage();
    if (!english) throw new Error("no page");
    await english.goto(`${site.url}/s/${waves[0]?.id}`);
    await english.locator("#anonymity-title").waitFor();
    expect(await english.locator("#anonymity-title").textContent()).toBe("Your answers are anonymous");
    expect(await english.locator(".intro .notice p").first().textContent()).toContain(
      "groups of 7 or more people",
    );
    expect(await english.getByTestId("lang-toggle").count()).toBe(0);
    await zhPhone?.close();
    await page.context().close();
  }, 90_000);
});
