// The survey-round chooser of the import page and the keying screen, which round to start on, loading the chosen
// round's paper description (kept in the URL, so a reload or a shared link opens the same round), and the notice
// a grid worker sees at once for a round that is not open (the server would refuse them; only an admin overrides).
import { useEffect, useState } from "react";
import { fetchWaves, type Wave } from "../api";
import type { PaperMessages } from "./messages";
import { fetchPaper, type PaperDescription } from "./paperApi";

/** The rounds, the chosen one (from ?wave= or the default) and its paper description once loaded. */
export function usePaperWave(t: PaperMessages, onError: (message: string) => void) {
  const [waves, setWaves] = useState<Wave[] | null>(null);
  const [waveId, setWaveId] = useState<string | null>(null);
  const [paper, setPaper] = useState<PaperDescription | null>(null);

  useEffect(() => {
    fetchWaves().then((res) => {
      if (!res.ok) return onError(t.errors[res.error.code] ?? res.error.message);
      setWaves(res.data);
      setWaveId(defaultWave(res.data, new URLSearchParams(location.search).get("wave")));
    });
  }, [t, onError]);

  useEffect(() => {
    if (!waveId) return;
    history.replaceState(null, "", `${location.pathname}?${new URLSearchParams({ wave: waveId })}`);
    setPaper(null);
    fetchPaper(waveId).then((res) => {
      if (res.ok) setPaper(res.data);
      else onError(t.errors[res.error.code] ?? res.error.message);
    });
  }, [waveId, t, onError]);

  return { waves, waveId, setWaveId, paper };
}

/** The round asked for in the URL if it exists; else the open one, else the newest closed, else any. */
export function defaultWave(waves: Wave[], wanted: string | null): string | null {
  if (wanted && waves.some((w) => w.id === wanted)) return wanted;
  return (
    (waves.find((w) => w.status === "open") ?? waves.find((w) => w.status === "closed") ?? waves[0])?.id ??
    null
  );
}

export function WavePicker({
  t,
  waves,
  waveId,
  onChange,
}: {
  t: PaperMessages;
  waves: Wave[];
  waveId: string | null;
  onChange: (id: string) => void;
}) {
  return (
    <label>
      {t.wave}{" "}
      <select name="wave" value={waveId ?? ""} onChange={(e) => onChange(e.target.value)}>
        {waves.map((w) => (
          <option key={w.id} value={w.id}>
            {w.title} ({t.waveStatus[w.status] ?? w.status})
          </option>
        ))}
      </select>
    </label>
  );
}

/** A round that is not open, for someone who may not override: nothing to key or upload there. */
export const roundLocked = (wave: Wave | undefined, canOverride: boolean) =>
  wave !== undefined && wave.status !== "open" && !canOverride;

export function RoundLockedNotice({ t, wave }: { t: PaperMessages; wave: Wave }) {
  return (
    <p className="notice notice-error" role="alert" data-testid="round-locked">
      {wave.status === "closed" ? t.roundClosedOnlyAdmin : t.roundNotOpenOnlyAdmin}
    </p>
  );
}
