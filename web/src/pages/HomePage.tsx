// "/": the waves open now, each linking to its fill page. Public, so it lists titles and dates only.
import { useEffect, useState } from "react";
import { fetchWaves, type Wave } from "../api";
import { formatDateTime, useI18n } from "../i18n";

export function HomePage() {
  const { t, text, lang } = useI18n();
  const [waves, setWaves] = useState<Wave[] | "loading" | "failed">("loading");

  useEffect(() => {
    let live = true;
    fetchWaves().then((res) => {
      if (live)
        setWaves(
          res.ok ? res.data.filter((w) => w.status === "open" && w.channels.includes("online")) : "failed",
        );
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t.homeTitle}</h1>
      {waves === "loading" && <p className="notice">{t.loading}</p>}
      {waves === "failed" && (
        <p className="notice notice-error" role="alert">
          {t.loadFailed}
        </p>
      )}
      {Array.isArray(waves) && waves.length === 0 && <p className="notice">{t.homeEmpty}</p>}
      {Array.isArray(waves) && waves.length > 0 && (
        <ul className="wave-list">
          {waves.map((w) => (
            <li key={w.id}>
              <a href={`/s/${encodeURIComponent(w.id)}`}>
                <strong>{text(w.title)}</strong>
                <span className="hint">{t.openUntil(formatDateTime(w.closesAt, lang))}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <p className="hint staff-link">
        <a href="/r">{t.homeReceipt}</a>
      </p>
      <p className="hint staff-link">
        <a href="/board">{t.homeBoard}</a>
      </p>
      <p className="hint staff-link">
        <a href="/login">{t.staffLogin}</a>
      </p>
      <p className="hint staff-link">
        <a href="/kiosk">{t.kioskLink}</a>
      </p>
    </section>
  );
}
