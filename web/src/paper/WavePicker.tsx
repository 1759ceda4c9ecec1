// The survey-round chooser of the import page and the keying screen, and which round to start on.
import type { Wave } from "../api";
import type { PaperMessages } from "./messages";

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
