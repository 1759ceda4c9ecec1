// Checks the rows of an organisation file (id,parent_id,name_zh,name_en,kind,headcount), whoever read it: the
// start-up CSV load and the admin's import share it. Every problem of every row at once; it reads no file or database.
import type { CellValue } from "../paper/readSheet";
import { maxTreeLevels, type UnitInput, unitKinds } from "./units";

export const orgColumns = ["id", "parent_id", "name_zh", "name_en", "kind", "headcount"] as const;
export type OrgColumn = (typeof orgColumns)[number];

export const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
export const maxNameLength = 100;
/** A quoted CSV cell may hold line breaks; a name shown in trees, pickers and reports may not. */
export const controlCharacter = /\p{Cc}/u;

export type OrgProblemCode =
  | "missing_column"
  | "no_units"
  | "bad_id"
  | "duplicate_id"
  | "empty_name"
  | "control_character"
  | "long_name"
  | "bad_kind"
  | "bad_headcount"
  | "no_root"
  | "second_root"
  | "unknown_parent"
  | "cycle"
  | "too_deep"
  | "root_changed"
  | "merged_id"
  | "unit_has_accounts";

/** One problem: `row` as a spreadsheet numbers it (the header is row 1), null for the file as a whole. */
export interface OrgProblem {
  row: number | null;
  column: OrgColumn | null;
  code: OrgProblemCode;
  message: string;
  /** The cell or id the message is about, for translating it. */
  value?: string;
}

export interface OrgRow {
  row: number;
  cells: ReadonlyMap<string, CellValue>;
}

export interface RowUnit extends UnitInput {
  row: number;
}

/** A spreadsheet may hold an id or a headcount as a number; what matters is the text it shows. */
function text(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return cell.toISOString();
  if (Array.isArray(cell)) return cell.join(";");
  return String(cell).trim();
}

function checkRow(r: OrgRow, problems: OrgProblem[]): RowUnit {
  const cell = (c: OrgColumn) => text(r.cells.get(c));
  const add = (column: OrgColumn, code: OrgProblemCode, message: string, value: string) =>
    problems.push({ row: r.row, column, code, message, value });
  const [id, parentId, nameZh, nameEn, kind, headcountText] = orgColumns.map(cell) as string[] as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!idPattern.test(id)) add("id", "bad_id", `id "${id}" must be 1-100 letters, digits, _ . or -.`, id);
  if (parentId !== "" && !idPattern.test(parentId)) {
    add("parent_id", "bad_id", `parent_id "${parentId}" must be 1-100 letters, digits, _ . or -.`, parentId);
  }
  if (nameZh === "") add("name_zh", "empty_name", "name_zh is empty.", nameZh);
  for (const [column, name] of [
    ["name_zh", nameZh],
    ["name_en", nameEn],
  ] as const) {
    if (controlCharacter.test(name)) {
      add(
        column,
        "control_character",
        `${column} holds a line break, tab or other control character; a unit's name is one line of text.`,
        name,
      );
    }
    if (name.length > maxNameLength) {
      add(column, "long_name", `${column} is longer than ${maxNameLength} characters.`, name);
    }
  }
  if (!(unitKinds as readonly string[]).includes(kind)) {
    add("kind", "bad_kind", `kind "${kind}" must be one of ${unitKinds.join(", ")}.`, kind);
  }
  const headcount = headcountText === "" ? Number.NaN : Number(headcountText);
  if (!Number.isInteger(headcount) || headcount < 0 || headcount > 1_000_000) {
    add(
      "headcount",
      "bad_headcount",
      `headcount "${headcountText}" must be a whole number ≥ 0.`,
      headcountText,
    );
  }
  return {
    row: r.row,
    id,
    parentId: parentId === "" ? null : parentId,
    nameZh,
    nameEn: nameEn || nameZh,
    kind: kind as UnitInput["kind"],
    headcount,
  };
}

/** One root, parents that are in the file, no cycles: what makes the rows one tree. */
function checkTree(units: readonly RowUnit[], problems: OrgProblem[]): void {
  const byId = new Map<string, RowUnit>();
  for (const u of units) {
    if (!idPattern.test(u.id)) continue;
    const first = byId.get(u.id);
    if (first) {
      problems.push({
        row: u.row,
        column: "id",
        code: "duplicate_id",
        message: `id "${u.id}" appears twice (first on row ${first.row}).`,
        value: u.id,
      });
    } else byId.set(u.id, u);
  }
  const roots = units.filter((u) => u.parentId === null);
  if (roots.length === 0) {
    problems.push({
      row: null,
      column: "parent_id",
      code: "no_root",
      message: "No unit has an empty parent_id: the root of the organisation (the plant) must have one.",
    });
  }
  for (const extra of roots.slice(1)) {
    problems.push({
      row: extra.row,
      column: "parent_id",
      code: "second_root",
      message: `parent_id is empty, but only the root may have none (the root is "${roots[0]?.id}" on row ${roots[0]?.row}).`,
      value: extra.id,
    });
  }
  for (const u of units) {
    if (u.parentId === null || !idPattern.test(u.parentId) || byId.has(u.parentId)) continue;
    problems.push({
      row: u.row,
      column: "parent_id",
      code: "unknown_parent",
      message: `parent_id "${u.parentId}" is not the id of any unit in the file.`,
      value: u.parentId,
    });
  }
  // A unit whose chain of parents never reaches a root (but whose parents all exist) sits on a cycle, or below one.
  // Each chain is walked once: every unit on it learns its level (or its cycle) from the walk, so a deep chain
  // listed deepest-first, or a cycle of 20,000, is linear, not quadratic (this runs on the main thread).
  const reach = new Map<string, Reach>();
  for (const start of byId.values()) {
    if (reach.has(start.id)) continue;
    const chain: RowUnit[] = [];
    const onChain = new Set<string>();
    let at: RowUnit | undefined = start;
    let above: Reach;
    for (;;) {
      if (at === undefined) {
        above = "orphan"; // a missing parent is reported above, not as a cycle
        break;
      }
      const known = reach.get(at.id);
      if (known !== undefined) {
        above = known;
        break;
      }
      if (onChain.has(at.id)) {
        above = "cycle";
        break;
      }
      chain.push(at);
      onChain.add(at.id);
      if (at.parentId === null) {
        above = -1; // the root's level is 0
        break;
      }
      at = byId.get(at.parentId);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const u = chain[i] as RowUnit;
      if (typeof above === "number") above += 1;
      reach.set(u.id, above);
      if (above === "cycle") {
        problems.push({
          row: u.row,
          column: "parent_id",
          code: "cycle",
          message: `unit "${u.id}" does not lead up to the root: its parent_id chain goes round in a circle.`,
          value: u.id,
        });
      } else if (above === maxTreeLevels) {
        // Only the first unit too deep on each branch: the ones below it are too deep because of it.
        problems.push({
          row: u.row,
          column: "parent_id",
          code: "too_deep",
          message: `unit "${u.id}" would be on level ${maxTreeLevels + 1} of the tree (the root is level 1); an organisation may have at most ${maxTreeLevels} levels: check its parent_id.`,
          value: u.id,
        });
      }
    }
  }
}

/** A unit's level below the root (root 0), or why it has none. */
type Reach = number | "cycle" | "orphan";

const columnOrder = (c: OrgColumn | null) => (c === null ? -1 : orgColumns.indexOf(c));

/** Reads and checks the rows; `problems` is empty when `units` is one valid tree. */
export function checkOrgRows(
  header: readonly string[],
  rows: readonly OrgRow[],
): { units: RowUnit[]; problems: OrgProblem[] } {
  const problems: OrgProblem[] = [];
  const missing = orgColumns.filter((c) => !header.includes(c));
  for (const column of missing) {
    problems.push({
      row: 1,
      column,
      code: "missing_column",
      message: `the header has no "${column}" column; row 1 must be ${orgColumns.join(",")}.`,
      value: column,
    });
  }
  if (missing.length > 0) return { units: [], problems };
  if (rows.length === 0) {
    problems.push({ row: null, column: null, code: "no_units", message: "the file has no units." });
    return { units: [], problems };
  }
  const units = rows.map((r) => checkRow(r, problems));
  checkTree(units, problems);
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || columnOrder(a.column) - columnOrder(b.column));
  return { units, problems };
}

/** "row 7: parent_id …" — how a problem reads in a terminal or a log (each message names its column). */
export function describeProblem(p: OrgProblem): string {
  return p.row === null ? p.message : `row ${p.row}: ${p.message}`;
}
