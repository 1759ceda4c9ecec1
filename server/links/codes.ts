// Random codes for short links and invitation tokens, and the one-way hash a token is kept as. Codes come from the
// same unambiguous alphabet as receipts and are never derived from ids, so a link or slip says nothing by itself.
import { createHash, randomInt } from "node:crypto";

// No 0/O, 1/I/L: a printed code may be read aloud or typed in by hand.
const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** `length` symbols from 31: 8 give ~40 bits (link codes), 12 give ~59 bits (tokens, one per printed slip). */
export function randomCode(length: number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}

/** Typed codes may come in lower case or with the spaces a slip prints between groups. */
export function normaliseCode(text: string): string {
  return text.replace(/[\s-]/g, "").toUpperCase();
}

/** Tokens are stored only as this hash: the database never holds what is printed on a slip. */
export function hashToken(token: string): string {
  return createHash("sha256").update(normaliseCode(token)).digest("hex");
}

export const linkCodeLength = 8;
export const tokenLength = 12;
