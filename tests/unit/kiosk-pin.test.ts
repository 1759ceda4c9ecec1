// The kiosk PIN's lockout arithmetic: three free tries, then 30 s doubling up to 15 minutes; and the PIN hash.
import { describe, expect, it } from "vitest";
import {
  afterWrongPin,
  hashPin,
  noPinLock,
  pinMatches,
  secondsLocked,
  waitAfter,
} from "../../web/src/kiosk/pin";

describe("kiosk PIN", () => {
  it("waits nothing for the first two wrong PINs, then 30 s doubling, never more than 15 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => waitAfter(n) / 1000)).toEqual([
      0, 0, 30, 60, 120, 240, 480, 900, 900, 900,
    ]);
  });

  it("counts wrong PINs in a row and says how many seconds are left", () => {
    let lock = noPinLock;
    for (let i = 0; i < 3; i++) lock = afterWrongPin(lock, 1_000_000);
    expect(lock).toEqual({ failures: 3, lockedUntil: 1_030_000 });
    expect(secondsLocked(lock, 1_000_000)).toBe(30);
    expect(secondsLocked(lock, 1_029_001)).toBe(1);
    expect(secondsLocked(lock, 1_030_000)).toBe(0);
  });

  it("matches the PIN it was made from only", () => {
    const record = hashPin("2468");
    expect(pinMatches("2468", record)).toBe(true);
    expect(pinMatches("2469", record)).toBe(false);
  });
});
