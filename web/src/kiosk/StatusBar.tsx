// The kiosk's status bar, visible to respondents too: queue counts and the last sync, with "sync now" and the
// operator button (which asks for the PIN). It shows counts only, never anything of a response.
import { useI18n } from "../i18n";
import { useKioskText } from "./messages";
import type { KioskSync } from "./useKioskSync";

const timeOf = (iso: string, lang: string) =>
  new Intl.DateTimeFormat(lang === "zh-cn" ? "zh-CN" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));

export function StatusBar({ sync, onOperator }: { sync: KioskSync; onOperator: () => void }) {
  const { lang } = useI18n();
  const k = useKioskText();
  const { counts } = sync;
  return (
    <footer className="kiosk-status">
      <p
        className="kiosk-counts"
        role="status"
        data-testid="kiosk-counts"
        data-queued={counts?.queued}
        data-sent={counts?.sent}
        data-failed={counts?.failed}
      >
        {!sync.online && <span className="kiosk-offline">{k.offline}</span>}
        {counts &&
          k.statusLine(
            counts.queued,
            counts.sent,
            counts.failed,
            counts.lastSentAt ? timeOf(counts.lastSentAt, lang) : k.never,
          )}
        {sync.syncing && <span className="kiosk-syncing"> · {k.syncing}</span>}
      </p>
      <div className="kiosk-status-actions">
        <button type="button" className="button" data-testid="kiosk-sync-now" onClick={sync.syncNow}>
          {k.syncNow}
        </button>
        <button type="button" className="button" data-testid="kiosk-operator" onClick={onOperator}>
          {k.operator}
        </button>
      </div>
    </footer>
  );
}
