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
