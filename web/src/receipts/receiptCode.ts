// The receipt code as a person types it — lower case, spaces, full-width characters, the dash left out — put in the
// printed form ABCDE-23456, or null when it cannot be one. The server reads the same spellings (server/ingest/receipt.ts,
// which the browser cannot import: it makes codes with node:crypto); tests/unit/receipt-code.test.ts holds them together.
const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function normaliseReceipt(input: string): string | null {
  const plain = input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-–—_.]/g, "");
  if (plain.length !== 10 || [...plain].some((ch) => !alphabet.includes(ch))) return null;
  return `${plain.slice(0, 5)}-${plain.slice(5)}`;
}
