// Checks on the raw answer data before anything walks it recursively: nesting depth (a 256 KiB body can nest
// tens of thousands deep and overflow the stack) and text that is not well-formed Unicode.
// It does not check answers against the survey (validateAnswers does); it only makes the data safe to walk.

/** No SurveyJS answer nests deeper than dynamic panels in dynamic panels with matrix cells: ~10 levels. */
export const maxDataDepth = 32;

/** Depth of nested arrays/objects, counted without recursion; stops early once past `limit`. */
export function nestingDepth(value: unknown, limit = maxDataDepth): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Replaces broken UTF-16 (a lone surrogate, e.g. an emoji cut in half by a phone keyboard) with U+FFFD in every
 * string and key: DuckDB refuses such text, and one broken character must not cost the respondent the response.
 */
export function wellFormed<T>(value: T): T {
  if (typeof value === "string") return value.toWellFormed() as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      Object.defineProperty(out, key.toWellFormed(), {
        value: wellFormed(child),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out as T;
  }
  return value;
}
