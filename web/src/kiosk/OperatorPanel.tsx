// Behind the PIN: the kiosk's settings, the items waiting or failed (with the server's reason), retrying them
// (refused for the slip: with another slip's code), exporting and importing the queue, and leaving kiosk mode.
import { type ChangeEvent, useCallback, useEffect, useId, useState } from "react";
import type { WaveForm } from "../api";
import { isSlipCode, normaliseSlipCode } from "../fill/slipCode";
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
  replaceToken,
  requeue,
} from "./queue";
import { buildQueueFile, parseQueueFile } from "./queueFile";

/** The server's refusals that another slip can mend: the slip was spent, is not this unit's, or was missing. */
const slipRefusals = new Set(["token_used", "unknown_token", "token_required"]);

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
                {item.state === "failed" && slipRefusals.has(item.lastError?.code ?? "") && (
                  <NewSlip onSend={(code) => void replaceToken(item.id, code).then(onSyncNow)} />
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

/** Another slip's code for a response refused for its slip; only its shape is checked here, the server does the rest. */
function NewSlip({ onSend }: { onSend: (code: string) => void }) {
  const k = useKioskText();
  const id = useId();
  const [typed, setTyped] = useState("");
  const [tried, setTried] = useState(false);
  const code = normaliseSlipCode(typed);
  return (
    <form
      className="field kiosk-new-slip"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (isSlipCode(code)) onSend(code);
      }}
    >
      <label className="field-label" htmlFor={id}>
        {k.newSlipLabel}
      </label>
      <input
        id={id}
        className="kiosk-pin-input"
        data-testid="kiosk-item-slip"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={20}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
      {tried && !isSlipCode(code) && (
        <p className="notice notice-error" role="alert">
          {code === "" ? k.slipCodeMissing : k.slipCodeMalformed}
        </p>
      )}
      <button type="submit" className="button" data-testid="kiosk-item-send-slip">
        {k.sendWithSlip}
      </button>
    </form>
  );
}
