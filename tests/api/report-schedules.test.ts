// Report schedules over HTTP: create, list and delete within scope; and the hourly run, which makes nothing twice
// and, on a server that cannot print, makes nothing and says why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueReports } from "../../server/reports/schedules";
import { queryRows } from "../../server/storage/database";
import { appFor, type Fixture, prepareDatabase, signedIn } from "../helpers/fixture";

const now = new Date("2026-11-02T08:00:00.000Z");
let fixture: Fixture;
let app: ReturnType<typeof appFor>["app"];
const cookies: Record<string, string> = {};

beforeAll(async () => {
  fixture = await prepareDatabase(":memory:", now);
  app = appFor(fixture, () => now).app;
  Object.assign(
    cookies,
    await signedIn(fixture, app, now, [
      ["ana", "analyst", "plant"],
      ["lea", "leader", "area-1"],
    ]),
  );
});
afterAll(() => fixture.db.close());

const call = (who: string, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: {
      cookie: cookies[who] ?? "",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("report schedules", () => {
  it("creates a schedule for the leader's own area by default, lists it in scope only, and deletes it", async () => {
    const res = await call("lea", "POST", "/api/report-schedules", {
      surveyId: "plant-satisfaction",
      cadence: "quarterly",
    });
    expect(res.status).toBe(201);
    const schedule = (await res.json()) as {
      id: string;
      unitId: string;
      cadence: string;
      lang: string;
      createdBy: string;
    };
    expect(schedule).toMatchObject({
      unitId: "area-1",
      cadence: "quarterly",
      lang: "zh-cn",
      createdBy: "lea",
    });
    const hr = (await (
      await call("ana", "POST", "/api/report-schedules", {
        surveyId: "plant-satisfaction",
        unitId: "dept-hr",
        cadence: "monthly",
      })
    ).json()) as { id: string };

    const listed = async (who: string) =>
      ((await (await call(who, "GET", "/api/report-schedules")).json()) as { id: string }[]).map((s) => s.id);
    expect((await listed("ana")).sort()).toEqual([schedule.id, hr.id].sort());
    expect(await listed("lea")).toEqual([schedule.id]);
    // Outside the leader's scope: the same 404 as a schedule that does not exist.
    const outside = await call("lea", "DELETE", `/api/report-schedules/${hr.id}`);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toEqual({
      error: { code: "schedule_not_found", message: `There is no report schedule "${hr.id}".` },
    });
    expect((await call("lea", "DELETE", `/api/report-schedules/${schedule.id}`)).status).toBe(204);
    expect(await listed("lea")).toEqual([]);
    expect((await call("ana", "DELETE", `/api/report-schedules/${hr.id}`)).status).toBe(204);
  });

  it("refuses a unit outside the scope and an unknown survey", async () => {
    const res = await call("lea", "POST", "/api/report-schedules", {
      surveyId: "plant-satisfaction",
      unitId: "dept-hr",
      cadence: "monthly",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: "unknown_value", message: 'There is no unit "dept-hr".', path: "unitId" },
    });
    const survey = await call("lea", "POST", "/api/report-schedules", {
      surveyId: "nope",
      cadence: "monthly",
    });
    expect(await survey.json()).toEqual({
      error: { code: "unknown_survey", message: 'There is no survey "nope".', path: "surveyId" },
    });
  });

  it("on a server that cannot print, makes nothing, says why, and tries again next time", async () => {
    await call("lea", "POST", "/api/report-schedules", {
      surveyId: "plant-satisfaction",
      cadence: "monthly",
    });
    const log: string[] = [];
    expect(await runDueReports(fixture.db, undefined, now, (m) => log.push(m))).toEqual([]);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/\(2026-10\) not made: This server cannot print reports/);
    const [row] = await queryRows<{ n: number }>(fixture.db.read, "SELECT count(*) AS n FROM reports");
    expect(row?.n).toBe(0);
  });
});
