// Times on the plant's clock (a fixed offset from UTC, from the server's settings), whatever the browser's own zone:
// the values of date-time inputs, the offset sent with them, and the times shown in the list. No I/O.

/** "UTC+08:00" for 480. */
export function offsetLabel(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `UTC${sign}${hh}:${mm}`;
}

/** An instant as a datetime-local input value ("2026-11-02T16:00") on the plant's clock. */
export function toPlantInput(iso: string, offsetMinutes: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "";
  return new Date(t + offsetMinutes * 60_000).toISOString().slice(0, 16);
}

/** A datetime-local value on the plant's clock as an ISO time with its offset, or null when it is not one. */
export function fromPlantInput(value: string, offsetMinutes: number): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const iso = `${value}:00${offsetLabel(offsetMinutes).slice(3)}`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** "2026-11-02 16:00" on the plant's clock: unambiguous in either language. */
export function showPlantTime(iso: string, offsetMinutes: number): string {
  return toPlantInput(iso, offsetMinutes).replace("T", " ");
}
