// The questionnaire pages' strings in the current UI language.
import { useI18n } from "../../i18n";
import { type SurveysMessages, surveysMessages } from "./messages";

export function useSurveysText(): SurveysMessages {
  return surveysMessages[useI18n().lang];
}
