// The request body of POST /api/responses (DESIGN.md, fixed): the envelope around SurveyJS data.
// It checks shape only; whether the wave, unit, group and answers make sense is decided in submitResponse.
import { z } from "@hono/zod-openapi";
import { channels } from "../waves/waves";

// Device clocks can be wrong, but not by centuries: a year outside 2000-2999 is a broken clock or a probe, and
// would not survive the trip to a TIMESTAMP column anyway.
const isoDateTime = z.iso.datetime({ offset: true }).refine((text) => {
  const year = new Date(text).getUTCFullYear();
  return year >= 2000 && year <= 2999;
}, "must be a date-time between the years 2000 and 2999");

// z.record would copy the object and silently drop a "__proto__" key; answers are passed through untouched so
// that validation sees, and refuses, every key that was sent.
const SurveyData = z
  .custom<Record<string, unknown>>(
    (value) => value !== null && typeof value === "object" && !Array.isArray(value),
    "must be an object of answers by question name",
  )
  .openapi({ type: "object", description: "SurveyJS result data." });

export const ResponseEnvelope = z
  .strictObject({
    id: z
      .uuid()
      .openapi({ description: "UUID made by the client when the form starts: the idempotency key." }),
    waveId: z.string().min(1).max(200),
    unitId: z.string().min(1).max(200),
    groupId: z.string().min(1).max(200),
    channel: z.enum(channels),
    startedAt: isoDateTime.optional(),
    submittedAt: isoDateTime.optional(),
    data: SurveyData,
    // An extension of the fixed contract: the printed slip's single-use token, for units that issue them.
    token: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: "Single-use invitation token from a printed slip (units that issue them)." }),
  })
  .openapi("ResponseEnvelope");
export type ResponseEnvelope = z.infer<typeof ResponseEnvelope>;

export const ResponseReceipt = z.object({ id: z.uuid(), receipt: z.string() }).openapi("ResponseReceipt");
export type ResponseReceipt = z.infer<typeof ResponseReceipt>;
