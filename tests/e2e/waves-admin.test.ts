// An admin runs a survey round in the real UI (built web app, real server process, real DuckDB): copies the last
// round into the new-round form (next quarter, same channels), creates it, adds a channel, opens it early; a
// respondent on a 375 px phone fills it; the admin sees it counted, closes the round, and the fill page says so.
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { answerSurveyPage } from "../helpers/browser";
import { browserSite } from "../helpers/browserSite";
import { prepareDatabase } from "../helpers/fixture";

const password = "admin-e2e-password";
const site = browserSite("waves", async (dir) => {
  const dbFile = join(dir, "e2e.duckdb");
  const fixture = await prepareDatabase(dbFile, new Date());
  await createUser(
    fixture.db,
    { username: "admin", password, role: "admin", scopeUnitId: "plant" },
    { actor: "test", now: new Date() },
  );
  fixture.db.close();
  return { MINYI_DB: dbFile, MINYI_DEMO: "0" };
});

/** The card of the round titled `title`. */
const card = (page: Page, title: string) => page.locator(".wave-card", { hasText: title });

describe("survey rounds, as an admin", () => {
  it("copies the last round, creates and opens it early, takes a phone's response, closes it", async () => {
    const desk = await site.browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
    const admin = await desk.newPage();
    // Every confirm() on this page (open now, close now) is answered yes, as the admin would.
    admin.on("dialog", (d) => void d.accept());
    await admin.goto(`${site.url}/login?next=/admin/waves`);
    await admin.locator('input[name="username"]').fill("admin");
    await admin.locator('input[name="password"]').fill(password);
    await admin.locator('button[type="submit"]').click();
    await admin.waitForURL((url) => url.pathname === "/admin/waves");
    expect(await admin.getByTestId("time-zone").textContent()).toBe("所有时间均为厂区时间（UTC+08:00）。");
    await expect.poll(() => admin.locator(".wave-card").count()).toBe(2);

    // The fixture's latest round of the plant questionnaire is 2026年第四季度, collected online and on site.
    await admin.locator("details.panel > summary").click();
    await admin.getByTestId("copy-last-wave").click();
    const form = admin.getByTestId("new-wave-form");
    await expect.poll(() => form.locator("#new-wave-title").inputValue()).toBe("2027年第一季度");
    expect(await form.locator("#new-wave-period-start").inputValue()).toBe("2027-01-01");
    expect(await form.locator("#new-wave-period-end").inputValue()).toBe("2027-03-31");
    expect(await form.locator('input[name="new-wave-channel-online"]').isChecked()).toBe(true);
    expect(await form.locator('input[name="new-wave-channel-onsite"]').isChecked()).toBe(true);
    expect(await form.locator('input[name="new-wave-channel-paper"]').isChecked()).toBe(false);
    // A title of the admin's own, then create: it opens in the future, so it is scheduled.
    await form.locator("#new-wave-title").fill("2027年第一季度厂情民意满意度调查");
    await form.locator('button[type="submit"]').click();
    await expect
      .poll(() => admin.getByTestId("waves-notice").textContent())
      .toBe("已创建调研批次“2027年第一季度厂情民意满意度调查”。");
    const created = card(admin, "2027年第一季度厂情民意满意度调查");
    await expect.poll(() => created.getAttribute("data-status")).toBe("scheduled");
    expect(await created.getByTestId("wave-status").textContent()).toBe("未开始");

    // Still scheduled, so its schedule may change: one more channel.
    await created.getByRole("button", { name: "修改安排" }).click();
    await created.locator('input[name$="-channel-paper"]').check();
    await created.getByRole("button", { name: "保存" }).click();
    await expect
      .poll(() => admin.getByTestId("waves-notice").textContent())
      .toBe("已保存“2027年第一季度厂情民意满意度调查”。");
    await expect.poll(() => created.locator(".wave-facts").textContent()).toContain("网上、现场、纸质");

    await created.getByRole("button", { name: "立即开始" }).click();
    await expect.poll(() => created.getAttribute("data-status")).toBe("open");
    expect(await created.getByTestId("wave-status").textContent()).toBe("进行中");
    const fillPath = (await created.getByTestId("fill-link").getAttribute("href")) ?? "";
    expect(fillPath).toMatch(/^\/s\/[0-9a-f-]{36}$/);

    const phoneContext = await site.browser.newContext({
      viewport: { width: 375, height: 740 },
      locale: "zh-CN",
      isMobile: true,
      hasTouch: true,
    });
    const phone = await phoneContext.newPage();
    await phone.goto(`${site.url}${fillPath}`);
    await phone.getByTestId("unit-search").fill("采油班");
    await phone.getByTestId("unit-option-team-1").click();
    await phone.getByTestId("group-option-staff").check();
    await phone.getByTestId("start-survey").click();
    await expect.poll(() => phone.locator(".sd-root-modern").count()).toBeGreaterThan(0);
    for (let step = 0; step < 20; step++) {
      await answerSurveyPage(phone);
      const complete = phone.locator(".sd-navigation__complete-btn");
      if (await complete.isVisible()) {
        await complete.click();
        break;
      }
      await phone.locator(".sd-navigation__next-btn").click();
    }
    expect(await phone.locator("#thanks-title").textContent({ timeout: 15_000 })).toBe("感谢你的参与！");
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await admin.reload();
    await expect.poll(() => created.getByTestId("wave-responses").textContent()).toBe("1");
    await created.getByRole("button", { name: "立即结束" }).click();
    await expect.poll(() => created.getAttribute("data-status")).toBe("closed");
    expect(await created.getByTestId("wave-status").textContent()).toBe("已结束");
    expect(await created.getByTestId("fill-link").count()).toBe(0);

    // The next colleague's phone (this one remembers its own thank-you page for the round).
    await phoneContext.close();
    const nextPhone = await site.browser.newContext({
      viewport: { width: 375, height: 740 },
      locale: "zh-CN",
      isMobile: true,
      hasTouch: true,
    });
    const late = await nextPhone.newPage();
    await late.goto(`${site.url}${fillPath}`);
    const said = late.locator(".unavailable .notice");
    await expect.poll(() => said.textContent()).toMatch(/^本次调查已于 .+ 结束，感谢关注。$/);
    await nextPhone.close();
    await desk.close();
  }, 180_000);
});
