// The anonymous writer's side and the public board: cases by receipt code, rating an answer once, reopening once,
// and the board of published answers per unit. Public, signed-in or not: a receipt is all a writer has.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { readBoard } from "../cases/board";
import { boardMeta } from "../cases/boardMeta";
import { caseCategories, caseRatings, maxCaseText } from "../cases/categories";
import { casesByReceipt, rateAnswer, reopenCase } from "../cases/writerCases";
import { validationHook } from "../http/errorHandling";
import { BothLanguages, errorResponse } from "../http/schemas";
import type { AppDeps } from "./deps";

const WriterCase = z
  .object({
    id: z.string(),
    number: z.number().int(),
    text: z.string(),
    category: z.enum(caseCategories),
    topic: z.string().nullable(),
    stage: z.enum(["received", "in_progress", "answered", "closed"]),
    receivedOn: z.string(),
    departmentName: BothLanguages.nullable(),
    deadline: z.string().nullable(),
    answer: z.string().nullable(),
    actionTaken: z.string().nullable(),
    publishedOn: z.string().nullable(),
    adopted: z.boolean(),
    reward: z.string().nullable(),
    rating: z.enum(caseRatings).nullable(),
    canRate: z.boolean(),
    canReopen: z.boolean(),
    reopened: z.boolean(),
    reopenComment: z.string().nullable(),
  })
  .openapi("WriterCase");

const WriterCases = z.object({ cases: z.array(WriterCase) });
const ReceiptParam = z.object({ receipt: z.string().min(1).max(40) });
const CaseParam = ReceiptParam.extend({ caseId: z.string().min(1).max(100) });

const receiptRoute = createRoute({
  method: "get",
  path: "/receipts/{receipt}",
  tags: ["receipts"],
  request: { params: ReceiptParam },
  responses: {
    200: {
      description:
        "The demands and suggestions written with this receipt: where each stands, and the published answer.",
      content: { "application/json": { schema: WriterCases } },
    },
    400: errorResponse("`receipt_invalid`: not the shape of a receipt code."),
    404: errorResponse("`receipt_not_found`: no demand or suggestion was written with it."),
  },
});

const writerStepResponses = {
  200: {
    description: "Done; the receipt's cases as they are now.",
    content: { "application/json": { schema: WriterCases } },
  },
  400: errorResponse("A malformed request or `receipt_invalid`."),
  404: errorResponse("`case_not_found`: this receipt has no such case."),
  409: errorResponse("`not_answered_yet`, `already_rated` or `already_reopened`."),
} as const;

const rateRoute = createRoute({
  method: "post",
  path: "/receipts/{receipt}/cases/{caseId}/rating",
  tags: ["receipts"],
  request: {
    params: CaseParam,
    body: {
      required: true,
      content: { "application/json": { schema: z.strictObject({ rating: z.enum(caseRatings) }) } },
    },
  },
  responses: writerStepResponses,
});

const reopenRoute = createRoute({
  method: "post",
  path: "/receipts/{receipt}/cases/{caseId}/reopen",
  tags: ["receipts"],
  request: {
    params: CaseParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({ comment: z.string().trim().min(1).max(maxCaseText) }),
        },
      },
    },
  },
  responses: writerStepResponses,
});

const BoardCase = z
  .object({
    number: z.number().int(),
    unitName: BothLanguages,
    category: z.enum(caseCategories),
    topic: z.string().nullable(),
    publicText: z.string().nullable(),
    departmentName: BothLanguages.nullable(),
    answer: z.string(),
    actionTaken: z.string().nullable(),
    publishedOn: z.string(),
    adopted: z.boolean(),
    reward: z.string().nullable(),
  })
  .openapi("BoardCase");

const boardRoute = createRoute({
  method: "get",
  path: "/board",
  tags: ["receipts"],
  request: {
    query: z.strictObject({
      unitId: z.string().min(1).max(200).optional(),
      topic: z.string().min(1).max(100).optional(),
      category: z.enum(caseCategories).optional(),
      offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }),
  },
  responses: {
    200: {
      description:
        "Published answers (公示) for a unit and everything below it, newest first; a demand's words only as approved.",
      content: {
        "application/json": {
          schema: z.object({ cases: z.array(BoardCase), total: z.number().int(), adopted: z.number().int() }),
        },
      },
    },
    404: errorResponse("`unit_not_found`."),
  },
});

const boardMetaRoute = createRoute({
  method: "get",
  path: "/board/meta",
  tags: ["receipts"],
  responses: {
    200: {
      description:
        "What the board filters by: the live units (the tree the fill page lists), the topics and the categories.",
      content: {
        "application/json": {
          schema: z.object({
            units: z.array(
              z.object({
                id: z.string(),
                parentId: z.string().nullable(),
                name: BothLanguages,
                level: z.number().int(),
                headcount: z.number().int(),
              }),
            ),
            topics: z.array(z.object({ id: z.string(), name: BothLanguages })),
            categories: z.array(z.enum(caseCategories)),
          }),
        },
      },
    },
  },
});

export function receiptRoutes(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  // A writer's cases, answers and comments are theirs alone: no browser or proxy cache may keep a copy (a shared
  // phone or the plant's proxy would otherwise show them to the next person), errors included.
  app.use("/receipts/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  return app
    .openapi(receiptRoute, async (c) =>
      c.json({ cases: await casesByReceipt(deps.db, c.req.valid("param").receipt) }, 200),
    )
    .openapi(rateRoute, async (c) => {
      const { receipt, caseId } = c.req.valid("param");
      const cases = await rateAnswer(deps.db, deps.now(), receipt, caseId, c.req.valid("json").rating);
      return c.json({ cases }, 200);
    })
    .openapi(reopenRoute, async (c) => {
      const { receipt, caseId } = c.req.valid("param");
      const cases = await reopenCase(deps.db, deps.now(), receipt, caseId, c.req.valid("json").comment);
      return c.json({ cases }, 200);
    })
    .openapi(boardRoute, async (c) => c.json(await readBoard(deps.db, c.req.valid("query")), 200))
    .openapi(boardMetaRoute, async (c) => c.json(await boardMeta(deps.db), 200));
}
