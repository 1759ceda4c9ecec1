// The request body of POST /api/responses (DESIGN.md, fixed): the envelope around SurveyJS data.
// It checks shape only; whether the wave, unit, group and answers make sense is decided in submitResponse.
import { z } from "@hono/zod-openapi";
import { channels } from "../waves/waves";

const isoDateTime = z.iso.datetime({ offset: true });

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
    data: z.record(z.string(), z.unknown()).openapi({ description: "SurveyJS result data." }),
  })
  .openapi("ResponseEnvelope");
export type ResponseEnvelope = z.infer<typeof ResponseEnvelope>;

export const ResponseReceipt = z.object({ id: z.uuid(), receipt: z.string() }).openapi("ResponseReceipt");
export type ResponseReceipt = z.infer<typeof ResponseReceipt>;
