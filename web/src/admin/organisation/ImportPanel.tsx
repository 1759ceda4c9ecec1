// Importing the whole tree: download the current one, choose the edited CSV or XLSX, read the preview (counts and
// tables of every change, the total headcount before and after), then apply or cancel; bad rows listed by row.
import { useState } from "react";
import type { OrganisationMessages } from "./messages";
import { applyImport, exportCsvUrl, type OrgDiff, type OrgProblem, previewImport, xlsxType } from "./orgApi";

type Phase =
  | { kind: "idle" }
  | { kind: "busy"; label: string }
  | { kind: "preview"; diff: OrgDiff }
  | { kind: "problems"; problems: OrgProblem[] }
  | { kind: "failed"; message: string };

function fileType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith(".xlsx")) return xlsxType;
  if (name.endsWith(".csv")) return "text/csv";
  return null;
}

export function changeCount(d: OrgDiff): number {
  return (
    d.added.length +
    d.restored.length +
    d.moved.length +
    d.renamed.length +
    d.kindChanged.length +
    d.retired.length +
    d.headcountChanged.length
  );
}

export function ImportPanel({
  t,
  errorText,
  onApplied,
}: {
  t: OrganisationMessages;
  errorText: (error: { code: string; message: string }) => string;
  onApplied: (changes: number) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const type = file ? fileType(file) : null;

  const outcome = (res: Awaited<ReturnType<typeof previewImport>>, then: (diff: OrgDiff) => void) => {
    if (res.ok) return then(res.data);
    if (res.error.code === "invalid_org_file" && res.error.errors) {
      return setPhase({ kind: "problems", problems: res.error.errors });
    }
    setPhase({ kind: "failed", message: errorText(res.error) });
  };

  const preview = async () => {
    if (!file || !type) return;
    setPhase({ kind: "busy", label: t.checking });
    outcome(await previewImport(file, type), (diff) => setPhase({ kind: "preview", diff }));
  };
  const apply = async (diff: OrgDiff) => {
    if (!file || !type) return;
    setPhase({ kind: "busy", label: t.applying });
    outcome(await applyImport(file, type, diff.baseFingerprint), (applied) => {
      setPhase({ kind: "idle" });
      setFile(null);
      onApplied(changeCount(applied));
    });
  };

  return (
    <section className="panel" aria-labelledby="org-import-title" data-testid="org-import">
      <h2 id="org-import-title">{t.importTitle}</h2>
      <p className="hint">{t.importIntro}</p>
      <p>
        <a href={exportCsvUrl} download="organisation.csv">
          {t.downloadCsv}
        </a>
      </p>
      <p>
        <label>
          {t.file}{" "}
          <input
            type="file"
            name="org-file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPhase({ kind: "idle" });
            }}
          />
        </label>
      </p>
      {file && !type && (
        <p className="notice notice-error" role="alert">
          {t.wrongType}
        </p>
      )}
      <p>
        <button
          type="button"
          className="button button-primary"
          disabled={!file || !type || phase.kind === "busy"}
          onClick={preview}
        >
          {t.preview}
        </button>
      </p>
      {phase.kind === "busy" && (
        <p className="notice" role="status">
          {phase.label}
        </p>
      )}
      {phase.kind === "failed" && (
        <p className="notice notice-error" role="alert">
          {phase.message}
        </p>
      )}
      {phase.kind === "problems" && <Problems t={t} problems={phase.problems} />}
      {phase.kind === "preview" && (
        <Preview
          t={t}
          diff={phase.diff}
          onApply={() => apply(phase.diff)}
          onCancel={() => setPhase({ kind: "idle" })}
        />
      )}
    </section>
  );
}

function Problems({ t, problems }: { t: OrganisationMessages; problems: OrgProblem[] }) {
  return (
    <div className="notice notice-error" role="alert" data-testid="org-problems">
      <p>{t.problemsTitle}</p>
      <ul>
        {problems.map((p, i) => {
          const translate = t.problems[p.code];
          const where = t.problemAt(p.row, p.column);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id, and the list never reorders
            <li key={i}>
              {where ? `${where}: ` : ""}
              {translate ? translate(p.value ?? "") : p.message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Preview({
  t,
  diff,
  onApply,
  onCancel,
}: {
  t: OrganisationMessages;
  diff: OrgDiff;
  onApply: () => void;
  onCancel: () => void;
}) {
  const changes = changeCount(diff);
  const counts = (
    ["added", "restored", "moved", "renamed", "kindChanged", "retired", "headcountChanged"] as const
  ).map((k) => [k, diff[k].length] as const);
  const names = (u: { nameZh: string; nameEn: string }) =>
    u.nameEn && u.nameEn !== u.nameZh ? `${u.nameZh} (${u.nameEn})` : u.nameZh;
  const delta = diff.headcount.after - diff.headcount.before;
  return (
    <div data-testid="org-preview">
      <h3>{t.previewTitle}</h3>
      <ul className="org-counts" data-testid="org-counts">
        {counts.map(([k, n]) => (
          <li key={k} data-count={k}>
            <strong>{n}</strong> {t.counts[k]}
          </li>
        ))}
        <li data-count="unchanged">
          <strong>{diff.unchanged}</strong> {t.counts.unchanged}
        </li>
      </ul>
      <p data-testid="org-headcount-total">
        <strong>
          {t.totalHeadcountChange(diff.headcount.before, diff.headcount.after)} ({delta > 0 ? "+" : ""}
          {delta})
        </strong>
      </p>
      <p className="hint">{t.mergeNote}</p>
      {changes === 0 && <p className="notice">{t.noChanges}</p>}
      {diff.added.length > 0 && (
        <Table
          title={t.tables.added}
          testId="preview-added"
          head={[t.row, t.unitId, t.nameZh, t.parent, t.kind, t.headcount]}
          rows={diff.added.map((u) => [
            u.row,
            u.id,
            names(u),
            u.parentId ?? "",
            t.kinds[u.kind] ?? u.kind,
            u.headcount,
          ])}
        />
      )}
      {diff.restored.length > 0 && (
        <Table
          title={t.tables.restored}
          testId="preview-restored"
          head={[t.row, t.unitId, t.nameZh, t.parent, t.headcount]}
          rows={diff.restored.map((u) => [u.row, u.id, names(u), u.parentId ?? "", u.headcount])}
        />
      )}
      {diff.moved.length > 0 && (
        <Table
          title={t.tables.moved}
          testId="preview-moved"
          head={[t.row, t.unit, t.from, t.to]}
          rows={diff.moved.map((m) => [m.row, names(m), m.from ? names(m.from) : "", names(m.to)])}
        />
      )}
      {diff.renamed.length > 0 && (
        <Table
          title={t.tables.renamed}
          testId="preview-renamed"
          head={[t.row, t.unitId, t.from, t.to]}
          rows={diff.renamed.map((r) => [r.row, r.id, names(r.from), names(r.to)])}
        />
      )}
      {diff.kindChanged.length > 0 && (
        <Table
          title={t.tables.kindChanged}
          testId="preview-kind"
          head={[t.row, t.unit, t.from, t.to]}
          rows={diff.kindChanged.map((k) => [
            k.row,
            names(k),
            t.kinds[k.from] ?? k.from,
            t.kinds[k.to] ?? k.to,
          ])}
        />
      )}
      {diff.retired.length > 0 && (
        <Table
          title={t.tables.retired}
          testId="preview-retired"
          head={[t.unitId, t.unit, t.kind, t.headcount]}
          rows={diff.retired.map((u) => [u.id, names(u), t.kinds[u.kind] ?? u.kind, u.headcount])}
        />
      )}
      {diff.headcountChanged.length > 0 && (
        <Table
          title={t.tables.headcountChanged}
          testId="preview-headcount"
          head={[t.row, t.unit, t.from, t.to, t.delta]}
          rows={diff.headcountChanged.map((h) => [
            h.row,
            names(h),
            h.from,
            h.to,
            `${h.to - h.from > 0 ? "+" : ""}${h.to - h.from}`,
          ])}
        />
      )}
      <p className="row-actions">
        <button type="button" className="button button-primary" disabled={changes === 0} onClick={onApply}>
          {t.apply}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </p>
    </div>
  );
}

function Table({
  title,
  testId,
  head,
  rows,
}: {
  title: string;
  testId: string;
  head: string[];
  rows: (string | number)[][];
}) {
  return (
    <>
      <h4>{title}</h4>
      <div className="table-wrap">
        <table className="data-table" data-testid={testId}>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.join("\u0000")}>
                {r.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells are fixed columns
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
