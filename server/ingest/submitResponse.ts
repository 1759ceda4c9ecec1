// The domain call behind POST /api/responses: checks the envelope against waves, units and groups, validates the
// answers against the wave's survey version, and hands the record to the batch writer. It does no HTTP.
import { createHash } from "node:crypto";
import { canonicalJson } from "../catalogue/canonicalJson";
import { ApiError } from "../errors";
import { hashToken } from "../links/codes";
import { type Channel, type Wave, waveStatus } from "../waves/waves";
import type { BatchWriter, WriteOutcome } from "./batchWriter";
import type { CompiledSurvey, ValidationResult } from "./compileSurvey";
import { maxDataDepth, nestingDepth, wellFormed } from "./dataShape";
import type { ResponseEnvelope } from "./envelope";
import { newReceipt } from "./receipt";
import type { ReferenceCache } from "./referenceCache";

export interface IngestDeps {
  reference: ReferenceCache;
  writer: BatchWriter;
  now: () => Date;
}

export async function submitResponse(deps: IngestDeps, sent: ResponseEnvelope): Promise<WriteOutcome> {
  const receivedAt = deps.now();
  if (nestingDepth(sent.data) > maxDataDepth) {
    throw new ApiError(
      400,
      "invalid_request",
      `The answers nest deeper than ${maxDataDepth} levels.`,
      "data",
    );
  }
  // The invitation token is kept out of the body and its hash: a hash over body + token could be tried against every
  // issued token and tie a slip to a stored response. Only its own hash travels on, to the token check.
  const { token, ...envelope } = sent;
  const tokenHash = token === undefined ? undefined : hashToken(token);
  // UUIDs do not depend on letter case: the same id sent in capitals is the same response.
  const body = { ...envelope, id: sent.id.toLowerCase(), data: wellFormed(sent.data) };
  const wave = await deps.reference.wave(body.waveId);
  if (!wave) throw new ApiError(400, "unknown_wave", `There is no survey round "${body.waveId}".`, "waveId");
  const notKnown = !(await deps.reference.hasUnit(body.unitId))
    ? new ApiError(
        400,
        "unknown_unit",
        `There is no unit "${body.unitId}". Choose your unit again.`,
        "unitId",
      )
    : !(await deps.reference.hasGroup(body.groupId))
      ? new ApiError(400, "unknown_group", `There is no respondent group "${body.groupId}".`, "groupId")
      : undefined;
  requireChannel(wave, body.channel);
  const bodyHash = envelopeHash(body);
  const submittedAt = body.submittedAt ? new Date(body.submittedAt) : null;
  const record = {
    id: body.id,
    waveId: wave.id,
    unitId: body.unitId,
    groupId: body.groupId,
    channel: body.channel,
    startedAt: body.startedAt ? new Date(body.startedAt) : null,
    submittedAt,
    receivedAt,
    collectedAt: collectionTime(body.channel, submittedAt, receivedAt, wave.opensAt, wave.closesAt),
    receipt: newReceipt(),
    bodyHash,
  };
  if (notKnown) {
    // A unit or group retired since the response was stored: a resend still gets its 200; anything else the 400.
    return deps.writer.submit({
      record: { ...record, data: body.data, answers: [] },
      waveClosed: false,
      refusal: notKnown,
      tokenHash,
    });
  }
  if (waveStatus(wave.opensAt, wave.closesAt, receivedAt) !== "open") {
    // Never stored now; the writer answers 200 if it is a resend of a response stored while open, else 409.
    return deps.writer.submit({
      record: { ...record, data: body.data, answers: [] },
      waveClosed: true,
      tokenHash,
    });
  }
  const survey = await deps.reference.survey(wave.surveyId, wave.surveyVersion);
  const checked = validateSafely(survey, body.data);
  if (!checked.ok) {
    const [first] = checked.issues;
    const more =
      checked.issues.length > 1 ? ` (${checked.issues.length - 1} more answers have problems too.)` : "";
    throw new ApiError(
      422,
      first?.code ?? "invalid_answer",
      `${first?.message ?? "The answers do not fit the questionnaire."}${more}`,
      first?.path ?? "data",
    );
  }
  return deps.writer.submit({
    record: { ...record, data: checked.data, answers: survey.flatten(checked.data) },
    waveClosed: false,
    tokenHash,
  });
}

/** The same refusal for every way in (online, on-site, paper import). */
export function requireChannel(wave: Wave, channel: Channel): void {
  if (!wave.channels.includes(channel)) {
    throw new ApiError(
      400,
      "channel_not_allowed",
      `The survey round "${wave.id}" does not collect through the ${channel} channel.`,
      "channel",
    );
  }
}

/** What tells an identical resend from a different response with the same id: the envelope, key order ignored. */
export function envelopeHash(body: ResponseEnvelope): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

/**
 * survey-core's condition engine throws on some values it was never meant to see (e.g. an object whose toString
 * is not a function); whatever the validator cannot judge is refused as invalid, never a 500.
 */
export function validateSafely(survey: CompiledSurvey, data: Record<string, unknown>): ValidationResult {
  try {
    return survey.validate(data);
  } catch {
    return {
      ok: false,
      issues: [
        {
          path: "data",
          code: "invalid_answer",
          message:
            "Some answers have a shape no question of this questionnaire takes; send them as the form gives them.",
        },
      ],
    };
  }
}

/** DESIGN.md: server time online; the device's submittedAt on-site and on paper, clamped to the wave window. */
export function collectionTime(
  channel: string,
  submittedAt: Date | null,
  receivedAt: Date,
  opensAt: string,
  closesAt: string,
): Date {
  if (channel === "online" || submittedAt === null) return receivedAt;
  const t = Math.min(Math.max(submittedAt.getTime(), Date.parse(opensAt)), Date.parse(closesAt));
  return new Date(t);
}
