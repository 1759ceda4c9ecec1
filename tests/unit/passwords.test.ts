// Password hashing: the scrypt encoding, verification (right, wrong, tampered, malformed) and the length rule.
import { describe, expect, it } from "vitest";
import {
  checkNewPassword,
  generatePassword,
  hashPassword,
  unmatchableHash,
  verifyPassword,
} from "../../server/auth/passwords";

describe("hashPassword / verifyPassword", () => {
  it("encodes scrypt$N$r$p$salt$hash with a fresh salt each time", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
  });

  it.each([
    ["the same password", "correct horse", true],
    ["another password", "correct horsE", false],
    ["an empty password", "", false],
    ["the password with a trailing space", "correct horse ", false],
  ])("verifies %s → %s", async (_case, attempt, expected) => {
    const encoded = await hashPassword("correct horse");
    expect(await verifyPassword(attempt, encoded)).toBe(expected);
  });

  it("treats composed and decomposed Unicode alike", async () => {
    const encoded = await hashPassword("café-密码-1234");
    expect(await verifyPassword("cafe\u0301-密码-1234", encoded)).toBe(true);
  });

  it.each([
    ["empty", () => ""],
    ["another scheme", (h: string) => h.replace("scrypt$", "bcrypt$")],
    ["too few parts", (h: string) => h.split("$").slice(0, 5).join("$")],
    ["N not a power of two", (h: string) => h.replace("$32768$", "$30000$")],
    ["N absurdly large", (h: string) => h.replace("$32768$", `$${2 ** 24}$`)],
    ["r zero", (h: string) => h.replace("$32768$8$", "$32768$0$")],
    ["a truncated hash", (h: string) => h.slice(0, -8)],
    ["a changed cost", (h: string) => h.replace("$32768$", "$16384$")],
  ])("answers false, never throws, for a hash that is %s", async (_case, tamper) => {
    const encoded = await hashPassword("correct horse");
    expect(await verifyPassword("correct horse", tamper(encoded))).toBe(false);
  });

  it("matches nothing with the unmatchable hash", async () => {
    expect(await verifyPassword("", unmatchableHash)).toBe(false);
    expect(await verifyPassword("anything at all", unmatchableHash)).toBe(false);
  });
});

describe("checkNewPassword", () => {
  it.each([
    ["1234567", {}, "password_too_short"],
    ["", { demo: true }, "password_too_short"],
    ["x".repeat(1001), {}, "password_too_long"],
    ["x".repeat(1001), { demo: true }, "password_too_long"],
  ])("refuses %j (%j) with %s", (password, options, code) => {
    expect(() => checkNewPassword(password, options)).toThrow(
      expect.objectContaining({ status: 400, code, path: "password" }),
    );
  });

  it.each([
    ["12345678", {}],
    ["demo", { demo: true }],
  ])("accepts %j (%j)", (password, options) => {
    expect(() => checkNewPassword(password, options)).not.toThrow();
  });

  it("has a readable message", () => {
    expect(() => checkNewPassword("short")).toThrow("A password needs at least 8 characters.");
  });
});

describe("generatePassword", () => {
  it("makes 24 URL-safe characters that pass the length rule and differ each time", () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(a).not.toBe(generatePassword());
    expect(() => checkNewPassword(a)).not.toThrow();
  });
});
