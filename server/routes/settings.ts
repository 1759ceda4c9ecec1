// The organisation's settings: everyone signed in reads them (thresholds and languages shape every page); admins of
// the whole organisation change them, any subset of fields at a time. Thin: validate, one domain call, JSON.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, wholeOrganisationOnly } from "../auth/middleware";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { languages, readOrgSettings, updateOrgSettings } from "../settings/settings";
import type { AppDeps } from "./deps";

const IsoDate = z.string().max(10).openapi({ example: "2027-02-10" });
const Calendar = z.strictObject({
  holidays: z.array(IsoDate).max(1000).openapi({ description: "Extra days off (not working days)." }),
  workdays: z
    .array(IsoDate)
    .max(1000)
    .openapi({ description: "Extra working days, e.g. a weekend worked (调休)." }),
  notes: z
    .record(IsoDate, z.string().trim().max(100))
    .optional()
    .openapi({ description: "A note per date of either list, e.g. 厂庆." }),
});

export const OrgSettings = z
  .object({
    minGroupSize: z.number().int(),
    commentMinGroupSize: z.number().int(),
    languages: z.array(z.enum(languages)),
    calendar: Calendar.required(),
    calendarYears: z.array(z.object({ year: z.number().int(), builtIn: z.boolean() })).openapi({
      description:
        "Years around today and of every override: whether the built-in holiday calendar covers it.",
    }),
  })
  .openapi("OrgSettings");

const SettingsUpdate = z
  .strictObject({
    minGroupSize: z.number().int().max(1000).optional().openapi({ description: "At least 3; default 5." }),
    commentMinGroupSize: z
      .number()
      .int()
      .max(1000)
      .optional()
      .openapi({ description: "At least 10 and at least minGroupSize; default 10." }),
    languages: z
      .array(z.enum(languages))
      .max(2)
      .optional()
      .openapi({ description: "Non-empty; the first is the default UI language." }),
    calendar: Calendar.optional().openapi({ description: "Replaces every override." }),
  })
  .openapi("SettingsUpdate");

const settingsJson = (description: string) => ({
  description,
  content: { "application/json": { schema: OrgSettings } },
});

const getRoute = createRoute({
  method: "get",
  path: "/settings",
  tags: ["settings"],
  responses: { 200: settingsJson("The organisation's settings.") },
});

const postRoute = createRoute({
  method: "post",
  path: "/settings",
  tags: ["settings"],
  request: { body: { required: true, content: { "application/json": { schema: SettingsUpdate } } } },
  responses: {
    200: settingsJson("The settings after the change; the next query, form and case deadline use them."),
    400: errorResponse(
      "`min_group_size_too_small`, `comment_min_group_size_too_small`, `invalid_languages`, `invalid_date`, `invalid_calendar`; `path` names the field. Nothing changes.",
    ),
  },
});

export function settingsRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  app.on("POST", "/settings", wholeOrganisationOnly(deps));
  return app
    .openapi(getRoute, async (c) => c.json(await readOrgSettings(deps.db, deps.now()), 200))
    .openapi(postRoute, async (c) =>
      c.json(
        await updateOrgSettings(deps.db, c.req.valid("json"), {
          actor: c.var.user.username,
          now: deps.now(),
        }),
        200,
      ),
    );
}
