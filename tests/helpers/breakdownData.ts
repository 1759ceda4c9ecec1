// Rows for breakdown tests written straight into `responses` and `answers`, so a test controls every unit, group,
// channel, collection time and value exactly (ingest is tested elsewhere). Functions only: no state is kept here.
import type { Database } from "../../server/storage/database";

export interface SeedResponse {
  /** Any unique number: the response id is a UUID made from it. */
  no: number;
  wave: string;
  unit: string;
  group: string;
  channel: "online" | "onsite" | "paper";
  /** UTC collection time, ISO. */
  at: string;
  /** Item id → value; null stores an answer row without a value (a skipped item), which is not an answer. */
  answers: Record<string, number | null>;
  /** Free-text answers (demands for `demands` and `suggestions`): stored, never counted by a breakdown. */
  texts?: Record<string, string>;
}

export const responseId = (no: number) => `00000000-0000-4000-8000-${no.toString(16).padStart(12, "0")}`;

/** The kind an answer row of `item` has in the plant survey: the eNPS item is `enps`, the rest `scale`. */
const kindOf = (item: string) => (item === "enps" ? "enps" : "scale");

export async function insertResponses(db: Database, rows: readonly SeedResponse[]): Promise<void> {
  if (rows.length === 0) return;
  const responseValues: string[] = [];
  const responseParams: (string | number)[] = [];
  const answerValues: string[] = [];
  const answerParams: (string | number | null)[] = [];
  for (const r of rows) {
    const id = responseId(r.no);
    const at = r.at.replace("Z", "");
    const b = responseParams.length;
    responseValues.push(
      `($${b + 1}::UUID, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::TIMESTAMP, $${b + 6}::TIMESTAMP,
        $${b + 6}::TIMESTAMP, $${b + 6}::TIMESTAMP, 'receipt', 'hash', '{}'::JSON)`,
    );
    responseParams.push(id, r.wave, r.unit, r.group, r.channel, at);
    const add = (item: string, kind: string, num: number | null, text: string | null) => {
      const a = answerParams.length;
      answerValues.push(`($${a + 1}::UUID, $${a + 2}, $${a + 3}, $${a + 4}::DOUBLE, $${a + 5}, NULL)`);
      answerParams.push(id, item, kind, num, text);
    };
    for (const [item, value] of Object.entries(r.answers)) add(item, kindOf(item), value, null);
    // The survey's two demand questions make demand rows; any other comment question a text row.
    for (const [item, text] of Object.entries(r.texts ?? {}))
      add(item, item === "demands" || item === "suggestions" ? "demand" : "text", null, text);
  }
  await db.write.run(`INSERT INTO responses VALUES ${responseValues.join(", ")}`, responseParams);
  if (answerValues.length > 0) {
    await db.write.run(`INSERT INTO answers VALUES ${answerValues.join(", ")}`, answerParams);
  }
}
