// The writer's pages' strings in the current UI language, an API error in words the writer can act on, and a
// plant-local date ("2026-11-24") as people write it.
import type { ApiErrorInfo } from "../api";
import { type Lang, useI18n } from "../i18n";
import { type WriterMessages, writerMessages } from "./messages";

export function useWriterText(): WriterMessages {
  const { lang } = useI18n();
  return writerMessages[lang];
}

export function errorText(t: WriterMessages, error: ApiErrorInfo): string {
  return t.errors[error.code] ?? error.message;
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
