// The response id of a paper form: UUID v5 of the wave and form number in this installation's own namespace, so a
// re-import never doubles, yet nobody outside can compute (or squat) an id from a form number. No I/O beyond settings.
import { randomUUID } from "node:crypto";
import { v5 as uuidv5 } from "uuid";
import { type Database, inTransaction, queryRows } from "../storage/database";

const settingKey = "paper_form_namespace";

/**
 * The namespace, created at random on first use and kept in `settings`: the server and the import CLI share the
 * database, so both give a form the same id. Created inside a write transaction, so two first imports agree.
 */
export async function paperFormNamespace(db: Database): Promise<string> {
  const stored = await readNamespace(db);
  if (stored) return stored;
  return inTransaction(db.write, async () => {
    await db.write.run(
      "INSERT INTO settings (key, value) VALUES ($1, to_json($2::VARCHAR)) ON CONFLICT DO NOTHING",
      [settingKey, randomUUID()],
    );
    const [row] = await queryRows<{ value: string }>(
      db.write,
      "SELECT value ->> '$' AS value FROM settings WHERE key = $1",
      [settingKey],
    );
    if (!row) throw new Error("the paper form namespace could not be stored");
    return row.value;
  });
}

async function readNamespace(db: Database): Promise<string | null> {
  const [row] = await queryRows<{ value: string }>(
    db.read,
    "SELECT value ->> '$' AS value FROM settings WHERE key = $1",
    [settingKey],
  );
  return row?.value ?? null;
}

/** `formNo` is the normalised number (convertCells' formNumberKey): "７" and "007" are form 7. */
export function paperResponseId(namespace: string, waveId: string, formNo: string): string {
  return uuidv5(`${waveId}\n${formNo}`, namespace);
}
