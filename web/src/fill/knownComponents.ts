// A questionnaire designed on a site with its own React components names them (`itemComponent: "custom-rate-item"`);
// this page does not have them, and survey-react-ui would render those items as nothing. It falls back to its own.
import type { Model, Question } from "survey-core";
import { ReactElementFactory } from "survey-react-ui";

/** Every question whose item component is unknown here gets survey-core's default one back (numbered buttons…). */
export function fallBackToKnownComponents(model: Model): void {
  for (const question of model.getAllQuestions(false, false, true) as Question[]) {
    const component = question.getPropertyValue("itemComponent");
    if (typeof component !== "string" || component === "") continue;
    if (!ReactElementFactory.Instance.isElementRegistered(component))
      question.resetPropertyValue("itemComponent");
  }
}
