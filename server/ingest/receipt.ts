// Receipt codes (查询码): random, short enough to copy from a phone, and never derived from the response id,
// so a receipt reveals nothing about who answered or when.
import { randomInt } from "node:crypto";

// No 0/O, 1/I/L: people read these aloud and retype them.
export const receiptAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** 10 symbols from 31: ~49 bits, so collisions among millions of responses stay negligible. */
export function newReceipt(): string {
  let code = "";
  for (let i = 0; i < 10; i++) code += receiptAlphabet[randomInt(receiptAlphabet.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** `abcde 23456`, `ABCDE-23456`, full-width or lower case: the stored form `ABCDE-23456`, or null if not a receipt. */
export function normaliseReceipt(input: string): string | null {
  const plain = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-–—_.]/g, "");
  if (plain.length !== 10 || [...plain].some((ch) => !receiptAlphabet.includes(ch))) return null;
  return `${plain.slice(0, 5)}-${plain.slice(5)}`;
}
