// The writer's pages' strings in the current UI language, an API error in words the writer can act on, and a
// plant-local date ("2026-11-24") as people write it.
import type { ApiErrorInfo } from "../api";
import { type Lang, useI18n } from "../i18n";
import { type WriterMessages, writerMessages } from "./messages";
import type { WriterCase } from "./receiptApi";

export function useWriterText(): WriterMessages {
  const { lang } = useI18n();
  return writerMessages[lang];
}

export function errorText(t: WriterMessages, error: ApiErrorInfo): string {
  return t.errors[error.code] ?? error.message;
}

/**
 * Why a rating or reopening was refused (409), told from the case as it is now (`now`, reloaded after the refusal):
 * a case the writer reopened elsewhere is waiting for its new answer, which "no published answer yet" hides.
 */
export function refusalText(t: WriterMessages, error: ApiErrorInfo, now: WriterCase | undefined): string {
  const awaitingNewAnswer = now?.reopened === true && now.answer === null;
  if (awaitingNewAnswer && (error.code === "not_answered_yet" || error.code === "already_reopened")) {
    return t.reopenedAwaitingAnswer;
  }
  return errorText(t, error);
}

export function formatDay(isoDate: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const [, y, mo, d] = m;
  if (lang === "zh-cn") return `${y}年${Number(mo)}月${Number(d)}日`;
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}
