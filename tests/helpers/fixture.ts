// A small real organisation, the real survey catalogue and two waves in a real DuckDB, for API and crash tests.
import { readFileSync } from "node:fs";
import { createApp } from "../../server/app";
import { createUser } from "../../server/auth/accounts";
import { loadCatalogue, syncCatalogue } from "../../server/catalogue/loadCatalogue";
import type { SurveyDefinition } from "../../server/catalogue/types";
import { BatchWriter } from "../../server/ingest/batchWriter";
import { ReferenceCache } from "../../server/ingest/referenceCache";
import { replaceOrganisation, type UnitInput } from "../../server/org/units";
import { type Database, openDatabase } from "../../server/storage/database";
import { migrate } from "../../server/storage/migrate";
import { createWave } from "../../server/waves/waves";

export const fixtureUnits: UnitInput[] = [
  { id: "plant", parentId: null, nameZh: "第三采油厂", nameEn: "No. 3 Plant", kind: "plant", headcount: 20 },
  { id: "area-1", parentId: "plant", nameZh: "第一作业区", nameEn: "Area 1", kind: "area", headcount: 10 },
  { id: "st-1", parentId: "area-1", nameZh: "中心站1", nameEn: "Station 1", kind: "station", headcount: 5 },
  {
    id: "team-1",
    parentId: "st-1",
    nameZh: "采油班",
    nameEn: "Production team",
    kind: "team",
    headcount: 30,
  },
  { id: "dept-hr", parentId: "plant", nameZh: "人力资源科", nameEn: "HR", kind: "department", headcount: 12 },
];

export interface Fixture {
  db: Database;
  openWaveId: string;
  closedWaveId: string;
  definition: SurveyDefinition;
}

export const plantSurvey = JSON.parse(
  readFileSync("surveys/plant-satisfaction.json", "utf8"),
) as SurveyDefinition;

export async function prepareDatabase(path: string, now: Date): Promise<Fixture> {
  const db = await openDatabase(path);
  await migrate(db);
  await syncCatalogue(db, await loadCatalogue("surveys"), now);
  await replaceOrganisation(db, fixtureUnits);
  const day = 86_400_000;
  const iso = (t: number) => new Date(t).toISOString();
  const open = await createWave(
    db,
    {
      id: "wave-open",
      surveyId: "plant-satisfaction",
      title: "2026年第四季度",
      periodStart: "2026-10-01",
      periodEnd: "2026-12-31",
      opensAt: iso(now.getTime() - day),
      closesAt: iso(now.getTime() + 30 * day),
      channels: ["online", "onsite"],
    },
    now,
  );
  const closed = await createWave(
    db,
    {
      id: "wave-closed",
      surveyId: "plant-satisfaction",
      title: "2026年第三季度",
      periodStart: "2026-07-01",
      periodEnd: "2026-09-30",
      opensAt: iso(now.getTime() - 90 * day),
      closesAt: iso(now.getTime() - 60 * day),
      channels: ["online", "onsite", "paper"],
    },
    now,
  );
  return { db, openWaveId: open.id, closedWaveId: closed.id, definition: plantSurvey };
}

/** The real app over the fixture database, with a clock the test controls. */
export function appFor(fixture: Fixture, now: () => Date = () => new Date()) {
  const deps = {
    db: fixture.db,
    reference: new ReferenceCache(fixture.db),
    writer: new BatchWriter(fixture.db),
    now,
  };
  return { app: createApp(deps), deps };
}

export const testPassword = "correct horse battery";

/** Creates each account (username, role, scope unit) with testPassword and logs it in: its session cookie by name. */
export async function signedIn(
  fixture: Fixture,
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  now: Date,
  accounts: readonly [username: string, role: string, scopeUnitId: string][],
): Promise<Record<string, string>> {
  const cookies: Record<string, string> = {};
  for (const [username, role, scopeUnitId] of accounts) {
    await createUser(
      fixture.db,
      { username, password: testPassword, role, scopeUnitId },
      { actor: "test", now },
    );
    const res = await app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: testPassword }),
    });
    cookies[username] = res.headers.get("set-cookie")?.split(";")[0] ?? "";
  }
  return cookies;
}
