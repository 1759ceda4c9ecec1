// Running survey rounds (admins of the whole organisation): the admin list, reschedule, open now, extend or reopen,
// close now, and the next round's settings copied from one. Thin: validate, one domain call, JSON.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, wholeOrganisationOnly } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { copyWaveSettings, listAdminWaves } from "../waves/adminWaves";
import { closeWave, extendWave, openWave, scheduleWave } from "../waves/waveActions";
import { channels } from "../waves/waves";
import type { AppDeps } from "./deps";
import { WaveSchema } from "./waves";

const WaveParam = z.object({ id: z.string().min(1).max(200) });
const instant = z.iso.datetime({ offset: true });
const utc = (iso: string) => new Date(iso).toISOString();

const AdminWave = WaveSchema.extend({
  responses: z.number().int().openapi({ description: "Responses stored, every channel and unit." }),
  actions: z.array(z.enum(["schedule", "open", "extend", "close"])).openapi({
    description:
      "What may still be done: scheduled → schedule, open; open → extend, close; closed → extend (reopen).",
  }),
}).openapi("AdminWave");

const AdminWaves = z
  .object({
    tzOffsetMinutes: z.number().int().openapi({ description: "The plant's clock (minutes east of UTC)." }),
    waves: z.array(AdminWave),
  })
  .openapi("AdminWaves");

const WaveSettings = z
  .object({
    surveyId: z.string(),
    surveyVersion: z.number().int(),
    title: z.string(),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    opensAt: z.iso.datetime(),
    closesAt: z.iso.datetime(),
    channels: z.array(z.enum(channels)),
  })
  .openapi("WaveSettings", { description: "A body for POST /api/waves." });

export const ScheduleChanges = z
  .strictObject({
    surveyVersion: z.number().int().positive().optional(),
    title: z.string().trim().min(1).max(200).optional(),
    periodStart: z.iso.date().optional(),
    periodEnd: z.iso.date().optional(),
    opensAt: instant.optional(),
    closesAt: instant.optional(),
    channels: z.array(z.enum(channels)).min(1).max(3).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "give at least one field to change" })
  .openapi("ScheduleChanges");

const changed = {
  200: {
    description: "The round as GET /api/waves lists it now.",
    content: { "application/json": { schema: WaveSchema } },
  },
  404: errorResponse("`wave_not_found`."),
};

const listRoute = createRoute({
  method: "get",
  path: "/admin/waves",
  tags: ["waves"],
  responses: {
    200: {
      description: "Every round, newest period first, with its response count and the actions it allows.",
      content: { "application/json": { schema: AdminWaves } },
    },
  },
});

const copyRoute = createRoute({
  method: "get",
  path: "/waves/{id}/copy",
  tags: ["waves"],
  request: { params: WaveParam },
  responses: {
    200: {
      description:
        "The next round's settings: same survey (latest version) and channels, the next period (a quarter after a quarter, a month after a month, else the same length), the window moved on with it, the period in the title updated.",
      content: { "application/json": { schema: WaveSettings } },
    },
    404: errorResponse("`wave_not_found`."),
  },
});

const scheduleRoute = createRoute({
  method: "post",
  path: "/waves/{id}/schedule",
  tags: ["waves"],
  request: {
    params: WaveParam,
    body: { required: true, content: { "application/json": { schema: ScheduleChanges } } },
  },
  responses: {
    ...changed,
    400: errorResponse(
      "`bad_period`, `bad_window` (an opening time already passed, or a close before the opening), `unknown_survey`.",
    ),
    409: errorResponse(
      "`wave_not_scheduled`: the round has opened (extend or close it) or closed; `wave_has_responses`: it already has responses (paper forms imported early), so its survey version and the channels they came by cannot change.",
    ),
  },
});

const openRoute = createRoute({
  method: "post",
  path: "/waves/{id}/open",
  tags: ["waves"],
  request: { params: WaveParam },
  responses: {
    ...changed,
    409: errorResponse("`wave_already_open`, `wave_closed` (extend it to reopen it)."),
  },
});

const extendRoute = createRoute({
  method: "post",
  path: "/waves/{id}/extend",
  tags: ["waves"],
  request: {
    params: WaveParam,
    body: {
      required: true,
      content: {
        "application/json": { schema: z.strictObject({ closesAt: instant }).openapi("WaveExtension") },
      },
    },
  },
  responses: {
    ...changed,
    400: errorResponse(
      "`bad_window`: the time has passed, or it is not later than an open round's close time.",
    ),
    409: errorResponse("`wave_not_open_yet`: change a scheduled round's schedule instead."),
  },
});

const closeRoute = createRoute({
  method: "post",
  path: "/waves/{id}/close",
  tags: ["waves"],
  request: { params: WaveParam },
  responses: {
    ...changed,
    409: errorResponse("`wave_not_open_yet`, `wave_closed`."),
  },
});

export function waveAdminRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  for (const path of [
    "/admin/waves",
    "/waves/:id/copy",
    "/waves/:id/schedule",
    "/waves/:id/open",
    "/waves/:id/extend",
    "/waves/:id/close",
  ]) {
    app.use(path, wholeOrganisationOnly(deps));
  }
  const ctx = (username: string) => ({ actor: username, clock: deps.now });
  /**
   * Submissions check the window through the reference cache: cleared as soon as the change's transaction ends
   * (the domain call answers from inside it), and also after a refusal or a failure, when it costs one reload.
   */
  const changedWave = async <T>(change: Promise<T>): Promise<T> => {
    try {
      return await change;
    } finally {
      deps.reference.invalidate();
    }
  };
  return app
    .openapi(listRoute, async (c) => c.json(await listAdminWaves(deps.db, deps.now()), 200))
    .openapi(copyRoute, async (c) =>
      c.json(await copyWaveSettings(deps.db, c.req.valid("param").id, deps.now()), 200),
    )
    .openapi(scheduleRoute, async (c) => {
      const { opensAt, closesAt, ...rest } = c.req.valid("json");
      const changes = {
        ...rest,
        ...(opensAt === undefined ? {} : { opensAt: utc(opensAt) }),
        ...(closesAt === undefined ? {} : { closesAt: utc(closesAt) }),
      };
      const wave = await changedWave(
        scheduleWave(deps.db, c.req.valid("param").id, changes, ctx(c.var.user.username)),
      );
      return c.json(wave, 200);
    })
    .openapi(openRoute, async (c) =>
      c.json(await changedWave(openWave(deps.db, c.req.valid("param").id, ctx(c.var.user.username))), 200),
    )
    .openapi(extendRoute, async (c) => {
      const { closesAt } = c.req.valid("json");
      const wave = await changedWave(
        extendWave(deps.db, c.req.valid("param").id, utc(closesAt), ctx(c.var.user.username)),
      );
      return c.json(wave, 200);
    })
    .openapi(closeRoute, async (c) =>
      c.json(await changedWave(closeWave(deps.db, c.req.valid("param").id, ctx(c.var.user.username))), 200),
    );
}
