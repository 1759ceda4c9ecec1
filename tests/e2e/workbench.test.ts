// An analyst builds a breakdown in the workbench (built web app, real server on the demo organisation, real DuckDB),
// sees the pivot and the chart, shares the view by URL, and downloads the table as CSV with the same numbers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoSite } from "../helpers/demoSite";

const site = demoSite("workbench");

describe("workbench", () => {
  it("builds area × quarter for pay, charts it, and downloads the same numbers as CSV", async () => {
    const context = await site.browser.newContext({
      locale: "en-GB",
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(`${site.url}/login?next=/explore`);
    await page.locator('input[name="username"]').fill("analyst");
    await page.locator('input[name="password"]').fill("demo");
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === "/explore");
    // The default view (areas × topics for a round) runs on arrival.
    await page.getByTestId("pivot").waitFor();

    await page.getByTestId("time-mode").selectOption("all");
    await page.getByTestId("dimension-0").selectOption("unit:level_1");
    await page.getByTestId("dimension-1").selectOption("period:quarter");
    await page.getByTestId("add-filter").click();
    await page.getByTestId("filter-values-0").selectOption("pay");
    await page.getByTestId("compare").selectOption("");
    await page.getByTestId("run").click();
    await expect.poll(() => page.url()).toContain("period%3Aquarter");
    const headers = () => page.locator('[data-testid="pivot"] thead th').allTextContents();
    await expect.poll(async () => (await headers())[1] ?? "").toMatch(/^\d{4}-Q[1-4]$/);

    // The chart has drawn on its canvas, and the pivot has one row per area with quarters as columns.
    await page.locator('[data-testid="chart"] canvas').first().waitFor();
    const header = await headers();
    expect(header[0]).toBe("Unit L1");
    expect(header.slice(1).every((h) => /^\d{4}-Q[1-4]$/.test(h))).toBe(true);
    const area5 = page.locator('[data-testid="pivot"] tbody tr', { hasText: "No. 5 Operating Area" });
    const means = (await area5.locator("td").allTextContents()).map((s) => Number.parseFloat(s));
    expect(means.length).toBe(header.length - 1);
    // The demo's story: pay satisfaction in area 5 falls quarter after quarter.
    expect(means[0]).toBeGreaterThan((means.at(-1) as number) + 1);

    // The URL alone reproduces the view.
    const shared = await context.newPage();
    await shared.goto(page.url());
    await shared.getByTestId("pivot").waitFor();
    expect(
      await shared
        .locator('[data-testid="pivot"] tbody tr', { hasText: "No. 5 Operating Area" })
        .locator("td")
        .allTextContents(),
    ).toEqual(await area5.locator("td").allTextContents());

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("export-csv").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^plant-satisfaction-breakdown-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = join(site.dir, "breakdown.csv");
    await download.saveAs(file);
    const lines = readFileSync(file, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "unit:level_1,unit:level_1 (label),period:quarter,period:quarter (label),n,suppressed,mean,favourable,responses",
    );
    const csvMeans = lines
      .slice(1)
      .map((l) => l.split(","))
      .filter((c) => c[0] === "area-05")
      .map((c) => Number(c[6]).toFixed(2));
    expect(csvMeans).toEqual(means.map((m) => m.toFixed(2)));
    await context.close();
  }, 120_000);
});
