// The staff strings in the current UI language, and an API error in words the user can act on.
import type { ApiErrorInfo } from "../api";
import { useI18n } from "../i18n";
import { type StaffMessages, staffMessages } from "./messages";

export function useStaffText(): StaffMessages {
  const { lang } = useI18n();
  return staffMessages[lang];
}

export function errorText(t: StaffMessages, error: ApiErrorInfo): string {
  return t.errors[error.code] ?? error.message;
}
