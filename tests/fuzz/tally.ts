// vitest globalSetup: hands every worker one file to append its fuzz counts to, and prints their sum at the end.
// It runs no property itself; without fuzz files in the run it prints nothing.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const file = join(tmpdir(), `minyi-fuzz-tally-${process.pid}.tsv`);
  rmSync(file, { force: true });
  // Workers are forked after this runs and inherit the environment.
  process.env.MINYI_FUZZ_TALLY = file;
  return () => {
    if (!existsSync(file)) return;
    const lines = readFileSync(file, "utf8").trim().split("\n").filter(Boolean);
    const total = lines.reduce((sum, line) => sum + Number(line.split("\t")[0]), 0);
    console.log(`\nfuzz: ${total} inputs tried in total (${lines.length} runs)`);
    rmSync(file, { force: true });
  };
}
