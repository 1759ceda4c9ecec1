// Each demo role logs in through the real login page (built web app, real server with MINYI_DEMO=1, real DuckDB),
// lands on its own home, is refused pages and API calls its role may not use, and logs out for good.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser";
import { type RunningServer, startServer } from "../helpers/spawnServer";

const dir = mkdtempSync(join(tmpdir(), "minyi-staff-e2e-"));
let server: RunningServer | undefined;
let browser: Browser | undefined;
const adminPassword = "admin-e2e-password";
let waveId = "";

beforeAll(async () => {
  if (!existsSync("dist/web/index.html"))
    throw new Error("dist/web is not built: run `npm run build` (npm test does)");
  server = await startServer({
    MINYI_DB: join(dir, "demo.duckdb"),
    MINYI_DEMO: "1",
    MINYI_ADMIN_PASSWORD: adminPassword,
    MINYI_DEMO_PASSWORD: "demo",
    MINYI_WEB_DIST: "dist/web",
  });
  // The demo's waves are named after the quarters around today: take the newest from the public list.
  const waves = (await (await fetch(`${server.url}/api/waves`)).json()) as { id: string }[];
  waveId = waves[0]?.id ?? "";
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function logIn(context: BrowserContext, username: string, password: string): Promise<Page> {
  if (!server) throw new Error("setup failed");
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== "/login", { timeout: 15_000 });
  return page;
}

/** A fetch from inside the page: same origin, with the session cookie, as the app itself would call. */
const apiStatus = (page: Page, path: string, init?: { method: string; body: string }) =>
  page.evaluate(
    async ([p, i]) =>
      (await fetch(p as string, i ? { ...i, headers: { "content-type": "application/json" } } : undefined))
        .status,
    [path, init ?? null] as const,
  );

const roles = [
  {
    username: "admin",
    password: adminPassword,
    home: "/admin",
    heading: "账号管理",
    refusedPage: null,
    refusedApi: [],
  },
  {
    username: "analyst",
    password: "demo",
    home: "/explore",
    heading: "分析工作台",
    refusedPage: "/admin",
    refusedApi: [{ path: "/api/users", status: 403 }],
  },
  {
    username: "leader",
    password: "demo",
    home: "/dashboard",
    heading: "领导看板",
    refusedPage: "/admin/audit",
    refusedApi: [
      { path: "/api/audit", status: 403 },
      // Outside the leader's area: the same 404 as a unit that does not exist.
      { path: "/api/waves/{wave}/progress?unitId=area-01", status: 404 },
    ],
  },
  {
    username: "handler",
    password: "demo",
    home: "/cases",
    heading: "本部门承办的诉求",
    refusedPage: "/explore",
    refusedApi: [
      { path: "/api/waves/{wave}/progress", status: 403 },
      { path: "/api/users", status: 403 },
    ],
  },
] as const;

describe("staff login in Chinese", () => {
  it.each(roles)("$username lands on $home and is refused what the role may not see", async (role) => {
    if (!browser || !server) throw new Error("setup failed");
    const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 800 } });
    const page = await logIn(context, role.username, role.password);
    expect(new URL(page.url()).pathname).toBe(role.home);
    await expect.poll(() => page.locator("h1").first().textContent()).toBe(role.heading);
    expect(await page.getByTestId("signed-in-as").textContent()).toContain(role.username);

    if (role.refusedPage) {
      await page.goto(`${server.url}${role.refusedPage}`);
      await page.getByTestId("forbidden").waitFor();
      expect(await page.getByTestId("forbidden").textContent()).toContain("无权访问");
    }
    for (const api of role.refusedApi) {
      expect(await apiStatus(page, api.path.replace("{wave}", waveId)), api.path).toBe(api.status);
    }

    // Logging out ends the session on the server: the old cookie no longer opens anything.
    await page.goto(`${server.url}${role.home}`);
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    expect(await apiStatus(page, "/api/auth/me")).toBe(401);
    await page.goto(`${server.url}${role.home}`);
    await page.waitForURL((url) => url.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe(role.home);
    await context.close();
  });

  it("shows one message for a wrong password and for an unknown user, and goes back where it was sent from", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await context.newPage();
    const messages: string[] = [];
    for (const [username, password] of [
      ["leader", "wrong-password"],
      ["nobody-at-all", "wrong-password"],
    ]) {
      await page.goto(`${server.url}/login?next=${encodeURIComponent("https://evil.example/")}`);
      await page.locator('input[name="username"]').fill(username as string);
      await page.locator('input[name="password"]').fill(password as string);
      await page.locator('button[type="submit"]').click();
      messages.push((await page.getByRole("alert").textContent()) ?? "");
    }
    expect(messages).toEqual(["用户名或密码不正确。", "用户名或密码不正确。"]);
    // A `next` that points off the site is ignored: the leader lands on its own home.
    await page.locator('input[name="username"]').fill("leader");
    await page.locator('input[name="password"]').fill("demo");
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === "/dashboard");
    expect(new URL(page.url()).host).toBe(new URL(server.url).host);
    await context.close();
  });

  it("lets an admin create an account that can then log in, and shows the change in the audit log", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await logIn(context, "admin", adminPassword);
    await page.locator("summary", { hasText: "新建账号" }).click();
    await page.locator('input[name="new-username"]').fill("station-lead");
    await page.locator("#new-role").selectOption("leader");
    await page.locator("#new-scope").selectOption("area-05-st-01");
    await page.getByRole("button", { name: "创建" }).click();
    const password = (await page.getByTestId("generated-password").textContent()) ?? "";
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await page.locator('tr[data-username="station-lead"]').waitFor();

    await page.goto(`${server.url}/admin/audit?action=user_created&target=station`);
    await page.getByTestId("audit").waitFor();
    const rows = await page.locator('[data-testid="audit"] tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain("station-lead");
    expect(rows[0]).toContain("创建账号");

    const other = await browser.newContext({ locale: "zh-CN" });
    const leaderPage = await logIn(other, "station-lead", password);
    expect(new URL(leaderPage.url()).pathname).toBe("/dashboard");
    await other.close();
    await context.close();
  });

  it("lets the leader drill down the dashboard heatmap to a station and climb back with the breadcrumbs", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
    const page = await logIn(context, "leader", "demo");
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    await page.getByTestId("heatmap").waitFor();
    // The leader's area, 第五作业区, is the root: its stations are the heatmap's rows.
    const rows = page.getByTestId("heatmap-units").getByRole("button");
    expect(await rows.first().textContent()).toBe("第五作业区");
    const station = rows.filter({ hasText: "中心站" }).first();
    const stationName = (await station.textContent()) ?? "";
    await station.click();
    await expect.poll(() => page.getByTestId("breadcrumbs").textContent()).toBe(`第五作业区${stationName}`);
    expect(new URL(page.url()).searchParams.get("unit")).toMatch(/^area-05-st-/);
    // Below the station: its teams.
    await expect.poll(async () => (await rows.allTextContents()).some((t) => t.includes("班"))).toBe(true);
    await page.getByTestId("breadcrumbs").getByRole("button", { name: "第五作业区" }).click();
    // Back at the leader's own scope: no trail to show, the area's stations again.
    await expect.poll(() => page.getByTestId("breadcrumbs").count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => rows.filter({ hasText: stationName }).count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("unit")).toBeNull();
    await context.close();
  });

  it("shows the leader the demands of its area this quarter, as the case figures API counts them", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
    const page = await logIn(context, "leader", "demo");
    await page.getByRole("heading", { name: "诉求办理" }).waitFor();
    await page.getByTestId("cases-trend").waitFor();
    const received = await page.getByTestId("cases-received").locator(".case-value").textContent();
    // The same figure straight from the API, for the quarter the panel names.
    const intro = (await page.locator(".cases-panel > p.hint").first().textContent()) ?? "";
    const quarter = /\d{4}-Q\d/.exec(intro)?.[0] ?? "";
    const expected = await page.evaluate(async (q) => {
      const res = await fetch("/api/analytics/cases", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ measures: ["received"], dimensions: ["period:quarter"] }),
      });
      const body = (await res.json()) as { results: { dimensions: Record<string, string>; n: number }[] };
      return body.results.find((r) => r.dimensions["period:quarter"] === q)?.n ?? 0;
    }, quarter);
    expect(expected).toBeGreaterThan(0);
    expect(received).toBe(String(expected));
    // By department: each row names its department and its count of cases; the text of a case never shows.
    const departments = page.getByTestId("cases-departments");
    expect(await departments.locator("tbody tr").count()).toBeGreaterThan(0);
    expect(await departments.locator("tbody tr th").allTextContents()).toContain("未交办");
    await context.close();
  });

  it("makes the leader's quarterly report as a PDF with the report's headings, and keeps it with its XLSX", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const context = await browser.newContext({ locale: "zh-CN" });
    const page = await logIn(context, "leader", "demo");
    const made = await page.evaluate(async () => {
      const res = await fetch("/api/reports", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ lang: "zh-cn" }),
      });
      return {
        status: res.status,
        body: (await res.json()) as { id: string; unitId: string; title: string },
      };
    });
    expect(made.status).toBe(201);
    expect(made.body.unitId).toBe("area-05");
    const download = (kind: string) =>
      page.evaluate(
        async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())),
        `/api/reports/${made.body.id}/${kind}`,
      );
    const pdf = new Uint8Array(await download("pdf"));
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-");
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const doc = await pdfjs.getDocument({ data: pdf }).promise;
    let text = "";
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      text += content.items.map((item) => ("str" in item ? item.str : "")).join("");
    }
    // Chromium writes some Chinese characters as their compatibility forms; NFKC folds them back.
    text = text.normalize("NFKC");
    for (const heading of [
      "第五作业区职工思想动态分析报告",
      "一、总体情况",
      "二、各主题变化趋势",
      "三、主要变化及其来源",
      "四、需要关注的单位",
      "五、参与情况",
      "六、职工原话摘录",
    ]) {
      expect(text).toContain(heading);
    }
    // The XLSX is a zip of its sheets.
    const { unzipSync } = await import("fflate");
    const files = Object.keys(unzipSync(new Uint8Array(await download("xlsx"))));
    expect(files.filter((f) => f.startsWith("xl/worksheets/sheet"))).toHaveLength(5);
    // Kept, and listed for whoever may read the area.
    const listed = await page.evaluate(async () =>
      ((await (await fetch("/api/reports")).json()) as { id: string }[]).map((r) => r.id),
    );
    expect(listed).toContain(made.body.id);
    await context.close();
  }, 120_000);
});
