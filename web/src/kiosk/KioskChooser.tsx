// /kiosk, where the installed app starts: back to the wave this device was set up for, or a list of the waves
// open for on-site collection to choose from.
import "../fill/fill.css";
import "./kiosk.css";
import { useEffect, useState } from "react";
import { fetchWaves, type Wave } from "../api";
import { formatDateTime, useI18n } from "../i18n";
import { useKioskText } from "./messages";
import { lastWave } from "./queue";
import { registerServiceWorker } from "./serviceWorker";

export function KioskChooser() {
  const { t, text, lang } = useI18n();
  const k = useKioskText();
  const [waves, setWaves] = useState<Wave[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(registerServiceWorker, []);
  useEffect(() => {
    document.title = k.kioskTitle;
    let live = true;
    (async () => {
      const last = await lastWave().catch(() => undefined);
      if (last) return location.replace(`/kiosk/${encodeURIComponent(last)}`);
      const res = await fetchWaves();
      if (!live) return;
      if (!res.ok) return setFailed(true);
      setWaves(res.data.filter((w) => w.status === "open" && w.channels.includes("onsite")));
    })();
    return () => {
      live = false;
    };
  }, [k]);

  if (failed) return <p className="notice notice-error">{t.loadFailed}</p>;
  if (!waves) return <p className="notice">{t.loading}</p>;
  return (
    <section>
      <h1>{k.chooseWaveTitle}</h1>
      {waves.length === 0 ? (
        <p className="notice">{k.chooseWaveEmpty}</p>
      ) : (
        <ul className="wave-list">
          {waves.map((w) => (
            <li key={w.id}>
              <a href={`/kiosk/${encodeURIComponent(w.id)}`}>{text(w.title)}</a>
              <span className="hint"> {t.openUntil(formatDateTime(w.closesAt, lang))}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
