// Hashes and checks passwords with scrypt (memory-hard), encoded as scrypt$N$r$p$salt$hash in base64.
// It does not know about users or sessions; accounts.ts decides who may have which password.
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import { ApiError } from "../errors";

const params = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 32;
export const minPasswordLength = 8;
const maxPasswordLength = 1000;

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  // 128·N·r bytes of working memory: Node's 32 MiB default is exactly at the limit for N=2^15, r=8.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params.N, params.r, params.p);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** True when `password` matches `encoded`; false for a wrong password or a malformed hash (never throws). */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounds keep a tampered row from making one login allocate gigabytes.
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0) return false;
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const expected = Buffer.from(parts[5] ?? "", "base64");
  if (salt.length === 0 || expected.length !== keyLength) return false;
  const actual = await derive(password, salt, N, r, p);
  return timingSafeEqual(actual, expected);
}

/** A hash no password matches, checked against for unknown users so their logins take as long as real ones. */
export const unmatchableHash = `scrypt$${params.N}$${params.r}$${params.p}$${Buffer.alloc(16).toString("base64")}$${Buffer.alloc(keyLength).toString("base64")}`;

/** Refuses a new password that is too short or too long; `demo` accounts may keep the documented demo password. */
export function checkNewPassword(password: string, options: { demo?: boolean; field?: string } = {}): void {
  const field = options.field ?? "password";
  if (password.length > maxPasswordLength) {
    throw new ApiError(
      400,
      "password_too_long",
      `A password may have at most ${maxPasswordLength} characters.`,
      field,
    );
  }
  if (options.demo === true && password.length > 0) return;
  if (password.length < minPasswordLength) {
    throw new ApiError(
      400,
      "password_too_short",
      `A password needs at least ${minPasswordLength} characters.`,
      field,
    );
  }
}

/** A random password for a new account (144 bits), shown once to whoever created the account. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
