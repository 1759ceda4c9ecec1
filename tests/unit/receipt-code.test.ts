// The receipt page reads a typed code as the server does: the same spellings forgiven, the same ones refused, so
// the page never sends a code the server would refuse nor refuses one it would take.
import { describe, expect, it } from "vitest";
import { normaliseReceipt as onServer } from "../../server/ingest/receipt";
import { normaliseReceipt as inBrowser } from "../../web/src/receipts/receiptCode";

describe("normaliseReceipt", () => {
  it.each([
    ["7KQ2M-XR4PD", "7KQ2M-XR4PD"],
    ["7kq2m-xr4pd", "7KQ2M-XR4PD"],
    ["7kq2mxr4pd", "7KQ2M-XR4PD"],
    [" 7KQ2M XR4PD ", "7KQ2M-XR4PD"],
    ["7KQ2M—XR4PD", "7KQ2M-XR4PD"],
    ["７ＫＱ２Ｍ－ＸＲ４ＰＤ", "7KQ2M-XR4PD"],
    ["7KQ2M.XR4PD", "7KQ2M-XR4PD"],
    ["7KQ2M-XR4P", null],
    ["7KQ2M-XR4PDD", null],
    ["7KQ2M-XR4P0", null],
    ["OKQ2M-XR4PD", null],
    ["1KQ2M-XR4PD", null],
    ["IKQ2M-XR4PL", null],
    ["7KQ2M/XR4PD", null],
    ["", null],
  ])("%j → %j", (input, expected) => {
    expect(inBrowser(input)).toBe(expected);
    expect(onServer(input)).toBe(expected);
  });
});
