// The keying screen's cell logic: what a keyer types (choice numbers, "1 3", 20261015) as the template cell the
// import reads, the echo shown beside a field, unit type-ahead, and the next form number. Pure: no React, no I/O.
import { type Lang, localize } from "../i18n";
import type { PaperColumn, PaperDescription } from "./paperApi";

type Choice = NonNullable<PaperColumn["choices"]>[number];

/** A typed number picks the choice of that number on the paper form (1 = first); anything else is sent as typed. */
function byNumber<T>(list: readonly T[], typed: string): T | undefined {
  if (!/^\d+$/.test(typed)) return undefined;
  return list[Number(typed) - 1];
}

function numbers(typed: string): string[] {
  return typed
    .split(/[\s;,，、]+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** The cell for one column, or null to leave it blank. */
export function cellOf(column: PaperColumn, typed: string, paper: PaperDescription): string | null {
  const value = typed.trim();
  if (value === "") return null;
  const choices = column.choices ?? [];
  switch (column.kind) {
    case "group": {
      return byNumber(paper.groups, value)?.id ?? value;
    }
    case "date": {
      const digits = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
      return digits ? `${digits[1]}-${digits[2]}-${digits[3]}` : value;
    }
    case "choice":
      return String(byNumber(choices, value)?.value ?? value);
    case "multi_choice":
      return numbers(value)
        .map((n) => String(byNumber(choices, n)?.value ?? n))
        .join(";");
    case "boolean":
      // The paper form prints 1 □ yes, 2 □ no; 0 means no as well.
      if (value === "1") return "1";
      if (value === "2" || value === "0") return "0";
      return value;
    default:
      return typed.trimEnd();
  }
}

/** What the typed value means, shown beside the field so the keyer can check it against the paper. */
export function echoOf(column: PaperColumn, typed: string, paper: PaperDescription, lang: Lang): string {
  const value = typed.trim();
  if (value === "") return "";
  const choices = column.choices ?? [];
  const textOf = (c: Choice | undefined) => (c ? localize(c.text, lang) : "?");
  switch (column.kind) {
    case "unit": {
      const unit = paper.units.find((u) => u.id === value);
      return unit ? localize(unit.name, lang) : "";
    }
    case "group": {
      const group = byNumber(paper.groups, value) ?? paper.groups.find((g) => g.id === value);
      return group ? localize(group.name, lang) : "?";
    }
    case "choice":
      return /^\d+$/.test(value) ? textOf(byNumber(choices, value)) : "";
    case "multi_choice":
      return numbers(value)
        .map((n) => (/^\d+$/.test(n) ? textOf(byNumber(choices, n)) : n))
        .join("、");
    case "scale": {
      const point = choices.find((c) => String(c.value) === value);
      if (!point) return column.min !== undefined ? `${column.min}–${column.max}` : "";
      const text = localize(point.text, lang);
      return text === value ? "" : text;
    }
    case "boolean": {
      if (value === "1") return textOf(choices[0]);
      if (value === "2" || value === "0") return textOf(choices[1]);
      return "";
    }
    default:
      return "";
  }
}

/** Units whose id or name (either language) contains what was typed; exact id first. At most `limit`. */
export function unitMatches(paper: PaperDescription, typed: string, limit = 6) {
  const q = typed.trim().toLowerCase();
  if (q === "") return [];
  const hits = paper.units.filter(
    (u) =>
      u.id.toLowerCase().includes(q) ||
      u.name["zh-cn"].toLowerCase().includes(q) ||
      u.name.default.toLowerCase().includes(q),
  );
  hits.sort((a, b) => Number(b.id.toLowerCase() === q) - Number(a.id.toLowerCase() === q));
  return hits.slice(0, limit);
}

/** The number of the next paper form: "0012" → "0013", "A-7" → "A-8"; others are left for the keyer. */
export function nextFormNo(formNo: string): string {
  const m = /^(.*?)(\d+)$/.exec(formNo.trim());
  if (!m) return "";
  const [, prefix = "", digits = ""] = m;
  return `${prefix}${String(Number(digits) + 1).padStart(digits.length, "0")}`;
}
