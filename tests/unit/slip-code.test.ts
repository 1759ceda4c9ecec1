// The device-side check of a typed slip code (web/src/fill/slipCode.ts) against the server's codes: every code the
// server issues passes, typing variants normalise as the server's do, and look-alike characters are refused.
import { describe, expect, it } from "vitest";
import { normaliseCode, randomCode, tokenLength } from "../../server/links/codes";
import { isSlipCode, normaliseSlipCode, slipCodeLength } from "../../web/src/fill/slipCode";

describe("slip codes on the device", () => {
  it("accepts every code the server issues for a slip", () => {
    expect(slipCodeLength).toBe(tokenLength);
    for (let i = 0; i < 500; i++) expect(isSlipCode(randomCode(tokenLength))).toBe(true);
  });

  it("normalises typing as the server does: case, spaces and dashes", () => {
    for (const typed of ["abcd efgh jkmn", "ABCD-EFGH-JKMN", " 2345\t6789\nabcd ", "a-b c"]) {
      expect(normaliseSlipCode(typed)).toBe(normaliseCode(typed));
    }
    expect(isSlipCode(normaliseSlipCode("p9uq-j7gk-2345"))).toBe(true);
  });

  it("refuses a code of the wrong length or with look-alike characters", () => {
    expect(isSlipCode("")).toBe(false);
    expect(isSlipCode("P9UQJ7GK234")).toBe(false);
    expect(isSlipCode("P9UQJ7GK23456")).toBe(false);
    for (const lookAlike of ["0", "O", "1", "I", "L"])
      expect(isSlipCode(`P9UQJ7GK234${lookAlike}`)).toBe(false);
    expect(isSlipCode("p9uqj7gk2345")).toBe(false); // not normalised yet
  });
});
