// `npm run wave -- create …` and `npm run wave -- list`: open survey rounds from a terminal (a running server's admin
// page /admin/waves does it in the browser). It opens the database itself, so run it while the server is stopped.
import { parseArgs } from "node:util";
import { loadCatalogue, syncCatalogue } from "../catalogue/loadCatalogue";
import { readConfig } from "../config";
import { ApiError } from "../errors";
import { openDatabase } from "../storage/database";
import { migrate } from "../storage/migrate";
import { type Channel, channels, createWave, listWaves } from "../waves/waves";

const usage = `usage:
  npm run wave -- list
  npm run wave -- create --survey plant-satisfaction --title "2027年第一季度厂情民意满意度调查" \\
      --period-start 2027-01-01 --period-end 2027-03-31 \\
      --opens 2027-01-01T00:00:00+08:00 --closes 2027-03-31T23:59:59+08:00 [--channels online,onsite,paper] [--id ID]`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      survey: { type: "string" },
      version: { type: "string" },
      title: { type: "string" },
      "period-start": { type: "string" },
      "period-end": { type: "string" },
      opens: { type: "string" },
      closes: { type: "string" },
      channels: { type: "string", default: "online,onsite,paper" },
      id: { type: "string" },
    },
  });
  if (command !== "list" && command !== "create") throw new Error(usage);
  const config = readConfig();
  const db = await openDatabase(config.MINYI_DB);
  try {
    await migrate(db);
    await syncCatalogue(db, await loadCatalogue(config.MINYI_SURVEYS_DIR));
    if (command === "create") {
      const missing = ["survey", "title", "period-start", "period-end", "opens", "closes"].filter(
        (k) => !values[k as keyof typeof values],
      );
      if (missing.length > 0) throw new Error(`missing --${missing.join(", --")}\n${usage}`);
      const wanted = String(values.channels)
        .split(",")
        .map((c) => c.trim());
      const unknown = wanted.filter((c) => !(channels as readonly string[]).includes(c));
      if (unknown.length > 0)
        throw new Error(`unknown channel(s) ${unknown.join(", ")}; use ${channels.join(", ")}`);
      for (const key of ["opens", "closes"] as const) {
        if (Number.isNaN(Date.parse(String(values[key])))) throw new Error(`--${key} is not a date-time`);
      }
      const wave = await createWave(
        db,
        {
          id: values.id,
          surveyId: String(values.survey),
          surveyVersion: values.version === undefined ? undefined : Number(values.version),
          title: String(values.title),
          periodStart: String(values["period-start"]),
          periodEnd: String(values["period-end"]),
          opensAt: new Date(String(values.opens)).toISOString(),
          closesAt: new Date(String(values.closes)).toISOString(),
          channels: wanted as Channel[],
        },
        new Date(),
        "cli",
      );
      console.log(`created wave ${wave.id} (${wave.status}): fill page /s/${encodeURIComponent(wave.id)}`);
    } else {
      for (const w of await listWaves(db)) {
        console.log(
          `${w.id}\t${w.status}\t${w.periodStart}..${w.periodEnd}\t${w.surveyId}@${w.surveyVersion}\t${w.title}`,
        );
      }
    }
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ApiError || error instanceof Error ? error.message : error);
  process.exit(1);
});
