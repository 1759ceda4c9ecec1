// An API refusal in the admin's language: this page's own codes first, then the staff pages', then the server's
// sentence; prefixed with the field it names, so the admin knows where to look.
import type { ApiErrorInfo } from "../../api";
import type { Lang } from "../../i18n";
import { staffMessages } from "../../staff/messages";
import { errorText } from "../../staff/useStaffText";
import { wavesMessages } from "./messages";

export function problemText(lang: Lang, error: ApiErrorInfo): string {
  const t = wavesMessages[lang];
  const sentence = t.errors[error.code] ?? errorText(staffMessages[lang], error);
  const field = error.path ? t.fieldErrors[error.path] : undefined;
  return field ? `${field}: ${sentence}` : sentence;
}
