// The staff strings in the current UI language, and an API error in words the user can act on.
import type { ApiErrorInfo } from "../api";
import { useI18n } from "../i18n";
import { type StaffMessages, staffMessages } from "./messages";

export function useStaffText(): StaffMessages {
  const { lang } = useI18n();
  return staffMessages[lang];
}

/**
 * A code this page knows, else a proxy's bare HTTP status in words, else the server's own sentence — English, so
 * shown as it is only in English; other languages say generically what happened (with the code to quote).
 */
export function errorText(t: StaffMessages, error: ApiErrorInfo): string {
  const known = t.errors[error.code];
  if (known) return known;
  const status = /^http_(\d+)$/.exec(error.code)?.[1];
  if (status) return t.httpError(status);
  return t.otherError ? t.otherError(error.code) : error.message;
}
