// The printed slip's code as a person types it: normalised and checked for shape on the device, by the fill page
// and the kiosk alike. Whether a code was issued and is unused only the server knows (server/links/codes.ts).
/** The alphabet of server/links/codes.ts: no 0/O, 1/I/L, so a printed code can be read aloud or typed in. */
export const slipAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const slipCodeLength = 12;

const shape = new RegExp(`^[${slipAlphabet}]{${slipCodeLength}}$`);

/** Typed codes may come in lower case or with the spaces and dashes a slip prints between groups. */
export function normaliseSlipCode(text: string): string {
  return text.replace(/[\s-]/g, "").toUpperCase();
}

/** Whether a normalised code can be a slip's at all: catches a mistyped O for 0 before the questionnaire. */
export function isSlipCode(code: string): boolean {
  return shape.test(code);
}
