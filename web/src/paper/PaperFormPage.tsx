// /print/paper/:waveId: a survey round's questionnaire as an A4 paper form: header with the round, the anonymity
// promise and boxes for form number, unit, group and date; then every question numbered and named as its template
// column. With ?print=1 (the server's printer) only the form shows, marked ready once drawn.
import { useEffect, useState } from "react";
import { localize, useI18n } from "../i18n";
import { download } from "../staff/api";
import { StaffPage } from "../staff/StaffPage";
import { paperMessages } from "./messages";
import { type FormLang, formLangs, PaperSheet } from "./PaperSheet";
import { fetchPaper, formPdfUrl, type PaperDescription } from "./paperApi";
import "./paper.css";

export function PaperFormPage({ waveId }: { waveId: string }) {
  return <StaffPage path="/print/paper">{() => <PaperForm waveId={waveId} />}</StaffPage>;
}

function PaperForm({ waveId }: { waveId: string }) {
  const { lang: uiLang } = useI18n();
  const t = paperMessages[uiLang];
  const params = new URLSearchParams(location.search);
  const printing = params.get("print") === "1";
  const [formLang, setFormLang] = useState<FormLang>(() => {
    const wanted = params.get("lang") as FormLang | null;
    return wanted && formLangs.includes(wanted) ? wanted : uiLang;
  });
  const [unitId, setUnitId] = useState(params.get("unit") ?? "");
  const [paper, setPaper] = useState<PaperDescription | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchPaper(waveId).then((res) => {
      if (res.ok) setPaper(res.data);
      else setError(t.errors[res.error.code] ?? res.error.message);
    });
  }, [waveId, t]);

  useEffect(() => {
    if (printing) return;
    const q = new URLSearchParams({ lang: formLang });
    if (unitId) q.set("unit", unitId);
    history.replaceState(null, "", `${location.pathname}?${q}`);
  }, [printing, formLang, unitId]);

  return (
    <div className={printing ? "paper printing" : "paper"}>
      {!printing && (
        <div className="paper-controls">
          <h1>{t.printTitle}</h1>
          <p className="hint">{t.printIntro}</p>
          <label>
            {t.formLanguage}{" "}
            <select value={formLang} onChange={(e) => setFormLang(e.target.value as FormLang)}>
              <option value="zh-cn">{t.langZh}</option>
              <option value="en">{t.langEn}</option>
              <option value="bilingual">{t.langBoth}</option>
            </select>
          </label>{" "}
          {paper && (
            <label>
              {t.prefillUnit}{" "}
              <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
                <option value="">{t.anyUnit}</option>
                {paper.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {"\u3000".repeat(Math.max(0, u.level - (paper.units[0]?.level ?? 0)))}
                    {localize(u.name, uiLang)} ({u.id})
                  </option>
                ))}
              </select>
            </label>
          )}{" "}
          <button type="button" className="button button-primary" onClick={() => window.print()}>
            {t.print}
          </button>{" "}
          <button
            type="button"
            className="button"
            onClick={async () => {
              const res = await download(() => fetch(formPdfUrl(waveId, formLang, unitId || undefined)));
              setError(res.ok ? null : (t.errors[res.error.code] ?? res.error.message));
            }}
          >
            {t.downloadPdf}
          </button>
        </div>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {paper && <PaperSheet paper={paper} formLang={formLang} unitId={unitId || undefined} />}
    </div>
  );
}
