// The operator's PIN: 4–8 digits, kept on the device only as a salted, iterated hash. It keeps respondents out of
// the kiosk's settings and queue; it is not meant to withstand someone who can read the tablet's storage.
import { v4, v5 } from "uuid";
import type { PinRecord } from "./queue";

export const pinPattern = /^\d{4,8}$/;

// uuid's SHA-1 (v5) is plain JavaScript: crypto.subtle exists only over HTTPS, and plant intranets often serve
// plain HTTP by IP address. Iterating makes each guess cost a few milliseconds.
const rounds = 2000;

function digest(pin: string, salt: string): string {
  let h = salt;
  for (let i = 0; i < rounds; i++) h = v5(`${h}:${pin}`, salt);
  return h;
}

export function hashPin(pin: string): PinRecord {
  const salt = v4();
  return { salt, hash: digest(pin, salt) };
}

export const pinMatches = (pin: string, record: PinRecord) => digest(pin, record.salt) === record.hash;

/** Wrong PINs in a row and, after the third, until when the PIN field stays shut (ms since epoch). */
export interface PinLock {
  failures: number;
  lockedUntil: number;
}

export const noPinLock: PinLock = { failures: 0, lockedUntil: 0 };

// Four digits are 10,000 guesses: after three wrong PINs in a row each further one waits, 30 s and doubling up to
// 15 minutes, so guessing through the list takes weeks while an operator who mistyped waits half a minute.
const freeTries = 3;
const firstWaitMs = 30_000;
const longestWaitMs = 15 * 60_000;

export function waitAfter(failures: number): number {
  if (failures < freeTries) return 0;
  return Math.min(firstWaitMs * 2 ** (failures - freeTries), longestWaitMs);
}

/** The lock after one more wrong PIN at `now`. */
export const afterWrongPin = (lock: PinLock, now: number): PinLock => {
  const failures = lock.failures + 1;
  const wait = waitAfter(failures);
  return { failures, lockedUntil: wait > 0 ? now + wait : 0 };
};

/** Whole seconds left before the PIN may be tried again; 0 when it may now. */
export const secondsLocked = (lock: PinLock, now: number) =>
  Math.max(0, Math.ceil((lock.lockedUntil - now) / 1000));
