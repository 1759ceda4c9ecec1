// Prints a wave's paper form (the SPA page /print/paper/:waveId) to an A4 PDF as the requesting user, with a
// session of its own that ends when the printer is done. It does not lay out the form: the web page does.
import { sessionCookieName } from "../auth/middleware";
import { hashToken, insertSession, type SessionUser } from "../auth/sessions";
import { ApiError } from "../errors";
import { renderPdf } from "../reports/renderPdf";
import { type Database, inTransaction } from "../storage/database";
import { getWave } from "../waves/waves";

export const paperFormLangs = ["zh-cn", "en", "bilingual"] as const;
export type PaperFormLang = (typeof paperFormLangs)[number];

export async function paperFormPdf(
  db: Database,
  user: SessionUser,
  waveId: string,
  options: { lang: PaperFormLang; unitId?: string },
  selfUrl: string | undefined,
  now: Date,
): Promise<{ body: Uint8Array; fileName: string }> {
  // Any status: forms are printed before a round opens and keyed in after it closes.
  const wave = await getWave(db, waveId, now);
  if (!wave) throw new ApiError(404, "wave_not_found", `There is no survey round "${waveId}".`, "id");
  if (!selfUrl)
    throw new ApiError(
      503,
      "pdf_unavailable",
      "This server cannot print paper forms: it does not know its own address. Print the form page from your browser instead.",
    );
  const token = await inTransaction(db.write, () => insertSession(db.write, user.id, now));
  try {
    // The page lists the caller's own units only, so a unit outside the scope prints as a blank box.
    const q = new URLSearchParams({
      lang: options.lang,
      print: "1",
      ...(options.unitId ? { unit: options.unitId } : {}),
    });
    const body = await renderPdf(`${selfUrl}/print/paper/${encodeURIComponent(wave.id)}?${q}`, {
      name: sessionCookieName,
      value: token,
    });
    return { body, fileName: `paper-form-${wave.id}-${options.unitId ?? "blank"}-${options.lang}.pdf` };
  } finally {
    await inTransaction(db.write, () =>
      db.write.run("DELETE FROM sessions WHERE id_hash = $1", [hashToken(token)]),
    );
  }
}
