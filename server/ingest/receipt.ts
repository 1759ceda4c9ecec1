// Receipt codes (查询码): random, short enough to copy from a phone, and never derived from the response id,
// so a receipt reveals nothing about who answered or when.
import { randomInt } from "node:crypto";

// No 0/O, 1/I/L: people read these aloud and retype them.
const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** 10 symbols from 31: ~49 bits, so collisions among millions of responses stay negligible. */
export function newReceipt(): string {
  let code = "";
  for (let i = 0; i < 10; i++) code += alphabet[randomInt(alphabet.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}
