// The case pages' strings in the current UI language, and an API error in words the user can act on: a known code
// in the user's language, a field the server named by its label (with its limit when too long), else its sentence.
import type { ApiErrorInfo } from "../api";
import { useI18n } from "../i18n";
import { type CasesMessages, casesMessages } from "./messages";

export function useCasesText(): CasesMessages {
  const { lang } = useI18n();
  return casesMessages[lang];
}

export function caseErrorText(t: CasesMessages, error: ApiErrorInfo): string {
  const known = t.errors[error.code];
  if (known) return known;
  if (error.code === "invalid_request" && error.path) {
    const field = t.fields[error.path.split("/")[0] ?? ""];
    // The validator says a text is too long as zod does: "… Too big: expected string to have <=4000 characters."
    const max = /Too big: expected string to have <=(\d+) characters/.exec(error.message)?.[1];
    if (field && max) return t.tooLong(field, Number(max));
    if (field) return t.invalidField(field);
  }
  return error.message;
}
