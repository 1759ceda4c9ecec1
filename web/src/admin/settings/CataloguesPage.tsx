// /admin/catalogues: the topic and respondent-group catalogues — add, rename, reorder, retire and restore. The
// server checks and audits every change; this page shows its answer and reloads the list after each one.
import { type FormEvent, useCallback, useEffect, useState } from "react";
import type { ApiErrorInfo } from "../../api";
import { StaffPage } from "../../staff/StaffPage";
import { type SettingsMessages, useProblemText, useSettingsText } from "./messages";
import {
  type CatalogueEntry,
  type CatalogueKind,
  createEntry,
  fetchCatalogue,
  orderEntries,
  renameEntry,
  retireEntry,
} from "./settingsApi";
import "./settings.css";

type Notice = { ok: boolean; text: string } | null;

export function CataloguesPage() {
  return <StaffPage path="/admin/catalogues">{() => <Catalogues />}</StaffPage>;
}

function Catalogues() {
  const t = useSettingsText();
  return (
    <section aria-labelledby="catalogues-title">
      <h1 id="catalogues-title">{t.cataloguesTitle}</h1>
      <p className="hint">{t.cataloguesIntro}</p>
      <CatalogueSection kind="topics" />
      <CatalogueSection kind="groups" />
    </section>
  );
}

function CatalogueSection({ kind }: { kind: CatalogueKind }) {
  const t = useSettingsText();
  const problem = useProblemText();
  const [entries, setEntries] = useState<CatalogueEntry[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const reload = useCallback(async () => {
    const res = await fetchCatalogue(kind);
    if (res.ok) setEntries(res.data);
    else setNotice({ ok: false, text: problem(res.error) });
  }, [kind, problem]);

  useEffect(() => {
    void reload();
  }, [reload]);

  /** Runs one change; on success says so and reloads, on refusal shows why (nothing changed). True if done. */
  const act = async (run: () => Promise<{ ok: boolean; error?: ApiErrorInfo }>, success: string) => {
    const res = await run();
    if (!res.ok && res.error) {
      setNotice({ ok: false, text: problem(res.error) });
      return false;
    }
    setNotice({ ok: true, text: success });
    await reload();
    return true;
  };

  const live = entries?.filter((e) => !e.retired) ?? [];
  const move = (index: number, by: -1 | 1) => {
    const ids = live.map((e) => e.id);
    const [id] = ids.splice(index, 1);
    if (id === undefined) return;
    ids.splice(index + by, 0, id);
    void act(() => orderEntries(kind, ids), t.reordered);
  };

  const title = kind === "topics" ? t.topics : t.groups;
  return (
    <section className="catalogue" aria-labelledby={`${kind}-title`} data-testid={`catalogue-${kind}`}>
      <h2 id={`${kind}-title`}>{title}</h2>
      <p className="hint">{kind === "topics" ? t.retireNoteTopics : t.retireNoteGroups}</p>
      {notice && (
        <p className={notice.ok ? "notice" : "notice notice-error"} role={notice.ok ? "status" : "alert"}>
          {notice.text}
        </p>
      )}
      <NewEntryForm
        kind={kind}
        onAdd={(entry) => act(() => createEntry(kind, entry), t.added(entry.nameZh))}
      />
      {entries && (
        <div className="table-wrap">
          <table className="data-table catalogue-table">
            <thead>
              <tr>
                <th scope="col">{t.id}</th>
                <th scope="col">{t.nameZh}</th>
                <th scope="col">{t.nameEn}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <EntryRow
                  key={entry.id}
                  t={t}
                  entry={entry}
                  liveIndex={live.indexOf(entry)}
                  liveCount={live.length}
                  onMove={move}
                  onRename={(names) => act(() => renameEntry(kind, entry.id, names), t.renamed(names.nameZh))}
                  onRetire={(retired) =>
                    act(
                      () => retireEntry(kind, entry.id, retired),
                      (retired ? t.retiredDone : t.restoredDone)(entry.name["zh-cn"]),
                    )
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewEntryForm({
  kind,
  onAdd,
}: {
  kind: CatalogueKind;
  /** Resolves true when added; a refused entry stays in the form to be corrected. */
  onAdd: (entry: { id: string; nameZh: string; nameEn: string }) => Promise<boolean>;
}) {
  const t = useSettingsText();
  const [id, setId] = useState("");
  const [nameZh, setNameZh] = useState("");
  const [nameEn, setNameEn] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const added = await onAdd({ id: id.trim(), nameZh: nameZh.trim(), nameEn: nameEn.trim() });
    setBusy(false);
    if (!added) return;
    setId("");
    setNameZh("");
    setNameEn("");
  };
  const filled = id.trim() !== "" && nameZh.trim() !== "" && nameEn.trim() !== "";
  return (
    <details className="panel">
      <summary>{kind === "topics" ? t.addTopic : t.addGroup}</summary>
      <form onSubmit={submit} className="form form-grid" noValidate>
        <label>
          {t.id}
          <input
            name={`${kind}-new-id`}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={id}
            onChange={(e) => setId(e.target.value)}
            aria-describedby={`${kind}-id-hint`}
          />
          <span className="hint" id={`${kind}-id-hint`}>
            {t.idHint}
          </span>
        </label>
        <label>
          {t.nameZh}
          <input name={`${kind}-new-zh`} value={nameZh} onChange={(e) => setNameZh(e.target.value)} />
        </label>
        <label>
          {t.nameEn}
          <input name={`${kind}-new-en`} value={nameEn} onChange={(e) => setNameEn(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={busy || !filled}>
          {t.add}
        </button>
      </form>
    </details>
  );
}

function EntryRow({
  t,
  entry,
  liveIndex,
  liveCount,
  onMove,
  onRename,
  onRetire,
}: {
  t: SettingsMessages;
  entry: CatalogueEntry;
  /** Its place among the live entries (-1 when retired: retired ones are not reordered). */
  liveIndex: number;
  liveCount: number;
  onMove: (index: number, by: -1 | 1) => void;
  onRename: (names: { nameZh: string; nameEn: string }) => Promise<boolean>;
  onRetire: (retired: boolean) => Promise<boolean>;
}) {
  const [editing, setEditing] = useState(false);
  const [nameZh, setNameZh] = useState(entry.name["zh-cn"]);
  const [nameEn, setNameEn] = useState(entry.name.default);
  const start = () => {
    setNameZh(entry.name["zh-cn"]);
    setNameEn(entry.name.default);
    setEditing(true);
  };
  return (
    <tr data-id={entry.id} className={entry.retired ? "is-retired" : undefined}>
      <th scope="row">
        <code>{entry.id}</code>
      </th>
      <td>
        {editing ? (
          <input
            aria-label={`${t.nameZh}: ${entry.id}`}
            value={nameZh}
            onChange={(e) => setNameZh(e.target.value)}
          />
        ) : (
          entry.name["zh-cn"]
        )}
      </td>
      <td>
        {editing ? (
          <input
            aria-label={`${t.nameEn}: ${entry.id}`}
            value={nameEn}
            onChange={(e) => setNameEn(e.target.value)}
          />
        ) : (
          entry.name.default
        )}
      </td>
      <td>{entry.retired ? t.retired : t.live}</td>
      <td className="row-actions">
        {editing ? (
          <>
            <button
              type="button"
              className="button"
              disabled={nameZh.trim() === "" || nameEn.trim() === ""}
              onClick={async () => {
                if (await onRename({ nameZh: nameZh.trim(), nameEn: nameEn.trim() })) setEditing(false);
              }}
            >
              {t.save}
            </button>
            <button type="button" className="link-button" onClick={() => setEditing(false)}>
              {t.cancel}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="link-button" onClick={start}>
              {t.rename}
            </button>
            {!entry.retired && (
              <>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`${t.moveUp}: ${entry.id}`}
                  disabled={liveIndex <= 0}
                  onClick={() => onMove(liveIndex, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`${t.moveDown}: ${entry.id}`}
                  disabled={liveIndex >= liveCount - 1}
                  onClick={() => onMove(liveIndex, 1)}
                >
                  ↓
                </button>
              </>
            )}
            <button
              type="button"
              className="link-button"
              onClick={() =>
                entry.retired
                  ? void onRetire(false)
                  : confirm(t.confirmRetire(entry.name["zh-cn"])) && void onRetire(true)
              }
            >
              {entry.retired ? t.restore : t.retire}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
