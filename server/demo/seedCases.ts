// Stores the demo cases' planned histories (caseHistory.ts) in one transaction: each case row as it ends up and its
// steps after intake's `received`. Bulk statements over JSON, like ingest: thousands of cases in about a second.
import { readSettings } from "../../analytics/catalogue";
import type { CaseCategory } from "../cases/categories";
import { type Database, inTransaction, queryRows, toUtcTimestamp } from "../storage/database";
import { type IntakeCase, planCaseHistories } from "./caseHistory";
import { createRng } from "./prng";

const ts = (at: Date | null) => (at === null ? null : toUtcTimestamp(at));

export async function seedDemoCases(db: Database, seed: number, now: Date): Promise<number> {
  const { tzOffsetMinutes } = await readSettings(db.read);
  const rows = await queryRows<{
    id: string;
    number: number;
    text: string;
    category: CaseCategory;
    wave_id: string;
    place: string;
    created_at: Date;
  }>(
    db.write,
    `SELECT c.id::VARCHAR AS id, c.number, c.text, c.category, c.wave_id, c.created_at,
       CASE WHEN split_part(u.path, '/', 4) <> '' THEN split_part(u.path, '/', 4) ELSE split_part(u.path, '/', 3) END AS place
     FROM cases c JOIN units u ON u.id = c.unit_id ORDER BY c.created_at, c.number`,
  );
  const intake: IntakeCase[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    text: r.text,
    category: r.category,
    waveId: r.wave_id,
    place: r.place,
    createdAt: r.created_at,
  }));
  const plans = planCaseHistories(createRng(seed).fork("cases"), intake, now, tzOffsetMinutes);
  const caseJson = JSON.stringify(
    plans.map((p) => ({
      id: p.id,
      category: p.category,
      topic: p.topic,
      status: p.status,
      merged: p.mergedInto,
      department: p.departmentId,
      routed: ts(p.routedAt),
      deadline: p.deadline,
      answer: p.answer,
      action: p.actionTaken,
      answered: ts(p.answeredAt),
      answered_by: p.answeredBy,
      public_text: p.publicText,
      published: ts(p.publishedAt),
      adopted: p.adopted,
      reward: p.reward,
      rating: p.rating,
      rated: ts(p.ratedAt),
      reopened: p.reopened,
      reopen_comment: p.reopenComment,
      updated: ts(p.updatedAt),
    })),
  );
  const eventJson = JSON.stringify(
    plans.flatMap((p) =>
      p.events.map((e) => ({
        c: p.id,
        s: e.seq,
        at: ts(e.at),
        actor: e.actor,
        action: e.action,
        f: e.from,
        t: e.to,
        d: JSON.stringify(e.details),
      })),
    ),
  );
  await inTransaction(db.write, async () => {
    await db.write.run(
      `UPDATE cases SET category = n.category, topic = n.topic, status = n.status, merged_into = n.merged::UUID,
         department_id = n.department, routed_at = n.routed::TIMESTAMP, deadline = n.deadline::DATE,
         answer = n.answer, action_taken = n.action, answered_at = n.answered::TIMESTAMP, answered_by = n.answered_by,
         public_text = n.public_text, published_at = n.published::TIMESTAMP, adopted = n.adopted, reward = n.reward,
         rating = n.rating, rated_at = n.rated::TIMESTAMP, reopened = n.reopened, reopen_comment = n.reopen_comment,
         updated_at = n.updated::TIMESTAMP
       FROM (SELECT unnest(from_json($1::VARCHAR, '[{"id":"VARCHAR","category":"VARCHAR","topic":"VARCHAR",
         "status":"VARCHAR","merged":"VARCHAR","department":"VARCHAR","routed":"VARCHAR","deadline":"VARCHAR",
         "answer":"VARCHAR","action":"VARCHAR","answered":"VARCHAR","answered_by":"VARCHAR","public_text":"VARCHAR",
         "published":"VARCHAR","adopted":"BOOLEAN","reward":"VARCHAR","rating":"VARCHAR","rated":"VARCHAR",
         "reopened":"BOOLEAN","reopen_comment":"VARCHAR","updated":"VARCHAR"}]'), recursive := true)) n
       WHERE cases.id = n.id::UUID`,
      [caseJson],
    );
    await db.write.run(
      `INSERT INTO case_events
       SELECT n.c::UUID, n.s, n.at::TIMESTAMP, n.actor, n.action, n.f, n.t, n.d::JSON
       FROM (SELECT unnest(from_json($1::VARCHAR, '[{"c":"VARCHAR","s":"INTEGER","at":"VARCHAR","actor":"VARCHAR",
         "action":"VARCHAR","f":"VARCHAR","t":"VARCHAR","d":"VARCHAR"}]'), recursive := true)) n`,
      [eventJson],
    );
  });
  return plans.length;
}
