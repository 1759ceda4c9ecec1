// The supervision page in a real browser against the demo server: an answer rejected as perfunctory costs the demo
// handler's department a point in this quarter's table, the handler sees only that row, the scores download, and a
// leader is kept off the page.
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoSite } from "../helpers/demoSite";

const site = demoSite("supervision");

async function logIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await site.browser.newContext({ locale: "zh-CN", acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${site.url}/login?next=/cases/supervision`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill("demo");
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === "/cases/supervision", { timeout: 15_000 });
  return { context, page };
}

/** An API call from inside the page, with its session, as the app makes it. */
const api = (page: Page, path: string, body?: unknown) =>
  page.evaluate(
    async ([p, b]) => {
      const res = await fetch(p as string, {
        method: b === null ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        ...(b === null ? {} : { body: JSON.stringify(b) }),
      });
      return { status: res.status, body: await res.json() };
    },
    [path, body ?? null] as const,
  );

const hrRow = (page: Page) => page.locator('[data-testid="scores"] tbody tr[data-department="dept-hr"]');

describe("supervision page", () => {
  it("shows a perfunctory rejection in the department's score, for the analyst and the handler", async () => {
    const { context: analystContext, page: analyst } = await logIn("analyst");
    const { context: handlerContext, page: handler } = await logIn("handler");
    const before = (await api(analyst, "/api/cases/scores")).body.departments.find(
      (d: { departmentId: string }) => d.departmentId === "dept-hr",
    );
    const meta = (await api(analyst, "/api/cases/meta")).body;
    const unitId = meta.units.find((u: { level: number }) => u.level === 2).id as string;
    const logged = await api(analyst, "/api/cases", { unitId, text: "班车发车时间太早，希望推迟半小时。" });
    expect(logged.status).toBe(201);
    const id = logged.body.case.id as string;
    expect((await api(analyst, `/api/cases/${id}/route`, { departmentId: "dept-hr" })).status).toBe(200);
    expect((await api(handler, `/api/cases/${id}/answer`, { answer: "研究研究" })).status).toBe(200);
    const rejected = await api(analyst, `/api/cases/${id}/reject`, { reason: "答非所问", perfunctory: true });
    expect(rejected.status).toBe(200);

    await analyst.reload();
    await expect
      .poll(() => hrRow(analyst).locator("td").nth(6).textContent())
      .toBe(String(before.perfunctory + 1));
    const cells = await hrRow(analyst).locator("td").allTextContents();
    expect(cells[7]).toBe(String(before.deductions - 1));
    expect(cells[8]).toBe(String(before.score - 1));
    expect(await analyst.locator("h1").textContent()).toBe("督办考核");
    expect(await analyst.locator('[data-testid="scores"] tbody tr').count()).toBe(meta.departments.length);
    // A score is one department's: the total row has none. The rate is named as on the dashboard.
    expect(await analyst.locator('[data-testid="scores"] tfoot td').nth(8).textContent()).toBe("—");
    expect(await analyst.locator('[data-testid="scores"] thead').textContent()).toContain("按期办结率");

    // The handler's page: their own department only, with the same figures.
    await handler.reload();
    await expect.poll(() => handler.locator('[data-testid="scores"] tbody tr').count()).toBe(1);
    expect(await hrRow(handler).locator("td").allTextContents()).toEqual(cells);

    // The scores workbook downloads under the quarter's name.
    const quarter = await analyst.locator('[data-testid="quarter-select"]').inputValue();
    const [download] = await Promise.all([
      analyst.waitForEvent("download"),
      analyst.getByRole("button", { name: "考核表（XLSX）" }).click(),
    ]);
    // Saved under its Chinese name (filename*), distinct per workbook.
    expect(download.suggestedFilename()).toBe(`督办考核-${quarter}.xlsx`);
    await analystContext.close();
    await handlerContext.close();
  }, 60_000);

  it("keeps a leader off the page", async () => {
    const { context, page } = await logIn("leader");
    await expect.poll(() => page.locator('[data-testid="forbidden"]').count()).toBe(1);
    await context.close();
  }, 30_000);
});
