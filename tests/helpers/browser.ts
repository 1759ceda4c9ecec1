// Headless Debian Chromium driven by playwright-core (it cannot download a browser here, and needs none).
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: apt-get install chromium (or set CHROMIUM_PATH).`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    // As root in a sandbox without network: no sandbox, and no background traffic that would be refused.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Answers every visible question of the current SurveyJS page the way a person would: by tapping. */
export async function answerSurveyPage(page: Page): Promise<void> {
  const questions = page.locator(".sd-question[data-name]");
  const count = await questions.count();
  for (let i = 0; i < count; i++) {
    const q = questions.nth(i);
    if (!(await q.isVisible())) continue;
    const name = (await q.getAttribute("data-name")) ?? "";
    if (name === "enps") {
      await q.locator("label.sd-rating__item", { hasText: /^9$/ }).click();
    } else if ((await q.locator(".sd-rating").count()) > 0) {
      await q.locator("label.sd-rating__item").nth(3).click(); // the 4th point: 满意
    } else if ((await q.locator("table.sd-table").count()) > 0) {
      // Matrices are optional: rate the first department only, as a respondent who knows one department.
      await q.locator("tbody tr").first().locator("td .sd-item").nth(4).click();
    } else if ((await q.locator(".sd-selectbase .sd-item").count()) > 0) {
      await q.locator(".sd-item").first().click();
    } else if (name === "demands") {
      await q.locator("textarea").fill("希望增加夜班餐补。");
    }
  }
}
