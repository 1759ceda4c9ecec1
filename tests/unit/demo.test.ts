// seedDemo against a real DuckDB: the full demo once (counts, load time, stories by SQL, small units,
// integrity, idempotence), small-scale runs for determinism, and the refusals. No mocks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalogue, syncCatalogue } from "../../server/catalogue/loadCatalogue";
import { demoStory } from "../../server/demo/responses";
import { seedDemo } from "../../server/demo/seedDemo";
import { type Database, openDatabase, queryRows } from "../../server/storage/database";
import { migrate } from "../../server/storage/migrate";
import { listWaves } from "../../server/waves/waves";

const now = new Date("2026-11-22T10:00:00Z");
const seed = 20260101;

async function catalogueOnly(): Promise<Database> {
  const db = await openDatabase(":memory:");
  await migrate(db);
  await syncCatalogue(db, await loadCatalogue("surveys"));
  return db;
}

/**
 * Everything seed-derived (receipts are random by design and left out), as a sum of row hashes: independent
 * of row order and far quicker than hashing 1.7 million rows as one string.
 */
async function digest(db: Database): Promise<{ responses: number; answers: number; r: string; a: string }> {
  const [row] = await queryRows<{ responses: number; answers: number; r: string; a: string }>(
    db.read,
    `SELECT (SELECT count(*) FROM responses) AS responses, (SELECT count(*) FROM answers) AS answers,
       (SELECT sum(hash(concat_ws('|', id, wave_id, unit_id, group_id, channel, started_at, submitted_at,
          received_at, collected_at, body_hash, data::VARCHAR))::HUGEINT)::VARCHAR FROM responses) AS r,
       (SELECT sum(hash(concat_ws('|', response_id, item_id, kind, value_num, value_text, position))::HUGEINT)::VARCHAR
          FROM answers) AS a`,
  );
  if (!row) throw new Error("no digest");
  return row;
}

/** Mean of one topic's scale answers per wave: all, and for units whose path does / does not match $2. */
const topicByWave = `
  SELECT r.wave_id AS wave,
    avg(a.value_num) AS mean,
    avg(a.value_num) FILTER (WHERE u.path LIKE $2) AS inside,
    avg(a.value_num) FILTER (WHERE u.path NOT LIKE $2) AS outside
  FROM answers a
  JOIN responses r ON r.id = a.response_id
  JOIN units u ON u.id = r.unit_id
  JOIN waves w ON w.id = r.wave_id
  JOIN survey_items i ON i.survey_id = w.survey_id AND i.survey_version = w.survey_version AND i.item_id = a.item_id
  WHERE a.kind = 'scale' AND i.topic = $1
  GROUP BY r.wave_id ORDER BY r.wave_id`;

type TopicRow = { wave: string; mean: number; inside: number; outside: number };

describe("seedDemo, full scale", () => {
  let db: Database;
  let result: Awaited<ReturnType<typeof seedDemo>>;
  const messages: string[] = [];

  // One full load (~25,000 responses) shared by the read-only checks below: one per test would take minutes.
  beforeAll(async () => {
    db = await catalogueOnly();
    result = await seedDemo(db, { seed, now, log: (m) => messages.push(m) });
  });
  afterAll(() => db?.close());

  it("loads the plant, eight waves and about 25,000 responses", async () => {
    expect(result).toMatchObject({ units: 198, headcount: 7005, waves: 8 });
    expect(result.responses).toBeGreaterThan(23_000);
    expect(result.responses).toBeLessThan(27_000);
    const [counts] = await queryRows<{ responses: number; answers: number; units: number }>(
      db.read,
      `SELECT (SELECT count(*) FROM responses) AS responses, (SELECT count(*) FROM answers) AS answers,
              (SELECT count(*) FROM units) AS units`,
    );
    expect(counts).toEqual({ responses: result.responses, answers: result.answers, units: 198 });
    expect(messages.at(-1)).toMatch(
      /^demo: 198 units \(7005 staff\), 8 waves, \d+ responses, \d+ answers, \d+ cases in /,
    );
  });

  it("makes a case of every demand written, each with a history that follows the lifecycle up to now", async () => {
    const [counts] = await queryRows<{ cases: number; demands: number }>(
      db.read,
      `SELECT (SELECT count(*) FROM cases) AS cases,
              (SELECT count(*) FROM answers WHERE kind = 'demand' AND trim(value_text) <> '') AS demands`,
    );
    expect(counts?.cases).toBe(counts?.demands);
    expect(counts?.cases).toBeGreaterThan(2500);
    // Each history starts at intake, every step leaves from where the previous one arrived, the last arrives at
    // the case's status, and nothing happens after the demo's clock.
    const broken = await queryRows(
      db.read,
      `WITH e AS (SELECT *, lag(to_status) OVER (PARTITION BY case_id ORDER BY seq) AS before,
                         row_number() OVER (PARTITION BY case_id ORDER BY seq) AS k,
                         last_value(to_status) OVER (PARTITION BY case_id ORDER BY seq
                           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS final
                  FROM case_events)
       SELECT e.case_id FROM e JOIN cases c ON c.id = e.case_id
       WHERE e.seq <> e.k OR (e.seq = 1 AND e.action <> 'received')
          OR (e.seq > 1 AND e.from_status IS DISTINCT FROM e.before) OR e.final <> c.status
          OR e.event_at > $1::TIMESTAMP
       LIMIT 5`,
      [now.toISOString().replace("Z", "")],
    );
    expect(broken).toEqual([]);
    const statuses = await queryRows<{ status: string }>(
      db.read,
      "SELECT DISTINCT status FROM cases ORDER BY 1",
    );
    expect(statuses.map((s) => s.status)).toEqual([
      "answered",
      "closed",
      "merged",
      "new",
      "published",
      "routed",
    ]);
    // Fields agree with statuses: a routed case has a department and a deadline, a published one an answer.
    const [odd] = await queryRows<{ n: number }>(
      db.read,
      `SELECT count(*) AS n FROM cases WHERE (status = 'routed' AND (department_id IS NULL OR deadline IS NULL))
         OR (status IN ('published', 'closed') AND (answer IS NULL OR published_at IS NULL))
         OR (status = 'closed' AND rating IS NULL) OR (status = 'merged' AND merged_into IS NULL)`,
    );
    expect(odd?.n).toBe(0);
    // The demo handler (人力资源科) has cases waiting, so answering one is the first thing one can try.
    const [hr] = await queryRows<{ n: number }>(
      db.read,
      "SELECT count(*) AS n FROM cases WHERE department_id = 'dept-hr' AND status = 'routed'",
    );
    expect(hr?.n).toBeGreaterThan(0);
  });

  it("has one root and only the current quarter's wave open", async () => {
    const roots = await queryRows(db.read, "SELECT id, level FROM units WHERE parent_id IS NULL");
    expect(roots).toEqual([{ id: "plant", level: 0 }]);
    const waves = await listWaves(db, now);
    expect(waves.map((w) => [w.id, w.status])).toEqual([
      ["plant-2026-Q4", "open"],
      ["plant-2026-Q3", "closed"],
      ["plant-2026-Q2", "closed"],
      ["plant-2026-Q1", "closed"],
      ["plant-2025-Q4", "closed"],
      ["plant-2025-Q3", "closed"],
      ["plant-2025-Q2", "closed"],
      ["plant-2025-Q1", "closed"],
    ]);
  });

  it("answers at 40–50 % of headcount per closed wave", async () => {
    const rows = await queryRows<{ wave_id: string; rate: number }>(
      db.read,
      `SELECT wave_id, count(*) / (SELECT sum(headcount) FROM units) AS rate FROM responses
       WHERE wave_id <> 'plant-2026-Q4' GROUP BY wave_id`,
    );
    expect(rows).toHaveLength(7);
    for (const row of rows) {
      expect(row.rate).toBeGreaterThan(0.37);
      expect(row.rate).toBeLessThan(0.53);
    }
  });

  it("tells story (a): area-05's pay falls by more than 0.8 while the rest of the plant stays flat", async () => {
    const { areaId, topic } = demoStory.payDecline;
    const rows = await queryRows<TopicRow>(db.read, topicByWave, [topic, `/plant/${areaId}/%`]);
    const first = rows[0] as TopicRow;
    const last = rows[rows.length - 1] as TopicRow;
    expect(first.inside - last.inside).toBeGreaterThan(0.8);
    expect(Math.abs(first.outside - last.outside)).toBeLessThan(0.2);
    expect(first.inside).toBeCloseTo(3.9, 0);
    expect(last.inside).toBeCloseTo(2.6, 0);
    // Steadily: every quarter lower than two quarters before.
    for (let i = 2; i < rows.length; i++) expect(rows[i]?.inside).toBeLessThan(rows[i - 2]?.inside as number);
  });

  it("tells story (b): the canteen steps up by more than 0.8 from the reform quarter on", async () => {
    const rows = await queryRows<TopicRow>(db.read, topicByWave, [demoStory.canteenReform.topic, "%"]);
    const at = demoStory.canteenReform.waveIndex;
    expect(rows[at]?.wave).toBe("plant-2025-Q4");
    const before = rows.slice(0, at).map((r) => r.mean);
    const after = rows.slice(at).map((r) => r.mean);
    expect(Math.min(...after) - Math.max(...before)).toBeGreaterThan(0.8);
    for (const mean of before) expect(mean).toBeCloseTo(2.9, 0);
    for (const mean of after) expect(mean).toBeCloseTo(4.0, 0);
  });

  it("tells story (c): safety stays between 4.1 and 4.5 in every wave and every area", async () => {
    const rows = await queryRows<TopicRow>(db.read, topicByWave, [demoStory.safety.topic, "%"]);
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect(row.mean).toBeGreaterThan(4.1);
      expect(row.mean).toBeLessThan(4.5);
    }
    const areas = await queryRows<{ area: string; mean: number }>(
      db.read,
      `SELECT split_part(u.path, '/', 3) AS area, avg(a.value_num) AS mean
       FROM answers a JOIN responses r ON r.id = a.response_id JOIN units u ON u.id = r.unit_id
       JOIN survey_items i ON i.survey_id = 'plant-satisfaction' AND i.item_id = a.item_id
       WHERE a.kind = 'scale' AND i.topic = 'safety' AND u.kind <> 'plant' GROUP BY 1`,
    );
    expect(areas).toHaveLength(19); // 8 areas + 11 departments
    for (const row of areas) expect(row.mean).toBeGreaterThan(4.1);
  });

  it("tells story (d): small units fall under the anonymity threshold in the latest wave", async () => {
    const small = await queryRows<{ unit_id: string; n: number }>(
      db.read,
      `SELECT unit_id, count(*) AS n FROM responses WHERE wave_id = 'plant-2026-Q4'
       GROUP BY unit_id HAVING count(*) BETWEEN 1 AND 4 ORDER BY unit_id`,
    );
    expect(small.length).toBeGreaterThanOrEqual(2);
    const [station] = await queryRows<{ n: number }>(
      db.read,
      `SELECT count(*) AS n FROM responses r JOIN units u ON u.id = r.unit_id
       WHERE r.wave_id = 'plant-2026-Q4' AND u.path LIKE '/plant/area-08/area-08-st-06/%'`,
    );
    expect(station?.n).toBeGreaterThan(0);
    expect(station?.n).toBeLessThan(15);
  });

  it("has leaders rate higher than staff, and eNPS follow satisfaction", async () => {
    const groups = await queryRows<{ group_id: string; mean: number; enps: number }>(
      db.read,
      `SELECT r.group_id, avg(a.value_num) FILTER (WHERE a.kind = 'scale') AS mean,
         100 * (avg(CASE WHEN a.value_num >= 9 THEN 1 ELSE 0 END) FILTER (WHERE a.kind = 'enps')
              - avg(CASE WHEN a.value_num <= 6 THEN 1 ELSE 0 END) FILTER (WHERE a.kind = 'enps')) AS enps
       FROM answers a JOIN responses r ON r.id = a.response_id
       WHERE r.group_id IN ('staff', 'area_head') GROUP BY 1 ORDER BY 1`,
    );
    const [areaHead, staff] = groups;
    expect(areaHead?.mean).toBeGreaterThan((staff?.mean as number) + 0.3);
    expect(areaHead?.enps).toBeGreaterThan((staff?.enps as number) + 20);
    const area05 = await queryRows<{ wave_id: string; enps: number }>(
      db.read,
      `SELECT r.wave_id, 100 * (avg(CASE WHEN a.value_num >= 9 THEN 1 ELSE 0 END)
                              - avg(CASE WHEN a.value_num <= 6 THEN 1 ELSE 0 END)) AS enps
       FROM answers a JOIN responses r ON r.id = a.response_id JOIN units u ON u.id = r.unit_id
       WHERE a.kind = 'enps' AND u.path LIKE '/plant/area-05/%' AND r.wave_id IN ('plant-2025-Q1', 'plant-2026-Q4')
       GROUP BY 1 ORDER BY 1`,
    );
    expect((area05[0]?.enps as number) - (area05[1]?.enps as number)).toBeGreaterThan(10);
  });

  it("has about 8 % demands and 5 % suggestions, from the text bank", async () => {
    const [share] = await queryRows<{ demands: number; suggestions: number; distinct_texts: number }>(
      db.read,
      `SELECT count(*) FILTER (WHERE item_id = 'demands') / (SELECT count(*) FROM responses) AS demands,
              count(*) FILTER (WHERE item_id = 'suggestions') / (SELECT count(*) FROM responses) AS suggestions,
              count(DISTINCT value_text) AS distinct_texts
       FROM answers WHERE kind = 'demand'`,
    );
    expect(share?.demands).toBeGreaterThan(0.065);
    expect(share?.demands).toBeLessThan(0.095);
    expect(share?.suggestions).toBeGreaterThan(0.04);
    expect(share?.suggestions).toBeLessThan(0.06);
    expect(share?.distinct_texts).toBeGreaterThan(100); // 45 texts times their endings
  });

  it("collects online at server time and on-site/paper at device time, inside each wave's quarter", async () => {
    const [bad] = await queryRows<{ wrong_time: number; wrong_quarter: number; future: number }>(
      db.read,
      `SELECT
         count(*) FILTER (WHERE (channel = 'online' AND collected_at <> received_at)
                             OR (channel <> 'online' AND collected_at <> submitted_at)) AS wrong_time,
         count(*) FILTER (WHERE strftime(collected_at, '%Y') || '-Q' || quarter(collected_at)
                             <> substr(wave_id, 7)) AS wrong_quarter,
         count(*) FILTER (WHERE received_at > $1::TIMESTAMP OR received_at < submitted_at) AS future
       FROM responses`,
      [now.toISOString().replace("Z", "")],
    );
    expect(bad).toEqual({ wrong_time: 0, wrong_quarter: 0, future: 0 });
    const channels = await queryRows<{ remote: boolean; online: number; onsite: number }>(
      db.read,
      `SELECT u.path LIKE '/plant/area-08/%' AS remote,
         avg(CASE WHEN channel = 'online' THEN 1 ELSE 0 END) AS online,
         avg(CASE WHEN channel = 'onsite' THEN 1 ELSE 0 END) AS onsite
       FROM responses r JOIN units u ON u.id = r.unit_id GROUP BY 1 ORDER BY 1`,
    );
    expect(channels[0]?.online).toBeGreaterThan(0.6);
    expect(channels[1]?.onsite).toBeGreaterThan(0.4);
  });

  it("refers only to existing units, groups and waves", async () => {
    const [orphans] = await queryRows(
      db.read,
      `SELECT count(*) FILTER (WHERE u.id IS NULL) AS units, count(*) FILTER (WHERE g.id IS NULL) AS groups,
              count(*) FILTER (WHERE w.id IS NULL) AS waves
       FROM responses r LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN groups g ON g.id = r.group_id
       LEFT JOIN waves w ON w.id = r.wave_id`,
    );
    expect(orphans).toEqual({ units: 0, groups: 0, waves: 0 });
    const [answers] = await queryRows(
      db.read,
      "SELECT count(*) AS orphans FROM answers a LEFT JOIN responses r ON r.id = a.response_id WHERE r.id IS NULL",
    );
    expect(answers).toEqual({ orphans: 0 });
  });

  it("changes nothing when run a second time", async () => {
    const before = await digest(db);
    const messages: string[] = [];
    const again = await seedDemo(db, { seed, now, log: (m) => messages.push(m) });
    expect(again).toEqual({ units: 0, headcount: 0, waves: 0, responses: 0, answers: 0 });
    expect(messages).toEqual([
      `demo: database already holds 198 units, 8 waves and ${result.responses} responses; left as it is`,
    ]);
    expect(await digest(db)).toEqual(before);
  });
});

describe("seedDemo, small scale", () => {
  it("gives identical data for the same seed and different data for another", async () => {
    const run = async (s: number) => {
      const db = await catalogueOnly();
      try {
        const result = await seedDemo(db, { seed: s, now, scale: 0.05 });
        return { result, digest: await digest(db) };
      } finally {
        db.close();
      }
    };
    const [a, b, c] = [await run(seed), await run(seed), await run(seed + 1)];
    expect(a.result.responses).toBeGreaterThan(900);
    expect(a.result.responses).toBeLessThan(1600);
    expect(b).toEqual(a);
    expect(c.digest.r).not.toBe(a.digest.r);
  });

  it("leaves a database that already has units alone", async () => {
    const db = await catalogueOnly();
    try {
      await db.write.run(
        "INSERT INTO units VALUES ('hq', NULL, '总部', 'HQ', 'plant', 0, '/hq/', 10, 0, NULL)",
      );
      expect(await seedDemo(db, { seed, now, scale: 0.05 })).toEqual({
        units: 0,
        headcount: 0,
        waves: 0,
        responses: 0,
        answers: 0,
      });
      expect(await queryRows(db.read, "SELECT id FROM units")).toEqual([{ id: "hq" }]);
    } finally {
      db.close();
    }
  });

  it("refuses without the plant survey, writing nothing", async () => {
    const db = await openDatabase(":memory:");
    try {
      await migrate(db);
      const catalogue = await loadCatalogue("surveys");
      await syncCatalogue(db, { ...catalogue, surveys: [] });
      await expect(seedDemo(db, { seed, now, scale: 0.05 })).rejects.toThrow(
        'demo: survey "plant-satisfaction" is not registered. Put surveys/plant-satisfaction.json in MINYI_SURVEYS_DIR and sync the catalogue before seeding the demo.',
      );
      expect(await queryRows(db.read, "SELECT count(*) AS n FROM units")).toEqual([{ n: 0 }]);
    } finally {
      db.close();
    }
  });

  it("refuses when the respondent groups are missing", async () => {
    const db = await openDatabase(":memory:");
    try {
      await migrate(db);
      const catalogue = await loadCatalogue("surveys");
      await syncCatalogue(db, { ...catalogue, groups: catalogue.groups.filter((g) => g.id !== "area_head") });
      await expect(seedDemo(db, { seed, now, scale: 0.05 })).rejects.toThrow(
        "demo: respondent groups area_head are not in the groups table; sync surveys/groups.json first.",
      );
    } finally {
      db.close();
    }
  });
});
