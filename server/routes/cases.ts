// Cases for staff: the triage inbox and a department's list, one case with its history, the steps of the closed
// loop (classify, merge, route, reply, return, answer, approve, reject, adopt) and demands logged from meetings.
// Thin: validate, one domain call, JSON; who may take which step is in accessRules, what a step may do in lifecycle.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ZodType } from "zod";
import { readSettings } from "../../analytics/catalogue";
import type { AuthEnv } from "../auth/middleware";
import type { SessionUser } from "../auth/sessions";
import {
  AdoptCase,
  AnswerCase,
  ApproveCase,
  ClassifyCase,
  MeetingCase,
  MergeCase,
  RejectCase,
  ReplyCase,
  ReturnCase,
  RouteCase,
  UnmergeCase,
} from "../cases/actions";
import { localDate } from "../cases/calendar";
import { caseMeta } from "../cases/caseMeta";
import { caseCounts, listCases, readCase, readHistory } from "../cases/caseViews";
import { caseCategories, caseChannels, caseStatuses } from "../cases/categories";
import {
  adoptSuggestion,
  answerCase,
  approveCase,
  type CaseClock,
  caseNotFound,
  classifyCase,
  logMeetingCase,
  mergeCase,
  rejectAnswer,
  replyToCase,
  returnCase,
  routeCase,
  unmergeCase,
} from "../cases/lifecycle";
import { ApiError } from "../errors";
import { validationHook } from "../http/errorHandling";
import { BothLanguages, errorResponse } from "../http/schemas";
import type { AppDeps } from "./deps";

const Category = z.enum(caseCategories);
const Status = z.enum(caseStatuses);

export const CaseView = z
  .object({
    id: z.string(),
    number: z.number().int(),
    channel: z.enum(caseChannels),
    waveId: z.string().nullable(),
    unitId: z.string(),
    unitName: BothLanguages,
    unitPath: BothLanguages,
    text: z.string(),
    category: Category,
    topic: z.string().nullable(),
    status: Status,
    mergedInto: z.number().int().nullable(),
    duplicates: z.array(z.number().int()),
    departmentId: z.string().nullable(),
    departmentName: BothLanguages.nullable(),
    receivedOn: z.string(),
    routedOn: z.string().nullable(),
    deadline: z.string().nullable(),
    daysLeft: z.number().int().nullable(),
    overdue: z.boolean(),
    dueSoon: z.boolean(),
    answer: z.string().nullable(),
    actionTaken: z.string().nullable(),
    answeredOn: z.string().nullable(),
    answeredBy: z.string().nullable(),
    answeredLate: z.boolean(),
    publicText: z.string().nullable(),
    publishedOn: z.string().nullable(),
    adopted: z.boolean(),
    reward: z.string().nullable(),
    rating: z.enum(["satisfied", "basically", "dissatisfied"]).nullable(),
    reopened: z.boolean(),
    reopenComment: z.string().nullable(),
  })
  .openapi("Case");

const CaseEvent = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string().openapi({ description: "A staff username, `writer` (anonymous) or `system`." }),
    action: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi("CaseEvent");

const Counts = z.object({
  new: z.number().int(),
  routed: z.number().int(),
  answered: z.number().int(),
  published: z.number().int(),
  closed: z.number().int(),
  merged: z.number().int(),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
});

const flag = z.enum(["1", "0"]).optional();
export const ListQuery = z.strictObject({
  status: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "Comma-separated statuses, e.g. `new` or `routed,answered`." }),
  departmentId: z.string().min(1).max(200).optional(),
  unitId: z.string().min(1).max(200).optional().openapi({ description: "Writers in this unit's subtree." }),
  topic: z.string().min(1).max(100).optional(),
  category: Category.optional(),
  waveId: z.string().min(1).max(200).optional(),
  channel: z.enum(caseChannels).optional(),
  overdue: flag,
  dueSoon: flag.openapi({ description: "`1`: routed, unanswered, due within 3 days (the reminder list)." }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: "Words of the text or answer, or a case number." }),
  sort: z.enum(["newest", "deadline"]).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const listRoute = createRoute({
  method: "get",
  path: "/cases",
  tags: ["cases"],
  request: { query: ListQuery },
  responses: {
    200: {
      description:
        "Cases within your reach (analysts and admins: writers in your scope; handlers: routed to your department), " +
        "newest first, with counts per status, overdue and due soon.",
      content: {
        "application/json": {
          schema: z.object({ cases: z.array(CaseView), total: z.number().int(), counts: Counts }),
        },
      },
    },
    400: errorResponse("A malformed filter (`status_invalid` names an unknown status)."),
  },
});

const IdParam = z.object({ id: z.string().min(1).max(100) });

const readRoute = createRoute({
  method: "get",
  path: "/cases/{id}",
  tags: ["cases"],
  request: { params: IdParam },
  responses: {
    200: {
      description: "One case and every step of its history.",
      content: { "application/json": { schema: z.object({ case: CaseView, history: z.array(CaseEvent) }) } },
    },
    404: errorResponse("`case_not_found`, also for a case outside your reach."),
  },
});

const metaRoute = createRoute({
  method: "get",
  path: "/cases/meta",
  tags: ["cases"],
  responses: {
    200: {
      description:
        "What the case pages choose from: categories with their default deadlines in working days, departments, " +
        "topics, every live unit (for demands from meetings), the reminder window and the plant-local date today.",
      content: {
        "application/json": {
          schema: z.object({
            today: z.string(),
            reminderDays: z.number().int(),
            categories: z.array(
              z.object({ id: Category, deadlineDays: z.number().int(), defaultDeadline: z.string() }),
            ),
            departments: z.array(z.object({ id: z.string(), name: BothLanguages })),
            topics: z.array(z.object({ id: z.string(), name: BothLanguages })),
            units: z.array(
              z.object({
                id: z.string(),
                parentId: z.string().nullable(),
                name: BothLanguages,
                level: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
  },
});

const meetingRoute = createRoute({
  method: "post",
  path: "/cases",
  tags: ["cases"],
  request: { body: { required: true, content: { "application/json": { schema: MeetingCase } } } },
  responses: {
    201: {
      description:
        "The demand raised in a meeting, logged with channel `meeting`: a handler's goes to their own department " +
        "with the default deadline, an analyst's to triage. The receipt is shown this once, for the person who raised it.",
      content: { "application/json": { schema: z.object({ case: CaseView, receipt: z.string() }) } },
    },
    400: errorResponse("A malformed request, `unit_not_found`, `topic_not_found` or `wave_not_found`."),
  },
});

type Step<T> = (clock: CaseClock, viewer: SessionUser, id: string, input: T) => Promise<unknown>;

const steps: { path: string; schema: ZodType; description: string; run: Step<never> }[] = [
  {
    path: "classify",
    schema: ClassifyCase,
    description: "Set the category and topic of any case but a merged duplicate.",
    run: classifyCase,
  },
  {
    path: "merge",
    schema: MergeCase,
    description:
      "Merge a new case into the case it repeats (by number); its writer reads that case's answer.",
    run: mergeCase,
  },
  {
    path: "route",
    schema: RouteCase,
    description:
      "Route a new case (or re-route a routed one) to a department with a deadline; default: the category's working days.",
    run: routeCase,
  },
  {
    path: "reply",
    schema: ReplyCase,
    description: "Answer a new case on the spot: published at once, no department.",
    run: replyToCase,
  },
  {
    path: "return",
    schema: ReturnCase,
    description: "A handler sends a routed case back to triage: not their department's.",
    run: returnCase,
  },
  {
    path: "answer",
    schema: AnswerCase,
    description: "The department's answer and the action taken; waits for an analyst's approval.",
    run: answerCase,
  },
  {
    path: "approve",
    schema: ApproveCase,
    description:
      "Approve an answer for publication, with the wording for the public board (none: answer only).",
    run: approveCase,
  },
  {
    path: "reject",
    schema: RejectCase,
    description: "Send an answer back to the department; `perfunctory` costs the department a point.",
    run: rejectAnswer,
  },
  {
    path: "adopt",
    schema: AdoptCase,
    description: "Mark a suggestion adopted (金点子), with the reward.",
    run: adoptSuggestion,
  },
  {
    path: "unmerge",
    schema: UnmergeCase,
    description: "Take a duplicate out of a merge made by mistake: back to triage.",
    run: unmergeCase,
  },
] as { path: string; schema: ZodType; description: string; run: Step<never> }[];

function stepRoute(path: string, schema: ZodType, description: string) {
  return createRoute({
    method: "post",
    path: `/cases/{id}/${path}`,
    tags: ["cases"],
    description,
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema } } } },
    responses: {
      200: {
        description: "The case after the step; `case` is null when the step took it out of your reach.",
        content: { "application/json": { schema: z.object({ case: CaseView.nullable() }) } },
      },
      400: errorResponse("A malformed request, or a value the step cannot take (`path` names it)."),
      404: errorResponse("`case_not_found`, also for a case outside your reach."),
      409: errorResponse(
        "`case_status`: the case's status does not allow this step now; `case_changed`: someone else changed it since the `seen` step.",
      ),
    },
  });
}

export function caseRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  const clock = (): CaseClock => ({ db: deps.db, now: deps.now() });
  const today = async () => {
    const { tzOffsetMinutes } = await readSettings(deps.db.read);
    return { today: localDate(deps.now(), tzOffsetMinutes), tzOffsetMinutes };
  };
  const routes = app
    .openapi(metaRoute, async (c) => c.json(await caseMeta(deps.db, deps.now()), 200))
    .openapi(listRoute, async (c) => {
      const q = c.req.valid("query");
      const { today: day, tzOffsetMinutes } = await today();
      const status = q.status ? parseStatuses(q.status) : undefined;
      const filter = {
        ...(status ? { status } : {}),
        ...(q.departmentId ? { departmentId: q.departmentId } : {}),
        ...(q.unitId ? { unitId: q.unitId } : {}),
        ...(q.topic ? { topic: q.topic } : {}),
        ...(q.category ? { category: q.category } : {}),
        ...(q.waveId ? { waveId: q.waveId } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.q ? { search: q.q } : {}),
        overdue: q.overdue === "1",
        dueSoon: q.dueSoon === "1",
        sort: q.sort ?? "newest",
        offset: q.offset ?? 0,
        limit: q.limit ?? 50,
      };
      const [page, counts] = await Promise.all([
        listCases(deps.db, c.var.user, filter, day, tzOffsetMinutes),
        caseCounts(deps.db, c.var.user, day, tzOffsetMinutes),
      ]);
      return c.json({ ...page, counts }, 200);
    })
    .openapi(readRoute, async (c) => {
      const { id } = c.req.valid("param");
      const { today: day, tzOffsetMinutes } = await today();
      const found = await readCase(deps.db, c.var.user, id, day, tzOffsetMinutes);
      if (!found) throw caseNotFound();
      return c.json({ case: found, history: await readHistory(deps.db, id) }, 200);
    })
    .openapi(meetingRoute, async (c) =>
      c.json(await logMeetingCase(clock(), c.var.user, c.req.valid("json")), 201),
    );
  for (const step of steps) {
    routes.openapi(stepRoute(step.path, step.schema, step.description), async (c) => {
      const input = c.req.valid("json") as never;
      const after = await step.run(clock(), c.var.user, c.req.valid("param").id, input);
      return c.json({ case: after as z.infer<typeof CaseView> | null }, 200);
    });
  }
  return routes;
}

export function parseStatuses(text: string) {
  const parts = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const parsed = z.array(Status).safeParse(parts);
  if (!parsed.success) {
    throw new ApiError(
      400,
      "status_invalid",
      `Unknown status in "${text}": use ${caseStatuses.join(", ")}, separated by commas.`,
      "status",
    );
  }
  return parsed.data;
}
