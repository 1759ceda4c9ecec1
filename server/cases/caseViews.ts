// Reads cases for staff: one case with its history, or a filtered page of them, within the viewer's reach —
// analysts and admins by the writer's unit in their scope, handlers by the department the case is routed to.
// It never returns a receipt (whoever holds one can rate as the writer) nor the response a case came from.
import type { Role } from "../auth/accounts";
import { type Database, queryRows } from "../storage/database";
import { daysBetween, localDate } from "./calendar";
import {
  type CaseCategory,
  type CaseChannel,
  type CaseRating,
  type CaseStatus,
  caseStatuses,
  reminderDays,
} from "./categories";

export interface CaseViewer {
  username: string;
  role: Role;
  scopeUnitId: string;
}

export interface Bilingual {
  default: string;
  "zh-cn": string;
}

export interface CaseView {
  id: string;
  number: number;
  channel: CaseChannel;
  waveId: string | null;
  unitId: string;
  unitName: Bilingual;
  unitPath: Bilingual;
  text: string;
  category: CaseCategory;
  topic: string | null;
  status: CaseStatus;
  mergedInto: number | null;
  duplicates: number[];
  departmentId: string | null;
  departmentName: Bilingual | null;
  receivedOn: string;
  routedOn: string | null;
  deadline: string | null;
  /** Calendar days left until the deadline (negative: days overdue); null without an open deadline. */
  daysLeft: number | null;
  /** Routed or awaiting approval, and the deadline passed without an answer written in time. */
  overdue: boolean;
  /** Routed, not answered yet, and due within the reminder window. */
  dueSoon: boolean;
  answer: string | null;
  actionTaken: string | null;
  answeredOn: string | null;
  answeredBy: string | null;
  /** The answer was written after its deadline. */
  answeredLate: boolean;
  publicText: string | null;
  publishedOn: string | null;
  adopted: boolean;
  reward: string | null;
  rating: CaseRating | null;
  reopened: boolean;
  reopenComment: string | null;
}

export interface CaseEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  details: Record<string, unknown>;
}

export interface CaseFilter {
  status?: CaseStatus[];
  departmentId?: string;
  unitId?: string;
  topic?: string;
  category?: CaseCategory;
  waveId?: string;
  channel?: CaseChannel;
  overdue?: boolean;
  dueSoon?: boolean;
  search?: string;
  sort?: "newest" | "deadline";
  offset?: number;
  limit?: number;
}

export interface CaseRow {
  id: string;
  number: number;
  channel: CaseChannel;
  wave_id: string | null;
  unit_id: string;
  unit_zh: string;
  unit_en: string;
  /** The unit's tree path of ids ('/plant/area-1/st-1/'); named from the unit list, not per row in SQL. */
  unit_path_ids: string;
  text: string;
  category: CaseCategory;
  topic: string | null;
  status: CaseStatus;
  merged_into: number | null;
  department_id: string | null;
  dept_zh: string | null;
  dept_en: string | null;
  routed_at: Date | null;
  deadline: string | null;
  answer: string | null;
  action_taken: string | null;
  answered_at: Date | null;
  answered_by: string | null;
  public_text: string | null;
  published_at: Date | null;
  adopted: boolean;
  reward: string | null;
  rating: CaseRating | null;
  reopened: boolean;
  reopen_comment: string | null;
  created_at: Date;
  duplicates: number[] | null;
}

/** The columns every case read selects, from current_cases `c` joined to units `u` (writer) and `d` (department). */
export const caseSelect = `SELECT c.id::VARCHAR AS id, c.number, c.channel, c.wave_id, c.unit_id,
    u.name_zh AS unit_zh, u.name_en AS unit_en, u.path AS unit_path_ids,
    c.text, c.category, c.topic, c.status,
    (SELECT m.number FROM cases m WHERE m.id = c.merged_into) AS merged_into,
    c.department_id, d.name_zh AS dept_zh, d.name_en AS dept_en,
    c.routed_at, c.deadline::VARCHAR AS deadline, c.answer, c.action_taken, c.answered_at, c.answered_by,
    c.public_text, c.published_at, c.adopted, c.reward, c.rating, c.reopened, c.reopen_comment, c.created_at,
    (SELECT list(x.number::INTEGER ORDER BY x.number) FROM cases x WHERE x.merged_into = c.id) AS duplicates
  FROM current_cases c
  JOIN units u ON u.id = c.unit_id
  LEFT JOIN units d ON d.id = c.department_id`;

/** Where the viewer may read: the writer's unit inside an analyst's scope, the department inside a handler's. */
export function reachClause(viewer: CaseViewer, param: string): string {
  const column = viewer.role === "handler" ? "d.path" : "u.path";
  return `${column} IS NOT NULL AND starts_with(${column}, (SELECT s.path FROM units s WHERE s.id = ${param}))`;
}

/** Unit names by id, to spell a case's unit path from its ids: one read of the unit list per request. */
export type UnitNames = ReadonlyMap<string, { zh: string; en: string; level: number }>;

export async function readUnitNames(db: Database): Promise<UnitNames> {
  const rows = await queryRows<{ id: string; name_zh: string; name_en: string; level: number }>(
    db.read,
    "SELECT id, name_zh, name_en, level FROM units",
  );
  return new Map(rows.map((r) => [r.id, { zh: r.name_zh, en: r.name_en, level: r.level }]));
}

/** From below the root down to the unit, joined by ` / ` (the root is everyone's, so it says nothing). */
function pathName(ids: string, names: UnitNames): Bilingual {
  const chain = ids
    .split("/")
    .map((id) => names.get(id))
    .filter((u) => u !== undefined && u.level > 0) as { zh: string; en: string }[];
  return { default: chain.map((u) => u.en).join(" / "), "zh-cn": chain.map((u) => u.zh).join(" / ") };
}

export function toCaseView(row: CaseRow, today: string, tzOffsetMinutes: number, names: UnitNames): CaseView {
  const day = (at: Date | null) => (at === null ? null : localDate(at, tzOffsetMinutes));
  const answeredOn = day(row.answered_at);
  const open = row.status === "routed" || row.status === "answered";
  const daysLeft = open && row.deadline !== null ? daysBetween(today, row.deadline) : null;
  const answeredLate = row.deadline !== null && answeredOn !== null && answeredOn > row.deadline;
  const overdue =
    open && row.deadline !== null && (answeredOn === null ? today > row.deadline : answeredLate);
  return {
    id: row.id,
    number: row.number,
    channel: row.channel,
    waveId: row.wave_id,
    unitId: row.unit_id,
    unitName: { default: row.unit_en, "zh-cn": row.unit_zh },
    unitPath: unitPath(row, names),
    text: row.text,
    category: row.category,
    topic: row.topic,
    status: row.status,
    mergedInto: row.merged_into,
    duplicates: row.duplicates ?? [],
    departmentId: row.department_id,
    departmentName:
      row.dept_zh === null || row.dept_en === null ? null : { default: row.dept_en, "zh-cn": row.dept_zh },
    receivedOn: day(row.created_at) as string,
    routedOn: day(row.routed_at),
    deadline: row.deadline,
    daysLeft,
    overdue,
    dueSoon:
      row.status === "routed" && daysLeft !== null && daysLeft >= 0 && daysLeft <= reminderDays && !overdue,
    answer: row.answer,
    actionTaken: row.action_taken,
    answeredOn,
    answeredBy: row.answered_by,
    answeredLate,
    publicText: row.public_text,
    publishedOn: day(row.published_at),
    adopted: row.adopted,
    reward: row.reward,
    rating: row.rating,
    reopened: row.reopened,
    reopenComment: row.reopen_comment,
  };
}

function unitPath(row: CaseRow, names: UnitNames): Bilingual {
  const path = pathName(row.unit_path_ids, names);
  return path.default === "" ? { default: row.unit_en, "zh-cn": row.unit_zh } : path;
}

/** Filters that compare one column with one value; column names come from here only, values are parameters. */
const equalityColumns = {
  departmentId: "c.department_id",
  topic: "c.topic",
  category: "c.category",
  waveId: "c.wave_id",
  channel: "c.channel",
} as const;

/** Adds `column = $name` for each equality filter given (the board shares them). */
export function equalityConditions(
  filter: Partial<Record<keyof typeof equalityColumns, string>>,
  params: Record<string, string | number>,
  conditions: string[],
): void {
  for (const [name, column] of Object.entries(equalityColumns)) {
    const value = filter[name as keyof typeof equalityColumns];
    if (!value) continue;
    params[name] = value;
    conditions.push(`${column} = $${name}`);
  }
}

/** The writer's unit (`u`) inside the subtree of the unit the parameter names. */
export const unitWithinSql = (param: string) =>
  `starts_with(u.path, (SELECT p.path FROM units p WHERE p.id = ${param}))`;

/** SQL conditions and parameters for a filter; the viewer's reach is always the first condition. */
export function filterSql(
  viewer: CaseViewer,
  filter: CaseFilter,
  today: string,
): { where: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = { scope: viewer.scopeUnitId };
  const conditions = [reachClause(viewer, "$scope")];
  if (filter.status && filter.status.length > 0) {
    conditions.push(`c.status IN (${filter.status.map((_, i) => `$status${i}`).join(", ")})`);
    filter.status.forEach((s, i) => {
      params[`status${i}`] = s;
    });
  }
  equalityConditions(filter, params, conditions);
  if (filter.unitId) {
    params.unit = filter.unitId;
    conditions.push(unitWithinSql("$unit"));
  }
  if (filter.search) {
    params.search = `%${filter.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conditions.push(
      "(c.text ILIKE $search ESCAPE '\\' OR coalesce(c.answer, '') ILIKE $search ESCAPE '\\' OR c.number::VARCHAR = trim($search, '%'))",
    );
  }
  if (filter.overdue || filter.dueSoon) params.today = today;
  if (filter.overdue) conditions.push(overdueSql);
  if (filter.dueSoon) {
    params.soon = reminderDays;
    conditions.push(dueSoonSql);
  }
  return { where: conditions.join(" AND "), params };
}

// Routed, not answered, and due today or within the reminder window.
const dueSoonSql = `c.status = 'routed' AND c.deadline >= $today::DATE AND c.deadline <= $today::DATE + $soon::INTEGER`;

// Open and past due: no answer yet and the deadline is behind us, or an answer awaiting approval that came late.
// answered_at is compared as a plant-local date through the tz offset parameter.
const overdueSql = `c.status IN ('routed', 'answered') AND c.deadline IS NOT NULL AND
  (CASE WHEN c.answered_at IS NULL THEN $today::DATE > c.deadline
        ELSE (c.answered_at + to_minutes($tz::INTEGER))::DATE > c.deadline END)`;

export async function listCases(
  db: Database,
  viewer: CaseViewer,
  filter: CaseFilter,
  today: string,
  tzOffsetMinutes: number,
): Promise<{ cases: CaseView[]; total: number }> {
  const { where, params } = filterSql(viewer, filter, today);
  if (filter.overdue) params.tz = tzOffsetMinutes;
  const order = filter.sort === "deadline" ? "c.deadline NULLS LAST, c.number" : "c.number DESC";
  const [count] = await queryRows<{ n: number }>(
    db.read,
    `SELECT count(*) AS n FROM current_cases c JOIN units u ON u.id = c.unit_id
     LEFT JOIN units d ON d.id = c.department_id WHERE ${where}`,
    params,
  );
  const [rows, names] = await Promise.all([
    queryRows<CaseRow>(
      db.read,
      `${caseSelect} WHERE ${where} ORDER BY ${order} LIMIT ${Math.trunc(filter.limit ?? 50)} OFFSET ${Math.trunc(filter.offset ?? 0)}`,
      params,
    ),
    readUnitNames(db),
  ]);
  return { cases: rows.map((r) => toCaseView(r, today, tzOffsetMinutes, names)), total: count?.n ?? 0 };
}

/** Counts for the inbox tabs and the navigation's reminder badge, within the viewer's reach: one pass. */
export async function caseCounts(
  db: Database,
  viewer: CaseViewer,
  today: string,
  tzOffsetMinutes: number,
): Promise<Record<CaseStatus | "overdue" | "dueSoon", number>> {
  const [row] = await queryRows<Record<CaseStatus | "overdue" | "dueSoon", number>>(
    db.read,
    `SELECT ${caseStatuses.map((st) => `count(*) FILTER (WHERE c.status = '${st}') AS "${st}"`).join(", ")},
       count(*) FILTER (WHERE ${overdueSql}) AS overdue,
       count(*) FILTER (WHERE ${dueSoonSql}) AS "dueSoon"
     FROM current_cases c JOIN units u ON u.id = c.unit_id LEFT JOIN units d ON d.id = c.department_id
     WHERE ${reachClause(viewer, "$scope")}`,
    { scope: viewer.scopeUnitId, today, tz: tzOffsetMinutes, soon: reminderDays },
  );
  const counts = {
    new: 0,
    routed: 0,
    answered: 0,
    published: 0,
    closed: 0,
    merged: 0,
    overdue: 0,
    dueSoon: 0,
  };
  return { ...counts, ...row };
}

/** One case within the viewer's reach, or null (the caller answers 404 as for no case). */
export async function readCase(
  db: Database,
  viewer: CaseViewer,
  id: string,
  today: string,
  tzOffsetMinutes: number,
): Promise<CaseView | null> {
  if (!isUuid(id)) return null;
  const [[row], names] = await Promise.all([
    queryRows<CaseRow>(db.read, `${caseSelect} WHERE c.id = $id::UUID AND ${reachClause(viewer, "$scope")}`, {
      id,
      scope: viewer.scopeUnitId,
    }),
    readUnitNames(db),
  ]);
  return row ? toCaseView(row, today, tzOffsetMinutes, names) : null;
}

export async function readHistory(db: Database, id: string): Promise<CaseEvent[]> {
  const rows = await queryRows<{
    seq: number;
    at: Date;
    actor: string;
    action: string;
    from_status: string | null;
    to_status: string;
    details: string;
  }>(
    db.read,
    `SELECT seq, event_at AS at, actor, action, from_status, to_status, details::VARCHAR AS details
     FROM case_events WHERE case_id = $1::UUID ORDER BY seq`,
    [id],
  );
  return rows.map((r) => ({
    seq: r.seq,
    at: `${r.at.toISOString().slice(0, 19)}Z`,
    actor: r.actor,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}

export function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
