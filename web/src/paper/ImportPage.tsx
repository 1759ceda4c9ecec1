// /admin/import: paper forms of a survey round. Print the form (page or PDF), download the data-entry template,
// upload it filled: a dry run lists every problem (nothing imported) or says how many forms are ready, then imports.
import { useEffect, useMemo, useState } from "react";
import { useI18n } from "../i18n";
import { download } from "../staff/api";
import { StaffPage } from "../staff/StaffPage";
import { type PaperMessages, paperMessages } from "./messages";
import {
  formPdfUrl,
  type ImportProblem,
  type ImportResult,
  importFile,
  printPageUrl,
  templateUrl,
  xlsxType,
} from "./paperApi";
import { problemText } from "./problemText";
import { RoundLockedNotice, roundLocked, usePaperWave, WavePicker } from "./WavePicker";
import "./paper.css";

export function ImportPage() {
  return (
    <StaffPage path="/admin/import">
      {({ user }) => <PaperImport isAdmin={user.role === "admin"} />}
    </StaffPage>
  );
}

type Phase =
  | { kind: "idle" }
  | { kind: "busy"; label: string }
  | { kind: "ready"; result: ImportResult }
  | { kind: "problems"; problems: ImportProblem[]; message: string }
  | { kind: "imported"; result: ImportResult }
  | { kind: "failed"; message: string; detail?: string };

function fileType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith(".xlsx")) return xlsxType;
  if (name.endsWith(".csv")) return "text/csv";
  return null;
}

function PaperImport({ isAdmin }: { isAdmin: boolean }) {
  const { lang } = useI18n();
  const t = paperMessages[lang];
  const [notice, setNotice] = useState<string | null>(null);
  const { waves, waveId, setWaveId, paper } = usePaperWave(t, setNotice);
  const [file, setFile] = useState<File | null>(null);
  const [overrideClosed, setOverrideClosed] = useState(false);
  const [formLang, setFormLang] = useState<string>(lang);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  // Another round's dry run says nothing about this one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the round changes.
  useEffect(() => setPhase({ kind: "idle" }), [waveId]);

  const titles = useMemo(() => new Map(paper?.columns.map((c) => [c.name, c.title]) ?? []), [paper]);
  const wave = waves?.find((w) => w.id === waveId);
  const locked = roundLocked(wave, isAdmin);

  const fetchFile = async (url: string) => {
    const res = await download(() => fetch(url));
    setNotice(res.ok ? null : (t.errors[res.error.code] ?? res.error.message));
  };

  const send = async (dryRun: boolean) => {
    if (!waveId) return;
    if (!file) return setPhase({ kind: "failed", message: t.chooseFile });
    const type = fileType(file);
    if (!type) return setPhase({ kind: "failed", message: t.wrongFileType });
    setPhase({ kind: "busy", label: dryRun ? t.checking : t.importing });
    const res = await importFile(waveId, file, type, { dryRun, overrideClosed: isAdmin && overrideClosed });
    if (res.ok) return setPhase({ kind: dryRun ? "ready" : "imported", result: res.data });
    if (res.error.code === "import_invalid" && res.error.problems)
      return setPhase({ kind: "problems", problems: res.error.problems, message: res.error.message });
    // A translated reason keeps the server's sentence beside it: it names the columns or the date involved.
    const translated = t.errors[res.error.code];
    setPhase({
      kind: "failed",
      message: translated ?? res.error.message,
      detail: translated && lang !== "en" ? res.error.message : undefined,
    });
  };

  if (!waves) return notice ? <p className="notice notice-error">{notice}</p> : <p className="notice">…</p>;
  if (!waves.length) return <p className="notice">{t.noWaves}</p>;
  return (
    <section className="import-steps">
      <h1>{t.importTitle}</h1>
      <p className="hint">{t.importIntro}</p>
      <p>
        <WavePicker t={t} waves={waves} waveId={waveId} onChange={setWaveId} />
      </p>
      {notice && (
        <p className="notice notice-error" role="alert">
          {notice}
        </p>
      )}
      {wave && locked && <RoundLockedNotice t={t} wave={wave} />}
      {waveId && (
        <section>
          <h2>{t.step1}</h2>
          <div className="import-links">
            <a className="button" href={printPageUrl(waveId, formLang)}>
              {t.printPage}
            </a>
            <label>
              {t.formLanguage}{" "}
              <select value={formLang} onChange={(e) => setFormLang(e.target.value)}>
                <option value="zh-cn">{t.langZh}</option>
                <option value="en">{t.langEn}</option>
                <option value="bilingual">{t.langBoth}</option>
              </select>
            </label>
            <button type="button" className="button" onClick={() => fetchFile(formPdfUrl(waveId, formLang))}>
              {t.downloadPdf}
            </button>
            <button type="button" className="button" onClick={() => fetchFile(templateUrl(waveId, "xlsx"))}>
              {t.templateXlsx}
            </button>
            <button type="button" className="button" onClick={() => fetchFile(templateUrl(waveId, "csv"))}>
              {t.templateCsv}
            </button>
            <a href={`/admin/keying?${new URLSearchParams({ wave: waveId })}`}>{t.keyingLink}</a>
          </div>
        </section>
      )}
      {waveId && (
        <section>
          <h2>{t.step2}</h2>
          <p>
            <label>
              {t.file}{" "}
              <input
                type="file"
                name="file"
                disabled={locked}
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setPhase({ kind: "idle" });
                }}
              />
            </label>
          </p>
          {isAdmin && (
            <div className="import-warning">
              <label>
                <input
                  type="checkbox"
                  name="override-closed"
                  checked={overrideClosed}
                  onChange={(e) => {
                    setOverrideClosed(e.target.checked);
                    setPhase({ kind: "idle" });
                  }}
                />{" "}
                {t.overrideClosed}
                {wave && wave.status !== "open" ? ` (${t.waveStatus[wave.status] ?? wave.status})` : ""}
              </label>
              <p className="hint">{t.overrideWarning}</p>
            </div>
          )}
          <p>
            <button
              type="button"
              className="button button-primary"
              disabled={phase.kind === "busy" || locked}
              onClick={() => send(true)}
            >
              {t.check}
            </button>
          </p>
          <Outcome t={t} phase={phase} titles={titles} onImport={() => send(false)} lang={lang} />
        </section>
      )}
    </section>
  );
}

function Outcome({
  t,
  phase,
  titles,
  onImport,
  lang,
}: {
  t: PaperMessages;
  phase: Phase;
  titles: Map<string, { default: string; "zh-cn": string }>;
  onImport: () => void;
  lang: "zh-cn" | "en";
}) {
  switch (phase.kind) {
    case "idle":
      return null;
    case "busy":
      return <p className="notice">{phase.label}</p>;
    case "failed":
      return (
        <div className="notice notice-error" role="alert" data-testid="import-failed">
          <p>{phase.message}</p>
          {phase.detail && <p className="hint">{phase.detail}</p>}
        </div>
      );
    case "ready": {
      const n = phase.result.rows.length;
      // Importing again would change nothing: say so rather than offer a button that does nothing.
      if (phase.result.imported === 0)
        return (
          <p className="notice" role="status" data-testid="import-nothing-new">
            {t.nothingNew}
          </p>
        );
      return (
        <div className="notice" data-testid="import-ready">
          <p>{t.ready(n, phase.result.imported, phase.result.unchanged)}</p>
          <button type="button" className="button button-primary" onClick={onImport}>
            {t.importN(n)}
          </button>
        </div>
      );
    }
    case "imported":
      return (
        <p className="notice" role="status" data-testid="import-done">
          {t.imported(phase.result.imported, phase.result.unchanged)}
        </p>
      );
    case "problems": {
      const rows = new Set(phase.problems.map((p) => p.row)).size;
      return (
        <div className="notice notice-error" data-testid="import-problems">
          <p role="alert">
            <strong>{t.problemsTitle(phase.problems.length, rows)}</strong>
          </p>
          <p className="hint">{t.problemsHint}</p>
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t.row}</th>
                  <th>{t.column}</th>
                  <th>{t.problem}</th>
                </tr>
              </thead>
              <tbody>
                {phase.problems.map((p, i) => {
                  const title = p.column ? titles.get(p.column) : undefined;
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id; the list never reorders
                    <tr key={i} data-row={p.row} data-column={p.column ?? ""}>
                      <td>{p.row}</td>
                      <td>
                        {p.column && <code>{p.column}</code>}
                        {title && <div className="hint">{title[lang === "zh-cn" ? "zh-cn" : "default"]}</div>}
                      </td>
                      <td>{problemText(t, p, lang)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      );
    }
  }
}
