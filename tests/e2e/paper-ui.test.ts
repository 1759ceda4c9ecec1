// Paper forms through the browser as the demo grid worker (built web app, real server with MINYI_DEMO=1, real
// DuckDB): a file with mistakes is refused whole with every problem listed, fixed it imports, again it does not
// double; two forms keyed in with the keyboard only (one fixed at its field, one kept through a lost connection);
// the printed PDF carries the questions.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SurveyDefinition } from "../../server/catalogue/types";
import { launchBrowser } from "../helpers/browser";
import { validAnswers } from "../helpers/dataPool";
import { type PaperCell, paperRow } from "../helpers/paperRows";
import { type RunningServer, startServer } from "../helpers/spawnServer";

const dir = mkdtempSync(join(tmpdir(), "minyi-paper-e2e-"));
let server: RunningServer | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page | undefined;
let waveId = "";
const station = "area-05-st-01";
const definition = JSON.parse(readFileSync("surveys/plant-satisfaction.json", "utf8")) as SurveyDefinition;

interface Column {
  name: string;
  kind: string;
  choices?: { value: unknown }[];
  min?: number;
}
let columns: Column[] = [];
let firstGroup = "";

beforeAll(async () => {
  if (!existsSync("dist/web/index.html"))
    throw new Error("dist/web is not built: run `npm run build` (npm test does)");
  server = await startServer({
    MINYI_DB: join(dir, "demo.duckdb"),
    MINYI_DEMO: "1",
    MINYI_ADMIN_PASSWORD: "admin-e2e-password",
    MINYI_DEMO_PASSWORD: "demo",
    MINYI_WEB_DIST: "dist/web",
  });
  const waves = (await (await fetch(`${server.url}/api/waves`)).json()) as { id: string; status: string }[];
  waveId = waves.find((w) => w.status === "open")?.id ?? "";
  browser = await launchBrowser();
  context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.locator('input[name="username"]').fill("collector");
  await page.locator('input[name="password"]').fill("demo");
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== "/login");
  const paper = await page.evaluate(async (id) => (await fetch(`/api/waves/${id}/paper`)).json(), waveId);
  columns = paper.columns;
  firstGroup = paper.groups[0].id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function ready(): Page {
  if (!page || !server) throw new Error("setup failed");
  return page;
}

/** Paper responses stored for the grid worker's station and below, as the progress page counts them. */
const paperCount = () =>
  ready().evaluate(async (id) => {
    const body = (await (await fetch(`/api/waves/${id}/progress`)).json()) as {
      rootUnitId: string;
      units: { id: string; subtree: { paper: number } }[];
    };
    return body.units.find((u) => u.id === body.rootUnitId)?.subtree.paper ?? -1;
  }, waveId);

function csv(rows: Record<string, PaperCell>[]): Buffer {
  const quote = (v: PaperCell | undefined) => {
    const s = v === undefined ? "" : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [
    columns.map((c) => c.name).join(","),
    ...rows.map((r) => columns.map((c) => quote(r[c.name])).join(",")),
  ];
  return Buffer.from(`${lines.join("\n")}\n`);
}

async function upload(file: Buffer) {
  const p = ready();
  await p
    .locator('input[name="file"]')
    .setInputFiles({ name: "forms.csv", mimeType: "text/csv", buffer: file });
  await p.getByRole("button", { name: "检查文件" }).click();
}

describe("paper forms in the browser", () => {
  it("refuses a file with mistakes whole, listing every problem; imports it fixed; does not double it", async () => {
    const p = ready();
    const row = (n: number, extra: Record<string, PaperCell> = {}) => ({
      ...paperRow({ form_no: `F-${n}`, unit_id: station, group_id: firstGroup }, validAnswers(definition, n)),
      ...extra,
    });
    const before = await paperCount();
    await p.goto(`${server?.url}/admin/import?wave=${encodeURIComponent(waveId)}`);
    await p.getByRole("heading", { name: "纸质问卷导入" }).waitFor();
    // A grid worker has no override for closed rounds.
    expect(await p.locator('input[name="override-closed"]').count()).toBe(0);
    // The template downloads as a file named by the server, headed by the columns the import reads.
    const [template] = await Promise.all([
      p.waitForEvent("download"),
      p.getByRole("button", { name: "录入模板（CSV）" }).click(),
    ]);
    expect(template.suggestedFilename()).toMatch(/\.csv$/);
    const header = readFileSync((await template.path()) ?? "", "utf8")
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/)[0];
    expect(header?.split(",").slice(0, 5)).toEqual([
      "form_no",
      "unit_id",
      "group_id",
      "filled_on",
      "safety_responsibility",
    ]);

    await upload(
      csv([
        row(1),
        row(2, { safety_ppe: 9 }),
        row(3, { unit_id: "no-such-unit", enps: "很多" }),
        row(4, { group_id: "" }),
      ]),
    );
    const problems = p.getByTestId("import-problems");
    await problems.waitFor();
    expect(await problems.getByRole("alert").textContent()).toBe("3 行中有 4 处错误：未导入任何数据");
    const cells = await problems
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-row"), tr.getAttribute("data-column")]));
    expect(cells).toEqual([
      ["3", "safety_ppe"],
      ["4", "unit_id"],
      ["4", "enps"],
      ["5", "group_id"],
    ]);
    const texts = await problems.locator("tbody tr td:last-child").allTextContents();
    // Each says what the file has: the value found beside the range it should be in.
    expect(texts[0]).toBe("9 超出了该题的取值范围（1–5）。");
    expect(texts[1]).toBe("没有这个单位（或不在你的管辖范围内），请填写单位表中的编号或名称。");
    expect(texts[2]).toBe("“很多”不是数字，请填写 0–10 之间的数字。");
    expect(texts[3]).toBe("此项必填，不能空着。");
    expect(await paperCount()).toBe(before);

    const fixed = csv([row(1), row(2), row(3), row(4)]);
    await upload(fixed);
    await p.getByTestId("import-ready").waitFor();
    expect(await p.getByTestId("import-ready").locator("p").textContent()).toBe(
      "文件无误：共 4 份问卷（新增 4 份，已导入过 0 份）。",
    );
    expect(await paperCount()).toBe(before);
    await p.getByRole("button", { name: "导入 4 份问卷" }).click();
    await p.getByTestId("import-done").waitFor();
    expect(await p.getByTestId("import-done").textContent()).toBe(
      "导入完成：新增 4 份，0 份此前已导入（不重复计数）。",
    );
    expect(await paperCount()).toBe(before + 4);

    // The same file again: nothing new, so no button to import nothing.
    await upload(fixed);
    await p.getByTestId("import-nothing-new").waitFor();
    expect(await p.getByTestId("import-nothing-new").textContent()).toBe(
      "这些问卷此前都已导入，无需再导入。",
    );
    expect(await p.getByRole("button", { name: /^导入 \d+ 份问卷$/ }).count()).toBe(0);
    expect(await paperCount()).toBe(before + 4);

    // The template as downloaded, header only: the server's no_forms, in Chinese.
    await upload(csv([]));
    await p.getByTestId("import-failed").waitFor();
    expect(await p.getByTestId("import-failed").locator("p").first().textContent()).toBe(
      "文件中没有填写任何问卷：请在列名下方（从第2行起）每行录入一份纸质问卷。",
    );
  }, 120_000);

  it("opens on the open round, marks each round's status, and shuts a closed one to a grid worker at once", async () => {
    const p = ready();
    const waves = (await p.evaluate(async () => (await fetch("/api/waves")).json())) as {
      id: string;
      title: string;
      status: string;
    }[];
    const closed = waves.find((w) => w.status === "closed");
    if (!closed) throw new Error("the demo has no closed round");
    await p.goto(`${server?.url}/admin/import`);
    const picker = p.locator('select[name="wave"]');
    await picker.waitFor();
    expect(await picker.inputValue()).toBe(waveId);
    expect(await p.locator('input[name="file"]').isDisabled()).toBe(false);
    expect(await picker.locator(`option[value="${closed.id}"]`).textContent()).toBe(
      `${closed.title} (已结束)`,
    );
    expect(await p.getByTestId("round-locked").count()).toBe(0);

    await picker.selectOption(closed.id);
    await p.getByTestId("round-locked").waitFor();
    expect(await p.getByTestId("round-locked").textContent()).toBe("该批次已结束，只有管理员可以补录。");
    expect(await p.locator('input[name="file"]').isDisabled()).toBe(true);
    expect(await p.getByRole("button", { name: "检查文件" }).isDisabled()).toBe(true);

    await p.goto(`${server?.url}/admin/keying?wave=${encodeURIComponent(closed.id)}`);
    await p.getByTestId("keying-form").waitFor();
    await p.getByTestId("round-locked").waitFor();
    expect(await p.locator('input[name="form_no"]').isDisabled()).toBe(true);
    expect(await p.getByRole("button", { name: "保存本份（回车）" }).isDisabled()).toBe(true);
  }, 120_000);

  it("keys two forms with the keyboard only: mistakes fixed at their fields, a lost connection kept for a retry", async () => {
    const p = ready();
    const before = await paperCount();
    await p.goto(`${server?.url}/admin/keying?wave=${encodeURIComponent(waveId)}`);
    await p.getByTestId("keying-form").waitFor();
    const focused = () => p.evaluate(() => document.activeElement?.getAttribute("name"));
    await expect.poll(focused).toBe("form_no");

    /** What a keyer types for each answer column: a middle scale point, the first choice, blanks for texts. */
    const answer = (c: Column, mistake: boolean) => {
      if (mistake && c.name === "safety_ppe") return "7";
      if (c.kind === "scale") return String((c.min ?? 1) + 2);
      if (c.kind === "choice" || c.kind === "multi_choice" || c.kind === "boolean") return "1";
      return "";
    };
    // Field by field as the cursor goes: fields of questions the survey hides for these answers are skipped.
    const last = columns[columns.length - 1]?.name;
    const keyAnswers = async (mistake: boolean) => {
      for (;;) {
        const name = await focused();
        const column = columns.find((c) => c.name === name);
        if (!column) throw new Error(`focus left the form at ${name}`);
        const typed = answer(column, mistake);
        if (typed) await p.keyboard.type(typed);
        await p.keyboard.press("Enter");
        if (name === last) return;
      }
    };

    // Form 1: number, unit by part of its name (type-ahead), group by its number, today's date left blank.
    await p.keyboard.type("K-001");
    await p.keyboard.press("Enter");
    await p.keyboard.type("杏一中心");
    await expect.poll(() => p.getByTestId("echo-unit_id").textContent()).toContain(station);
    await p.keyboard.press("Enter");
    expect(await p.locator('input[name="unit_id"]').inputValue()).toBe(station);
    // The group is forgotten (Enter on a blank field), the date left blank (today).
    await p.keyboard.press("Enter");
    await p.keyboard.press("Enter");
    await keyAnswers(true);
    // A middle workload (3) hides "why is the workload too heavy": the cursor went past it.
    expect(await p.locator('textarea[name="workload_reason"]').isDisabled()).toBe(true);
    // Refused with each problem at its field and the cursor on the first; nothing stored.
    await p.getByTestId("error-group_id").waitFor();
    expect(await p.getByTestId("error-group_id").textContent()).toBe("此项必填，不能空着。");
    await p.getByTestId("error-safety_ppe").waitFor();
    expect(await p.getByTestId("keying-invalid").textContent()).toContain("有 2 项需要改正");
    expect(await focused()).toBe("group_id");
    expect(await paperCount()).toBe(before);
    await p.keyboard.type("1");
    await p.keyboard.press("Control+Enter");
    // Still refused for the scale point off the scale: now the cursor is there, its text selected.
    await expect.poll(focused).toBe("safety_ppe");
    expect(await p.getByTestId("error-safety_ppe").textContent()).toBe("7 超出了该题的取值范围（1–5）。");
    expect(await p.getByTestId("keying-invalid").textContent()).toContain("有 1 项需要改正");
    await p.keyboard.type("4");
    await p.keyboard.press("Control+Enter");
    await expect.poll(() => p.getByTestId("keying-saved").textContent()).toBe("第 K-001 号问卷已保存。");
    expect(await p.getByTestId("keyed-count").textContent()).toBe("本次已录入 1 份");
    // A clean form: the next number suggested, unit, group and date carried over, answers empty.
    await expect.poll(focused).toBe("form_no");
    expect(await p.locator('input[name="form_no"]').inputValue()).toBe("K-002");
    // Back at the form number, the field and its focus ring (3 px, 2 px off) are clear of the sticky status bar.
    const barBox = await p.locator(".keying-status").boundingBox();
    const fieldBox = await p.locator('input[name="form_no"]').boundingBox();
    if (!barBox || !fieldBox) throw new Error("the status bar or the form number is not on screen");
    expect(fieldBox.y - 5).toBeGreaterThanOrEqual(barBox.y + barBox.height);
    expect(await p.locator('input[name="unit_id"]').inputValue()).toBe(station);
    expect(await p.locator('input[name="safety_ppe"]').inputValue()).toBe("");

    // Form 2: the suggested number accepted; the connection drops as it is saved.
    await p.route("**/paper/import", (route) => route.abort("internetdisconnected"));
    for (let i = 0; i < 4; i++) await p.keyboard.press("Enter");
    await keyAnswers(false);
    await p.getByTestId("keying-unsent").waitFor();
    expect(await p.getByTestId("keying-unsent").textContent()).toContain("本份问卷尚未保存");
    expect(await p.locator('input[name="safety_ppe"]').inputValue()).toBe("3");
    expect(await paperCount()).toBe(before + 1);
    await p.unroute("**/paper/import");
    await p.getByRole("button", { name: "重试" }).click();
    await expect.poll(() => p.getByTestId("keying-saved").textContent()).toBe("第 K-002 号问卷已保存。");
    expect(await p.getByTestId("keyed-count").textContent()).toBe("本次已录入 2 份");
    expect(await paperCount()).toBe(before + 2);
  }, 120_000);

  it("prints the paper form as a PDF with the questions and their template column names", async () => {
    const p = ready();
    const pdf = new Uint8Array(
      await p.evaluate(
        async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())),
        `/api/waves/${encodeURIComponent(waveId)}/paper/form.pdf?unitId=${station}`,
      ),
    );
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-");
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const doc = await pdfjs.getDocument({ data: pdf }).promise;
    let text = "";
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      text += content.items.map((item) => ("str" in item ? item.str : "")).join("");
    }
    text = text.normalize("NFKC").replace(/\s+/g, "");
    // (Chromium writes 民 as the radical ⺠, which NFKC does not fold: the checks avoid it.)
    for (const expected of [
      "满意度调查",
      "本问卷不记名",
      "您对本单位安全生产责任落实情况是否满意?",
      "[safety_responsibility]",
      "您在多大程度上愿意向亲友推荐到本厂工作?",
      "[office_attitude.production_dept]",
      "您目前最希望厂里帮助解决的困难或诉求是什么?",
      // The unit asked for is printed in its box.
      `杏一中心站(${station})`,
    ]) {
      expect(text).toContain(expected.replace(/\s+/g, ""));
    }
    // A unit outside the grid worker's stations prints as one that does not exist: a blank line to write on.
    await p.goto(`${server?.url}/print/paper/${encodeURIComponent(waveId)}?unit=area-01`);
    await p.locator("[data-report-ready]").waitFor();
    const sheet = (await p.getByTestId("paper-form").textContent()) ?? "";
    expect(sheet).toContain("所在中心站/班组/科室名称或编号");
    expect(sheet).not.toContain("area-01");
  }, 120_000);

  it("lets only an administrator import into a closed round, with the override ticked", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const waves = (await (await fetch(`${server.url}/api/waves`)).json()) as { id: string; status: string }[];
    const closed = waves.find((w) => w.status === "closed")?.id ?? "";
    const admin = await browser.newContext({ locale: "zh-CN" });
    const p = await admin.newPage();
    await p.goto(`${server.url}/login`);
    await p.locator('input[name="username"]').fill("admin");
    await p.locator('input[name="password"]').fill("admin-e2e-password");
    await p.locator('button[type="submit"]').click();
    await p.waitForURL((url) => url.pathname !== "/login");
    await p.goto(`${server.url}/admin/import?wave=${encodeURIComponent(closed)}`);
    const file = csv([
      paperRow({ form_no: "LATE-1", unit_id: station, group_id: firstGroup }, validAnswers(definition, 40)),
    ]);
    await p
      .locator('input[name="file"]')
      .setInputFiles({ name: "late.csv", mimeType: "text/csv", buffer: file });
    await p.getByRole("button", { name: "检查文件" }).click();
    await p.getByTestId("import-failed").waitFor();
    expect(await p.getByTestId("import-failed").locator("p").first().textContent()).toContain(
      "该调研批次已结束",
    );
    await p.locator('input[name="override-closed"]').check();
    await p.getByRole("button", { name: "检查文件" }).click();
    await p.getByRole("button", { name: "导入 1 份问卷" }).click();
    await p.getByTestId("import-done").waitFor();
    expect(await p.getByTestId("import-done").textContent()).toBe(
      "导入完成：新增 1 份，0 份此前已导入（不重复计数）。",
    );
    await admin.close();
  }, 120_000);
});
