// DuckDB's memory limit and threads from the environment (MINYI_DUCKDB_MEMORY, MINYI_DUCKDB_THREADS): the defaults,
// what an opened database then runs with, and a malformed value refused at start-up with the variable's name.
import { totalmem } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "../../server/config";
import { duckdbSettings, openDatabase, queryRows } from "../../server/storage/database";

const saved = { memory: process.env.MINYI_DUCKDB_MEMORY, threads: process.env.MINYI_DUCKDB_THREADS };
afterEach(() => {
  for (const [key, value] of [
    ["MINYI_DUCKDB_MEMORY", saved.memory],
    ["MINYI_DUCKDB_THREADS", saved.threads],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("duckdbSettings", () => {
  it("defaults to half the machine's memory and DuckDB's own thread count", () => {
    expect(duckdbSettings({})).toEqual({ memory_limit: `${Math.floor(totalmem() / 2 / 1024 / 1024)}MB` });
  });

  it("takes the limit and the threads from the environment", () => {
    expect(duckdbSettings({ MINYI_DUCKDB_MEMORY: "3GB", MINYI_DUCKDB_THREADS: "1" })).toEqual({
      memory_limit: "3GB",
      threads: "1",
    });
  });

  it("opens the database with them", async () => {
    process.env.MINYI_DUCKDB_MEMORY = "512MB";
    process.env.MINYI_DUCKDB_THREADS = "1";
    const db = await openDatabase(":memory:");
    try {
      const [row] = await queryRows<{ memory: string; threads: number }>(
        db.read,
        "SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS threads",
      );
      // DuckDB reports the limit in its own units: 512 MB is 488.2 MiB.
      expect(row).toEqual({ memory: "488.2 MiB", threads: 1 });
    } finally {
      db.close();
    }
  });
});

describe("readConfig", () => {
  it.each([
    [
      "MINYI_DUCKDB_MEMORY",
      "lots",
      "Bad environment variable MINYI_DUCKDB_MEMORY: must be a size like 4GB or 512MB",
    ],
    ["MINYI_DUCKDB_THREADS", "0", "Bad environment variable MINYI_DUCKDB_THREADS:"],
  ])("refuses %s=%s", (key, value, message) => {
    expect(() => readConfig({ [key]: value })).toThrow(message);
  });

  it("accepts sizes DuckDB understands", () => {
    expect(readConfig({ MINYI_DUCKDB_MEMORY: "4GB", MINYI_DUCKDB_THREADS: "2" })).toMatchObject({
      MINYI_DUCKDB_MEMORY: "4GB",
      MINYI_DUCKDB_THREADS: 2,
    });
  });
});
