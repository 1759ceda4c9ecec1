// The organisation page through the browser (built web app, real server on a CSV-loaded organisation, real DuckDB):
// a file with mistakes lists every bad row and changes nothing; a changed organisation CSV is previewed (added,
// moved, renamed, retired, headcount delta), applied, and the tree shows it; on a phone in Chinese, a refused
// retirement is explained and a headcount is set; a retired unit, shown on demand, is restored (phone and desktop).
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSite } from "../helpers/browserSite";

const password = "admin-e2e-password";
const site = browserSite("org", (dir) => ({
  MINYI_DB: join(dir, "org.duckdb"),
  MINYI_DEMO: "0",
  MINYI_ORG_CSV: "tests/fixtures/org.csv",
  MINYI_ADMIN_PASSWORD: password,
}));

async function openPage(locale: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await site.browser.newContext({ locale, viewport });
  const page = await context.newPage();
  await page.goto(`${site.url}/login?next=/admin/organisation`);
  await page.locator('input[name="username"]').fill("admin");
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === "/admin/organisation");
  await page.getByTestId("unit-tree").waitFor();
  return page;
}

const csvFile = (lines: string[]) => ({
  name: "organisation.csv",
  mimeType: "text/csv",
  buffer: Buffer.from(`${lines.join("\n")}\n`, "utf8"),
});

const header = "id,parent_id,name_zh,name_en,kind,headcount";
// Against tests/fixtures/org.csv: area-2 added, st-1 moved under it and renamed, team-1 35 → 40, dept-hr left out.
const changed = [
  header,
  "plant,,第三采油厂,No. 3 Plant,plant,20",
  "area-1,plant,第一作业区,Area 1,area,12",
  "area-2,plant,第二作业区,Area 2,area,8",
  "st-1,area-2,第一中心站,Central Station 1,station,6",
  "team-1,st-1,采油班,Production team,team,40",
];

const cells = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator("tbody tr")
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent?.trim())),
    );

describe("importing the organisation from a CSV", () => {
  it("lists every bad row of a wrong file, previews a changed one, applies it and shows the new tree", async () => {
    const page = await openPage("en-US", { width: 1280, height: 900 });
    await expect.poll(() => page.getByTestId("headcount-plant").textContent()).toBe("20 own · 87 in all");

    const file = page.locator('input[name="org-file"]');
    await file.setInputFiles(
      csvFile([
        header,
        "plant,,第三采油厂,No. 3 Plant,plant,20",
        "area-1,plant,,Area 1,area,x",
        "st-1,area-9,站,S,station,6",
      ]),
    );
    await page.getByRole("button", { name: "Preview the changes" }).click();
    const problems = page.getByTestId("org-problems");
    await problems.waitFor();
    expect(await problems.locator("li").allTextContents()).toEqual([
      "Row 3, name_zh: the Chinese name is empty.",
      "Row 3, headcount: “x” is not a headcount: use a whole number, 0 or more.",
      "Row 4, parent_id: there is no unit “area-9” in the file to be the parent.",
    ]);

    await file.setInputFiles(csvFile(changed));
    await page.getByRole("button", { name: "Preview the changes" }).click();
    await page.getByTestId("org-preview").waitFor();
    const counts = await page
      .getByTestId("org-counts")
      .locator("li")
      .evaluateAll((items) =>
        items.map((li) => [li.getAttribute("data-count"), li.querySelector("strong")?.textContent]),
      );
    expect(counts).toEqual([
      ["added", "1"],
      ["restored", "0"],
      ["moved", "1"],
      ["renamed", "1"],
      ["kindChanged", "0"],
      ["retired", "1"],
      ["headcountChanged", "1"],
      ["unchanged", "2"],
    ]);
    expect(await page.getByTestId("org-headcount-total").textContent()).toBe("Total headcount 87 → 86 (-1)");
    expect(await cells(page, "preview-added")).toEqual([
      ["4", "area-2", "第二作业区 (Area 2)", "plant", "Operating area", "8"],
    ]);
    expect(await cells(page, "preview-moved")).toEqual([
      ["5", "第一中心站 (Central Station 1)", "第一作业区 (Area 1)", "第二作业区 (Area 2)"],
    ]);
    expect(await cells(page, "preview-renamed")).toEqual([
      ["5", "st-1", "中心站1 (Station 1)", "第一中心站 (Central Station 1)"],
    ]);
    expect(await cells(page, "preview-retired")).toEqual([
      ["dept-hr", "人力资源科 (Human resources)", "Office department", "14"],
    ]);
    expect(await cells(page, "preview-headcount")).toEqual([
      ["6", "采油班 (Production team)", "35", "40", "+5"],
    ]);
    // Nothing has changed yet.
    expect(await page.locator('[data-unit-id="dept-hr"]').count()).toBe(1);

    await page.getByRole("button", { name: "Apply these changes" }).click();
    await expect
      .poll(() => page.getByTestId("org-notice").textContent())
      .toBe("The organisation was imported: 5 changes applied.");
    await expect.poll(() => page.locator('[data-unit-id="dept-hr"]').count()).toBe(0);
    await page.getByRole("button", { name: "Expand all" }).click();
    const area2 = page.locator('[data-unit-id="area-2"]');
    expect(await area2.locator('[data-unit-id="st-1"] .org-name').first().textContent()).toBe(
      "Central Station 1",
    );
    expect(await page.getByTestId("headcount-plant").textContent()).toBe("20 own · 86 in all");
    expect(await page.getByTestId("headcount-area-2").textContent()).toBe("8 own · 54 in all");
    const history = await cells(page, "org-history");
    expect(history.map((r) => [r[1], r[2], r[3]])).toEqual([
      ["Retired", "Human resources dept-hr", "admin (import)"],
      ["Headcount 35 → 40", "Production team team-1", "admin (import)"],
      [
        "Renamed 中心站1 / Station 1 → 第一中心站 / Central Station 1",
        "Central Station 1 st-1",
        "admin (import)",
      ],
      ["Moved under Area 2", "Central Station 1 st-1", "admin (import)"],
      ["Added under No. 3 Plant", "Area 2 area-2", "admin (import)"],
    ]);
    await page.context().close();
  });
});

describe("on a phone, in Chinese", () => {
  it("explains a refused retirement, sets a headcount, and fits the screen", async () => {
    const page = await openPage("zh-CN", { width: 390, height: 844 });
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await page.locator("h1").textContent()).toBe("组织机构");
    expect(await fits()).toBe(true);
    // st-1 is under area-2 (the import above moved it), which is collapsed: the search finds it.
    await page.locator('input[name="unit-search"]').fill("中心站");
    await page.locator('[data-unit-id="st-1"] .org-name').first().click();
    const actions = page.getByTestId("unit-actions");
    await actions.getByTestId("retire").locator("summary").click();
    await actions.getByRole("button", { name: "撤销…" }).click();
    await actions.getByRole("button", { name: "确认撤销" }).click();
    await expect
      .poll(() => page.getByTestId("org-notice").textContent())
      .toBe("该单位还有下级单位：请先调整、合并或撤销它们。");
    expect(await page.locator('[data-unit-id="st-1"]').count()).toBe(1);

    await page.locator('input[name="unit-search"]').fill("采油班");
    await page.locator('[data-unit-id="team-1"] .org-name').first().click();
    await actions.getByTestId("headcount").locator("summary").click();
    await actions.locator('input[name="headcount"]').fill("41");
    await actions.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.getByTestId("org-notice").textContent()).toBe("采油班的编制人数已改为 41。");
    await expect.poll(() => page.getByTestId("headcount-team-1").textContent()).toBe("本级 41 · 合计 41");
    expect(await fits()).toBe(true);
    await page.screenshot({ path: join(site.dir, "phone.png"), fullPage: true });
    await page.context().close();
  });
});

describe("restoring a retired unit", () => {
  it("shows retired units greyed on demand, on a phone in Chinese, and restores one on a desktop", async () => {
    // dept-hr was retired by the import above, with its 14 staff.
    const phone = await openPage("zh-CN", { width: 390, height: 844 });
    await phone.getByLabel("显示已撤销的单位").check();
    const retiredRow = phone.locator('[data-unit-id="dept-hr"][data-retired="true"] .org-row-retired');
    await retiredRow.waitFor();
    expect(await retiredRow.locator(".org-kind").textContent()).toBe("机关科室 · 已撤销");
    expect(await retiredRow.getByRole("button", { name: "恢复人力资源科" }).isEnabled()).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.screenshot({ path: join(site.dir, "phone-retired.png"), fullPage: true });
    await phone.context().close();

    const page = await openPage("en-GB", { width: 1280, height: 900 });
    expect(await page.locator('[data-unit-id="dept-hr"]').count()).toBe(0);
    await page.getByLabel("Show retired units").check();
    await page.getByRole("button", { name: "Restore Human resources" }).click();
    await expect
      .poll(() => page.getByTestId("org-notice").textContent())
      .toBe("Human resources restored, with the headcount it had when retired.");
    // Live again, with its headcount, and no longer listed as retired.
    await expect.poll(() => page.locator('[data-unit-id="dept-hr"]:not([data-retired])').count()).toBe(1);
    // The tree and the retired list are read again after the restore: wait for both to show it.
    await expect.poll(() => page.locator('[data-retired="true"]').count()).toBe(0);
    await expect.poll(() => page.getByTestId("headcount-dept-hr").textContent()).toBe("14 own · 14 in all");
    const history = await cells(page, "org-history");
    expect([history[0]?.[1], history[0]?.[2], history[0]?.[3]]).toEqual([
      "Restored under No. 3 Plant",
      "Human resources dept-hr",
      "admin",
    ]);
    await page.context().close();
  });
});
