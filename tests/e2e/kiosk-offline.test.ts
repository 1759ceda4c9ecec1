// The kiosk (/kiosk/:waveId) in headless Chromium against the real server and DuckDB, reached through a small
// proxy that can cut the network, answer 503, or forward a POST and drop the answer. Offline responses queue on
// the device and are stored exactly once after the sync; each person starts clean; failed items stay, export and
// import between devices work.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/accounts";
import { registerSurvey } from "../../server/catalogue/registerSurvey";
import { openDatabase, queryRows } from "../../server/storage/database";
import { createWave } from "../../server/waves/waves";
import { launchBrowser } from "../helpers/browser";
import { prepareDatabase } from "../helpers/fixture";
import { type RunningServer, startServer } from "../helpers/spawnServer";

const dir = mkdtempSync(join(tmpdir(), "minyi-kiosk-e2e-"));
const dbFile = join(dir, "kiosk.duckdb");
const waveId = "wave-kiosk";
const pin = "2468";
const adminPassword = "kiosk-admin-password";
// The imported items were filled in on another tablet five hours ago: that, not the sync, is their collection time.
const importedSubmittedAt = new Date(Date.now() - 5 * 3_600_000);
let server: RunningServer | undefined;
let browser: Browser | undefined;

// Two short pages, so five people fill in quickly: a required scale item, then a free-text comment.
const miniSurvey = {
  title: { default: "Kiosk check", "zh-cn": "现场采集测试" },
  pages: [
    {
      name: "p1",
      elements: [
        {
          type: "rating",
          name: "q1",
          title: { default: "How satisfied are you?", "zh-cn": "你满意吗？" },
          topic: "safety",
          rateMin: 1,
          rateMax: 5,
          isRequired: true,
        },
      ],
    },
    {
      name: "p2",
      elements: [
        { type: "comment", name: "note", title: { default: "Anything else?", "zh-cn": "其他意见" } },
      ],
    },
  ],
};

type Fault = "503" | "drop" | "proxy403";

/**
 * The network between the tablet and the server. `cut`: every connection dies at once (a dead link, for the page
 * and its service worker alike). `faults`: what the next POSTs to /api/responses meet, one each; then they pass.
 * "drop" forwards the POST, lets the server answer (and store it), and kills the connection before the answer.
 * "proxy403" is a proxy or captive portal in the way: a 403 with an HTML page, never reaching the server.
 */
class FlakyLink {
  cut = false;
  faults: Fault[] = [];
  /** Holds each POST this long before forwarding it, so two senders at once would overlap. */
  postDelayMs = 0;
  seen = { posts: 0, refused: 0, dropped: 0, blocked: 0, mostAtOnce: 0 };
  private inFlight = 0;
  private readonly http: Server;

  constructor(target: URL) {
    this.http = createServer((req, res) => {
      if (this.cut) return req.socket.destroy();
      const isPost = req.method === "POST" && req.url === "/api/responses";
      const fault = isPost ? this.faults.shift() : undefined;
      if (isPost) {
        this.seen.posts++;
        this.inFlight++;
        this.seen.mostAtOnce = Math.max(this.seen.mostAtOnce, this.inFlight);
        res.on("close", () => this.inFlight--);
      }
      if (fault === "503") {
        this.seen.refused++;
        req.resume();
        res.writeHead(503, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { code: "unavailable", message: "Try again later." } }));
      }
      if (fault === "proxy403") {
        this.seen.blocked++;
        req.resume();
        res.writeHead(403, { "content-type": "text/html; charset=utf-8" });
        return res.end(
          "<html><body><h1>Access denied</h1><p>Log in to the plant Wi-Fi first.</p></body></html>",
        );
      }
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          if (fault === "drop") {
            answer.resume();
            answer.on("end", () => {
              this.seen.dropped++;
              req.socket.destroy();
            });
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => req.socket.destroy());
      if (isPost && this.postDelayMs > 0) setTimeout(() => req.pipe(upstream), this.postDelayMs);
      else req.pipe(upstream);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.http.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.http.closeAllConnections();
    return new Promise((resolve) => this.http.close(() => resolve()));
  }
}

let link: FlakyLink | undefined;
let base = "";

beforeAll(async () => {
  if (!existsSync("dist/web/index.html"))
    throw new Error("dist/web is not built: run `npm run build` (npm test does)");
  const now = new Date();
  const fixture = await prepareDatabase(dbFile, now);
  await registerSurvey(fixture.db, "kiosk-mini", miniSurvey as never, "test", now);
  await createWave(
    fixture.db,
    {
      id: waveId,
      surveyId: "kiosk-mini",
      title: "现场采集测试批次",
      periodStart: "2026-10-01",
      periodEnd: "2026-12-31",
      opensAt: new Date(now.getTime() - 86_400_000).toISOString(),
      closesAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      channels: ["onsite"],
    },
    now,
  );
  await createUser(
    fixture.db,
    { username: "admin", password: adminPassword, role: "admin", scopeUnitId: "plant" },
    { actor: "test", now },
  );
  fixture.db.close();
  server = await startServer({ MINYI_DB: dbFile, MINYI_DEMO: "0", MINYI_WEB_DIST: "dist/web" });
  link = new FlakyLink(new URL(server.url));
  base = await link.listen();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await link?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function adminCookie(): Promise<string> {
  if (!server) throw new Error("setup failed");
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: adminPassword }),
  });
  return login.headers.get("set-cookie")?.split(";")[0] ?? "";
}

/** Responses stored for the kiosk's unit, as an admin's progress page counts them. */
async function storedOnsite(unitId = "team-1"): Promise<number> {
  if (!server) throw new Error("setup failed");
  const res = await fetch(`${server.url}/api/waves/${waveId}/progress?unitId=${unitId}`, {
    headers: { cookie: await adminCookie() },
  });
  const body = (await res.json()) as { units: { id: string; own: { onsite: number; total: number } }[] };
  const team = body.units.find((u) => u.id === unitId);
  expect(team?.own.total).toBe(team?.own.onsite);
  return team?.own.onsite ?? -1;
}

async function newDevice(viewport = { width: 800, height: 1280 }): Promise<BrowserContext> {
  if (!browser) throw new Error("setup failed");
  return browser.newContext({ viewport, locale: "zh-CN", serviceWorkers: "allow" });
}

/** The operator's first open: unit 采油班 (or another), group left to each respondent, the PIN. */
async function setUp(page: Page, unit = { search: "采油班", id: "team-1" }): Promise<void> {
  await page.goto(`${base}/kiosk/${waveId}`);
  await page.getByTestId("unit-search").fill(unit.search);
  await page.getByTestId(`unit-option-${unit.id}`).click();
  await page.getByTestId("kiosk-group-each").check();
  await page.getByTestId("kiosk-pin-new").fill(pin);
  await page.getByTestId("kiosk-pin-repeat").fill(pin);
  await page.getByTestId("kiosk-save-setup").click();
  await page.getByTestId("kiosk-start").waitFor();
}

/** One person: group, the scale item, a comment only they wrote, Complete; the thank-you screen shows nothing of it. */
async function fillOne(page: Page, comment: string, slip?: string): Promise<void> {
  await page.getByTestId("group-option-staff").check();
  if (slip !== undefined) await page.getByTestId("kiosk-slip").fill(slip);
  await page.getByTestId("kiosk-start").click();
  await page.locator(".sd-question[data-name=q1] label.sd-rating__item").nth(3).click();
  await page.locator(".sd-navigation__next-btn").click();
  await page.locator(".sd-question[data-name=note] textarea").fill(comment);
  await page.locator(".sd-navigation__complete-btn").click();
  await page.getByTestId("kiosk-thanks").waitFor();
  expect(await page.content()).not.toContain(comment);
}

const counts = async (page: Page) => {
  const bar = page.getByTestId("kiosk-counts");
  return {
    queued: Number(await bar.getAttribute("data-queued")),
    sent: Number(await bar.getAttribute("data-sent")),
    failed: Number(await bar.getAttribute("data-failed")),
  };
};

interface StoredItem {
  id: string;
  state: string;
  queuedAt: number;
  body?: { startedAt?: string; submittedAt: string; data: Record<string, unknown> };
  lastError?: { code: string };
}

/** Every store of the kiosk's IndexedDB database, each as the list of its values. */
const deviceStorage = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const open = indexedDB.open("minyi-kiosk");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const names = [...open.result.objectStoreNames];
          const tx = open.result.transaction(names);
          const stores: Record<string, unknown[]> = {};
          for (const name of names) {
            const all = tx.objectStore(name).getAll();
            all.onsuccess = () => {
              stores[name] = all.result;
            };
          }
          tx.oncomplete = () => resolve(stores);
          tx.onerror = () => reject(tx.error);
        };
      }),
  );

/** The device's queue (items not yet stored by the server) as kept in IndexedDB. */
const queueOnDevice = async (page: Page) => ((await deviceStorage(page)).queue ?? []) as StoredItem[];

/** What stays of the sent responses: stubs, which must hold a salted hash and a day only. */
async function sentStubs(page: Page): Promise<unknown[]> {
  const stubs = (await deviceStorage(page)).sent ?? [];
  for (const stub of stubs) {
    expect(Object.keys(stub as object).sort()).toEqual(["day", "key"]);
    expect((stub as { day: string }).day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }
  return stubs;
}

/**
 * Nothing on the device ties a sent response to a person's visit: not its id (in any letter case), not its
 * answers, not its exact start, submission or queueing times.
 */
async function expectNoTrace(page: Page, items: StoredItem[], texts: string[]): Promise<void> {
  const stored = JSON.stringify(await deviceStorage(page)).toLowerCase();
  for (const item of items) {
    expect(stored).not.toContain(item.id.toLowerCase());
    expect(stored).not.toContain(String(item.queuedAt));
    if (item.body?.startedAt) expect(stored).not.toContain(item.body.startedAt.toLowerCase());
    if (item.body) expect(stored).not.toContain(item.body.submittedAt.toLowerCase());
  }
  for (const text of texts) expect(stored).not.toContain(text.toLowerCase());
}

/** Presses "sync now" until the queue is empty (the backoff timer alone would get there, only slower). */
async function syncUntilEmpty(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.getByTestId("kiosk-sync-now").click();
        return (await counts(page)).queued;
      },
      { timeout: 60_000, interval: 700 },
    )
    .toBe(0);
}

const draftKeys = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("minyi:draft")));

describe("kiosk", () => {
  const queuedIds: string[] = [];

  it("collects five responses offline and stores each once after a flaky reconnect", async () => {
    if (!link) throw new Error("setup failed");
    const device = await newDevice();
    const page = await device.newPage();
    await setUp(page);
    // Under the service worker's control (it precached the shell, the kiosk and SurveyJS) before going offline.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.getByTestId("kiosk-start").waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    link.cut = true;
    await device.setOffline(true);
    // A kiosk starts with no network at all: shell, kiosk code, SurveyJS and the form from the device.
    await page.reload();
    await page.getByTestId("kiosk-start").waitFor();
    for (let person = 1; person <= 5; person++) {
      await fillOne(page, `第${person}位的意见`);
      await page.getByTestId("kiosk-next").click();
      await page.getByTestId("kiosk-start").waitFor();
    }
    expect(await counts(page)).toEqual({ queued: 5, sent: 0, failed: 0 });
    const waiting = await queueOnDevice(page);
    expect(waiting.map((i) => i.state)).toEqual(["queued", "queued", "queued", "queued", "queued"]);
    queuedIds.push(...waiting.map((i) => i.id));

    // Back online through a link that refuses some POSTs and swallows the answers of others.
    link.faults = ["503", "drop", "drop", "503", "drop"];
    link.cut = false;
    await device.setOffline(false);
    await syncUntilEmpty(page);
    expect(await counts(page)).toEqual({ queued: 0, sent: 5, failed: 0 });
    expect(link.seen.refused).toBe(2);
    expect(link.seen.dropped).toBe(3);
    expect(await storedOnsite()).toBe(5);
    // Sent items leave the queue; a stub each (a salted hash of the id and the day) and the tally stay.
    expect(await queueOnDevice(page)).toEqual([]);
    expect(await sentStubs(page)).toHaveLength(5);
    await expectNoTrace(
      page,
      waiting,
      [1, 2, 3, 4, 5].map((person) => `第${person}位的意见`),
    );
    expect(await draftKeys(page)).toEqual([]);
    await device.close();
  }, 240_000);

  it("leaves nothing of a person for the next one: screen, history, drafts and queue", async () => {
    const device = await newDevice({ width: 375, height: 740 });
    const page = await device.newPage();
    await page.goto(`${base}/`);
    await setUp(page);
    const historyLength = await page.evaluate(() => history.length);
    await fillOne(page, "甲的私人意见");
    await page.getByTestId("kiosk-next").click();
    await page.getByTestId("kiosk-start").waitFor();
    expect(await page.content()).not.toContain("甲的私人意见");
    expect(await page.evaluate(() => history.length)).toBe(historyLength);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // The next person's questionnaire is empty.
    await page.getByTestId("group-option-staff").check();
    await page.getByTestId("kiosk-start").click();
    await page.locator(".sd-question[data-name=q1]").waitFor();
    expect(await page.locator(".sd-question[data-name=q1] .sd-rating__item--selected").count()).toBe(0);
    await page.locator(".sd-question[data-name=q1] label.sd-rating__item").nth(1).click();
    await page.locator(".sd-navigation__next-btn").click();
    expect(await page.locator(".sd-question[data-name=note] textarea").inputValue()).toBe("");

    // Back leaves the kiosk for the page before it; nothing of the person is on it or on the way back.
    await page.goBack();
    await page.waitForURL(`${base}/`);
    expect(await page.content()).not.toContain("甲的私人意见");
    await page.goForward();
    await page.getByTestId("kiosk-start").waitFor();
    expect(await page.content()).not.toContain("甲的私人意见");
    expect(await draftKeys(page)).toEqual([]);
    await syncUntilEmpty(page);
    expect(await queueOnDevice(page)).toEqual([]);
    await expectNoTrace(page, [], ["甲的私人意见"]);
    expect(await storedOnsite()).toBe(6);
    await device.close();
  }, 120_000);

  it("keeps a refused item with its reason behind the PIN, exports it, and imports a queue file once", async () => {
    const device = await newDevice();
    const page = await device.newPage();
    await setUp(page);
    const body = (id: string, unitId = "team-1") => ({
      id,
      waveId,
      unitId,
      groupId: "staff",
      channel: "onsite",
      startedAt: new Date(importedSubmittedAt.getTime() - 120_000).toISOString(),
      submittedAt: importedSubmittedAt.toISOString(),
      data: { q1: 5, note: "从另一台平板导入" },
    });
    const file = {
      format: "minyi-kiosk-queue",
      version: 1,
      exportedAt: new Date().toISOString(),
      items: [
        { body: body("3f1c2f0e-8a4b-4c7e-9d2a-0b6c1e5a7f01"), state: "queued", queuedAt: "", attempts: 0 },
        {
          body: body("3f1c2f0e-8a4b-4c7e-9d2a-0b6c1e5a7f02", "no-such-unit"),
          state: "queued",
          queuedAt: "",
          attempts: 0,
        },
        { body: body("3f1c2f0e-8a4b-4c7e-9d2a-0b6c1e5a7f03"), state: "failed", queuedAt: "", attempts: 2 },
      ],
    };
    const upload = (name: string, content: string) =>
      page
        .getByTestId("kiosk-import")
        .setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(content) });

    await page.getByTestId("kiosk-operator").click();
    await page.getByTestId("kiosk-pin").fill("1357");
    await page.getByTestId("kiosk-unlock").click();
    await page.getByText("密码错误。").waitFor();
    expect(await page.getByTestId("kiosk-panel").count()).toBe(0);
    await page.getByTestId("kiosk-pin").fill(pin);
    await page.getByTestId("kiosk-unlock").click();

    // A damaged file changes nothing and says why.
    const damaged = structuredClone(file);
    damaged.items[2] = { ...damaged.items[2], body: { ...body("not-a-uuid") } } as never;
    await upload("damaged.json", JSON.stringify(damaged));
    await expect
      .poll(() => page.getByTestId("kiosk-note").textContent())
      .toBe("文件第 3 条记录已损坏（id），未导入任何内容。");
    expect(await queueOnDevice(page)).toEqual([]);

    await upload("queue.json", JSON.stringify(file));
    await expect.poll(() => page.getByTestId("kiosk-note").textContent()).toBe("新增 3 份，已有 0 份。");
    await expect.poll(async () => (await sentStubs(page)).length, { timeout: 30_000 }).toBe(2);
    expect((await queueOnDevice(page)).map((i) => [i.id, i.state])).toEqual([
      ["3f1c2f0e-8a4b-4c7e-9d2a-0b6c1e5a7f02", "failed"],
    ]);
    const failed = page.locator('[data-testid=kiosk-item][data-state="failed"]');
    await expect.poll(() => failed.getByTestId("kiosk-item-error").textContent()).toContain("unknown_unit");

    // Importing the same file again adds nothing: the sent two are recognised by their stubs.
    await upload("queue.json", JSON.stringify(file));
    await expect.poll(() => page.getByTestId("kiosk-note").textContent()).toBe("新增 0 份，已有 3 份。");

    // The export holds the one item not stored, with the server's reason.
    const download = page.waitForEvent("download");
    await page.getByTestId("kiosk-export").click();
    const exported = JSON.parse(readFileSync(await (await download).path(), "utf8"));
    expect(exported.format).toBe("minyi-kiosk-queue");
    expect(exported.version).toBe(1);
    expect(
      exported.items.map(
        (i: { body: { id: string; unitId: string }; state: string; lastError: { code: string } }) => [
          i.body.id,
          i.body.unitId,
          i.state,
          i.lastError.code,
        ],
      ),
    ).toEqual([["3f1c2f0e-8a4b-4c7e-9d2a-0b6c1e5a7f02", "no-such-unit", "failed", "unknown_unit"]]);
    await page.getByTestId("kiosk-close-panel").click();
    expect(await counts(page)).toEqual({ queued: 0, sent: 2, failed: 1 });
    expect(await storedOnsite()).toBe(8);
    await device.close();
  }, 120_000);

  it("never sends from two tabs of one device at once", async () => {
    if (!link) throw new Error("setup failed");
    const device = await newDevice();
    const first = await device.newPage();
    await setUp(first);
    // The server asks for later, so three responses wait on the device.
    link.faults = Array(100).fill("503");
    for (let person = 1; person <= 3; person++) {
      await fillOne(first, `两个标签页 ${person}`);
      await first.getByTestId("kiosk-next").click();
      await first.getByTestId("kiosk-start").waitFor();
    }
    const second = await device.newPage();
    await second.goto(`${base}/kiosk/${waveId}`);
    await second.getByTestId("kiosk-start").waitFor();
    // The status bar fills in once the tab has read the device's queue: on a busy machine, after the start button.
    await expect.poll(async () => (await counts(second)).queued).toBe(3);

    link.faults = [];
    link.postDelayMs = 300;
    link.seen.mostAtOnce = 0;
    await Promise.all([
      first.getByTestId("kiosk-sync-now").click(),
      second.getByTestId("kiosk-sync-now").click(),
    ]);
    await syncUntilEmpty(second);
    link.postDelayMs = 0;
    expect(link.seen.mostAtOnce).toBe(1);
    // The other tab hears of the change too.
    await expect.poll(async () => (await counts(first)).queued).toBe(0);
    expect(await storedOnsite()).toBe(11);
    await device.close();
  }, 120_000);

  it("asks for the slip's code where the unit issued slips, and keeps a second use of one slip as failed", async () => {
    if (!server) throw new Error("setup failed");
    const issued = await fetch(`${server.url}/api/waves/${waveId}/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await adminCookie() },
      body: JSON.stringify({ unitId: "st-1", count: 1 }),
    });
    expect(issued.status).toBe(201);
    const slip = ((await issued.json()) as { tokens: { token: string }[] }).tokens[0]?.token;
    if (!slip) throw new Error("no slip issued");
    const device = await newDevice();
    const page = await device.newPage();
    await setUp(page, { search: "中心站1", id: "st-1" });
    // Without the code nobody starts.
    await page.getByTestId("group-option-staff").check();
    await page.getByTestId("kiosk-start").click();
    await page.getByText("请先输入邀请条上的代码。").waitFor();
    expect(await page.locator(".sd-question").count()).toBe(0);
    // A code that cannot be a slip's (an O typed for a 0, one character short) is caught on the device.
    await page.getByTestId("kiosk-slip").fill("ABCD-EFGH-JKO");
    await page.getByTestId("kiosk-start").click();
    await expect
      .poll(() => page.getByTestId("kiosk-start-problem").textContent())
      .toBe("邀请条代码应为 12 位字母和数字（不含 0、O、1、I、L），请核对后重新输入。");
    expect(await page.locator(".sd-question").count()).toBe(0);

    await fillOne(page, "凭邀请条填写", slip);
    await page.getByTestId("kiosk-next").click();
    await syncUntilEmpty(page);
    expect(await storedOnsite("st-1")).toBe(1);
    // The next person's welcome has an empty code field. Online, the kiosk asks the server before the
    // questionnaire: the used slip (typed in lower case) and a code never issued are refused there.
    expect(await page.getByTestId("kiosk-slip").inputValue()).toBe("");
    await page.getByTestId("group-option-staff").check();
    await page.getByTestId("kiosk-slip").fill(slip.toLowerCase());
    await page.getByTestId("kiosk-start").click();
    await expect
      .poll(() => page.getByTestId("kiosk-start-problem").textContent())
      .toContain("已经提交过答卷");
    expect(await page.locator(".sd-question").count()).toBe(0);
    await page.getByTestId("kiosk-slip").fill("ABCD EFGH JKMN");
    await page.getByTestId("kiosk-start").click();
    await expect
      .poll(() => page.getByTestId("kiosk-start-problem").textContent())
      .toContain("不是本次调查和本单位发放的邀请条代码");
    expect(await page.locator(".sd-question").count()).toBe(0);
    // Offline it cannot ask and takes the code: the server refuses the second use when the queue syncs, and the
    // item is kept with its reason.
    await device.setOffline(true);
    await fillOne(page, "同一张邀请条再填一次", slip.toLowerCase());
    await device.setOffline(false);
    await syncUntilEmpty(page);
    expect(await counts(page)).toMatchObject({ queued: 0, failed: 1 });
    const items = await queueOnDevice(page);
    expect(items.map((i) => [i.state, i.lastError?.code])).toEqual([["failed", "token_used"]]);
    expect(await sentStubs(page)).toHaveLength(1);
    expect(await storedOnsite("st-1")).toBe(1);

    // The operator hands the person another slip and types its code into the failed item: sent again, stored.
    const again = await fetch(`${server.url}/api/waves/${waveId}/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await adminCookie() },
      body: JSON.stringify({ unitId: "st-1", count: 1 }),
    });
    const second = ((await again.json()) as { tokens: { token: string }[] }).tokens[0]?.token;
    if (!second) throw new Error("no second slip issued");
    await page.getByTestId("kiosk-operator").click();
    await page.getByTestId("kiosk-pin").fill(pin);
    await page.getByTestId("kiosk-unlock").click();
    const failed = page.locator('[data-testid=kiosk-item][data-state="failed"]');
    await failed.getByTestId("kiosk-item-slip").fill("1234");
    await failed.getByTestId("kiosk-item-send-slip").click();
    await failed
      .getByText("邀请条代码应为 12 位字母和数字（不含 0、O、1、I、L），请核对后重新输入。")
      .waitFor();
    expect(await counts(page)).toMatchObject({ failed: 1 });
    await failed
      .getByTestId("kiosk-item-slip")
      .fill(`${second.slice(0, 4)} ${second.slice(4).toLowerCase()}`);
    await failed.getByTestId("kiosk-item-send-slip").click();
    await page.getByTestId("kiosk-close-panel").click();
    await syncUntilEmpty(page);
    expect(await counts(page)).toMatchObject({ queued: 0, sent: 2, failed: 0 });
    expect(await queueOnDevice(page)).toEqual([]);
    expect(await storedOnsite("st-1")).toBe(2);
    await device.close();
  }, 120_000);

  it("keeps an item queued when a proxy answers 403 with an HTML page, and stores it once later", async () => {
    const flaky = link;
    if (!flaky) throw new Error("setup failed");
    const device = await newDevice();
    const page = await device.newPage();
    await setUp(page);
    const before = await storedOnsite();
    const blocked = flaky.seen.blocked;
    flaky.faults = ["proxy403", "proxy403"];
    await fillOne(page, "被代理拦下的意见");
    // Not the server's refusal (no error body): waiting, with the proxy's status as the last error, never failed.
    await expect
      .poll(async () => (await queueOnDevice(page)).map((i) => [i.state, i.lastError?.code]))
      .toEqual([["queued", "http_403"]]);
    expect(flaky.seen.blocked).toBeGreaterThan(blocked);
    expect(await counts(page)).toMatchObject({ queued: 1, failed: 0 });
    expect(await storedOnsite()).toBe(before);

    await syncUntilEmpty(page);
    expect(await counts(page)).toEqual({ queued: 0, sent: 1, failed: 0 });
    expect(flaky.seen.blocked).toBe(blocked + 2);
    expect(await storedOnsite()).toBe(before + 1);
    await device.close();
  }, 120_000);

  it("clears a questionnaire left half-way after three quiet minutes, keeping and sending nothing of it", async () => {
    const device = await newDevice();
    const page = await device.newPage();
    await page.clock.install();
    await setUp(page);
    await page.getByTestId("group-option-staff").check();
    await page.getByTestId("kiosk-start").click();
    await page.locator(".sd-question[data-name=q1] label.sd-rating__item").nth(2).click();
    await page.locator(".sd-navigation__next-btn").click();
    const note = page.locator(".sd-question[data-name=note] textarea");
    await note.fill("写到一半就走了");
    const prompt = page.getByTestId("kiosk-still-there");

    // Someone still at it is not interrupted: each key press starts the three minutes again.
    await page.clock.fastForward("02:30");
    await note.press("End");
    await page.clock.fastForward("02:30");
    expect(await prompt.count()).toBe(0);
    await page.clock.fastForward("01:00");
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain("还在填写吗？");
    expect(await prompt.getByRole("timer").getAttribute("data-seconds")).toBe("30");
    // "Continue" brings the questionnaire back as it was.
    await page.getByTestId("kiosk-still-continue").click();
    expect(await prompt.count()).toBe(0);
    expect(await note.inputValue()).toBe("写到一半就走了");

    // Walked away for good: asked again, and when the 30 s run out, a clean welcome for the next person.
    await page.clock.fastForward("03:30");
    await prompt.waitFor();
    await page.clock.fastForward("00:31");
    await page.getByTestId("kiosk-start").waitFor();
    expect(await prompt.count()).toBe(0);
    expect(await page.locator(".sd-question").count()).toBe(0);
    expect(await page.content()).not.toContain("写到一半就走了");
    expect(await page.getByTestId("group-option-staff").isChecked()).toBe(false);
    expect(await queueOnDevice(page)).toEqual([]);
    expect(await counts(page)).toEqual({ queued: 0, sent: 0, failed: 0 });
    expect(await draftKeys(page)).toEqual([]);
    expect(JSON.stringify(await deviceStorage(page))).not.toContain("写到一半就走了");

    // The next person's questionnaire starts empty.
    await page.getByTestId("group-option-staff").check();
    await page.getByTestId("kiosk-start").click();
    await page.locator(".sd-question[data-name=q1]").waitFor();
    expect(await page.locator(".sd-question[data-name=q1] .sd-rating__item--selected").count()).toBe(0);
    await device.close();
  }, 120_000);

  it("shuts the PIN field for a growing wait after three wrong PINs, across a reload, until the right one", async () => {
    const device = await newDevice();
    const page = await device.newPage();
    await page.clock.install();
    await setUp(page);
    const field = page.getByTestId("kiosk-pin");
    const locked = page.getByTestId("kiosk-pin-locked");
    const tryPin = async (value: string) => {
      await field.fill(value);
      await page.getByTestId("kiosk-unlock").click();
    };
    await page.getByTestId("kiosk-operator").click();
    await tryPin("1111");
    await tryPin("2222");
    await page.getByText("密码错误。").waitFor();
    expect(await locked.count()).toBe(0);
    await tryPin("3333");
    await locked.waitFor();
    expect(await locked.getAttribute("data-seconds")).toBe("30");
    expect(await locked.textContent()).toBe("密码错误次数过多，请在 0:30 后重试。");
    expect(await field.isDisabled()).toBe(true);

    // A reload does not end the wait: the count and the time are on the device.
    await page.clock.fastForward("00:10");
    await page.reload();
    await page.getByTestId("kiosk-operator").click();
    await locked.waitFor();
    expect(Number(await locked.getAttribute("data-seconds"))).toBeLessThanOrEqual(20);
    expect(await field.isDisabled()).toBe(true);
    expect(await page.getByTestId("kiosk-panel").count()).toBe(0);

    // When the wait is over one more try; wrong again, and the next wait is twice as long.
    await page.clock.fastForward("00:21");
    await expect.poll(() => field.isDisabled()).toBe(false);
    expect(await locked.count()).toBe(0);
    await tryPin("4444");
    await locked.waitFor();
    expect(await locked.getAttribute("data-seconds")).toBe("60");
    await page.clock.fastForward("01:01");
    await expect.poll(() => field.isDisabled()).toBe(false);

    // The right PIN opens the panel and starts the count again: one wrong PIN later is only "wrong".
    await tryPin(pin);
    await page.getByTestId("kiosk-panel").waitFor();
    await page.getByTestId("kiosk-close-panel").click();
    await page.getByTestId("kiosk-operator").click();
    await tryPin("5555");
    await page.getByText("密码错误。").waitFor();
    expect(await locked.count()).toBe(0);
    expect(await field.isDisabled()).toBe(false);
    await device.close();
  }, 120_000);

  it("stored every queued id exactly once, as on-site responses at the device's time", async () => {
    if (!server) throw new Error("setup failed");
    await server.stop();
    server = undefined;
    const db = await openDatabase(dbFile);
    const rows = await queryRows<{ id: string; n: number; channel: string }>(
      db.read,
      "SELECT id::VARCHAR AS id, count(*)::INTEGER AS n, any_value(channel) AS channel FROM responses WHERE wave_id = $1 GROUP BY id",
      [waveId],
    );
    db.close();
    expect(rows).toHaveLength(14);
    for (const id of queuedIds)
      expect(rows.find((r) => r.id === id)).toMatchObject({ n: 1, channel: "onsite" });
  });
});
