// Behind the PIN: the kiosk's settings, the items waiting or failed (with the server's reason), retrying them,
// exporting the queue to a file and importing one from another device, and leaving kiosk mode.
import { type ChangeEvent, useCallback, useEffect, useState } from "react";
import type { WaveForm } from "../api";
import { type UnitTree, unitPath } from "../fill/unitTree";
import { formatDateTime, useI18n } from "../i18n";
import { useKioskText } from "./messages";
import {
  addImported,
  forgetLastWave,
  type KioskSettings,
  listItems,
  onQueueChange,
  type QueueItem,
  requeue,
} from "./queue";
import { buildQueueFile, parseQueueFile } from "./queueFile";

interface Props {
  form: WaveForm;
  tree: UnitTree;
  settings: KioskSettings;
  onChangeSettings: () => void;
  onSyncNow: () => void;
  onClose: () => void;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function OperatorPanel({ form, tree, settings, onChangeSettings, onSyncNow, onClose }: Props) {
  const { lang, text } = useI18n();
  const k = useKioskText();
  const [items, setItems] = useState<QueueItem[]>([]);
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);

  const reload = useCallback(() => {
    listItems().then(setItems, () => setNote({ text: k.storageFailed, error: true }));
  }, [k]);
  useEffect(() => {
    reload();
    return onQueueChange(reload);
  }, [reload]);

  const group = settings.groupId ? form.groups.find((g) => g.id === settings.groupId) : undefined;

  const exportQueue = async () => {
    const file = buildQueueFile(await listItems(), new Date());
    if (file.items.length === 0) return setNote({ text: k.exportNothing, error: false });
    const stamp = file.exportedAt.slice(0, 19).replace(/[:T]/g, "-");
    download(`minyi-queue-${stamp}.json`, JSON.stringify(file, null, 2));
    setNote({ text: k.exported(file.items.length), error: false });
  };

  const importQueue = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const parsed = parseQueueFile(await file.text());
    input.value = ""; // the same file may be chosen again
    if (!parsed.ok) return setNote({ text: k.importProblem(parsed.problem), error: true });
    try {
      const { added, known } = await addImported(parsed.bodies);
      setNote({ text: k.imported(added, known), error: false });
      if (added > 0) onSyncNow();
    } catch {
      setNote({ text: k.storageFailed, error: true });
    }
  };

  return (
    <div className="kiosk-overlay" role="dialog" aria-modal="true" aria-labelledby="kiosk-panel-title">
      <section className="kiosk-dialog kiosk-panel" data-testid="kiosk-panel">
        <h2 id="kiosk-panel-title">{k.panelTitle}</h2>

        <h3>{k.panelSettings}</h3>
        <p>
          {k.panelUnit(unitPath(tree, settings.unitId, lang), group ? text(group.name) : k.groupEachChooses)}
        </p>
        <button
          type="button"
          className="button"
          data-testid="kiosk-change-settings"
          onClick={onChangeSettings}
        >
          {k.changeSettings}
        </button>

        <h3>{k.panelQueue}</h3>
        {items.length === 0 ? (
          <p className="hint">{k.queueEmpty}</p>
        ) : (
          <ul className="kiosk-items">
            {items.map((item) => (
              <li key={item.id} data-testid="kiosk-item" data-state={item.state}>
                <p>
                  <strong>{item.state === "failed" ? k.stateFailed : k.stateQueued}</strong>{" "}
                  {k.itemLine(
                    formatDateTime(item.body?.startedAt ?? new Date(item.queuedAt).toISOString(), lang),
                    item.attempts,
                  )}
                </p>
                {item.lastError && (
                  <p
                    className={item.state === "failed" ? "kiosk-item-error" : "hint"}
                    data-testid="kiosk-item-error"
                  >
                    {item.lastError.code}: {item.lastError.message}
                  </p>
                )}
                {item.state === "failed" && (
                  <button
                    type="button"
                    className="button"
                    onClick={() => void requeue(item.id).then(onSyncNow)}
                  >
                    {k.retryItem}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {items.some((i) => i.state === "failed") && <p className="hint">{k.failedHelp}</p>}

        <div className="actions">
          <button
            type="button"
            className="button"
            data-testid="kiosk-export"
            onClick={() => void exportQueue()}
          >
            {k.exportQueue}
          </button>
          <label className="button kiosk-import">
            {k.importQueue}
            <input
              type="file"
              accept="application/json,.json"
              data-testid="kiosk-import"
              onChange={(e) => void importQueue(e)}
            />
          </label>
        </div>
        {note && (
          <p className={note.error ? "notice notice-error" : "notice"} role="status" data-testid="kiosk-note">
            {note.text}
          </p>
        )}

        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="kiosk-close-panel"
            onClick={onClose}
          >
            {k.close}
          </button>
          <button
            type="button"
            className="button"
            data-testid="kiosk-leave"
            onClick={() => void forgetLastWave().finally(() => location.assign("/"))}
          >
            {k.leaveKiosk}
          </button>
        </div>
        <p className="hint">{k.leaveHelp}</p>
      </section>
    </div>
  );
}
