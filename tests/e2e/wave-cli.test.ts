// `npm run wave`: opening a survey round from a terminal on a real database file, and refusing a bad one whole.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "minyi-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, MINYI_DB: join(dir, "cli.duckdb") };
const run = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "server/cli/wave.ts", ...args], { env, encoding: "utf8" });

describe("npm run wave", () => {
  it("creates a wave and lists it", () => {
    const created = run(
      "create",
      "--survey",
      "plant-satisfaction",
      "--title",
      "2027年第一季度",
      "--period-start",
      "2027-01-01",
      "--period-end",
      "2027-03-31",
      "--opens",
      "2027-01-01T00:00:00+08:00",
      "--closes",
      "2027-04-01T00:00:00+08:00",
      "--channels",
      "online,paper",
      "--id",
      "q1",
    );
    expect(created.status).toBe(0);
    expect(created.stdout).toContain("created wave q1 (scheduled): fill page /s/q1");
    const listed = execFileSync(process.execPath, ["--import", "tsx", "server/cli/wave.ts", "list"], {
      env,
      encoding: "utf8",
    });
    expect(listed.trim()).toBe("q1\tscheduled\t2027-01-01..2027-03-31\tplant-satisfaction@1\t2027年第一季度");
  });

  it.each([
    [
      [
        "create",
        "--survey",
        "nope",
        "--title",
        "x",
        "--period-start",
        "2027-01-01",
        "--period-end",
        "2027-03-31",
        "--opens",
        "2027-01-01",
        "--closes",
        "2027-02-01",
      ],
      'There is no survey "nope".',
    ],
    [
      ["create", "--survey", "plant-satisfaction"],
      "missing --title, --period-start, --period-end, --opens, --closes",
    ],
    [
      [
        "create",
        "--survey",
        "plant-satisfaction",
        "--title",
        "x",
        "--period-start",
        "2027-01-01",
        "--period-end",
        "2027-03-31",
        "--opens",
        "2027-01-01",
        "--closes",
        "2027-02-01",
        "--channels",
        "fax",
      ],
      "unknown channel(s) fax",
    ],
    [["drop"], "usage:"],
  ])("refuses %j with a message and creates nothing", (args, message) => {
    const before = run("list").stdout;
    const result = run(...args);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(run("list").stdout).toBe(before);
  });
});
