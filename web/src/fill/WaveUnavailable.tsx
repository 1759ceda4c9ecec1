// Instead of the form: the wave does not exist, has not opened, has closed, or is not collected online.
import type { Wave } from "../api";
import { formatDateTime, useI18n } from "../i18n";

export type UnavailableReason = "notFound" | "scheduled" | "closed" | "notOnline";

export function WaveUnavailable({ reason, wave }: { reason: UnavailableReason; wave: Wave | null }) {
  const { t, text, lang } = useI18n();
  const when = (iso: string | undefined) => (iso ? formatDateTime(iso, lang) : null);
  const opens = when(wave?.opensAt);
  const closes = when(wave?.closesAt);
  const message = {
    notFound: t.waveNotFound,
    scheduled: opens ? t.waveScheduled(opens) : t.waveScheduledSoon,
    closed: closes ? t.waveClosed(closes) : t.waveClosedAlready,
    notOnline: t.waveNotOnline,
  }[reason];
  return (
    <section className="unavailable">
      {wave && <h1>{text(wave.title)}</h1>}
      <p className="notice" role="status">
        {message}
      </p>
      {wave && opens && closes && <p className="hint">{t.waveWindow(opens, closes)}</p>}
      <p>
        <a href="/">{t.backHome}</a>
      </p>
    </section>
  );
}
