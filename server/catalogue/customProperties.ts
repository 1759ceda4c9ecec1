// Registers minyi's custom question properties (topic, enps, demand, thresholds) with survey-core's Serializer.
// It does no validation of their values (checkSurvey does); it imports only survey-core so the browser can use it.
import { Serializer } from "survey-core";

// Registered on the base `question` class so every question type (rating, matrix, comment…) carries them.
const properties = [
  { name: "topic", type: "string", category: "minyi" },
  { name: "enps", type: "boolean", default: false, category: "minyi" },
  { name: "demand", type: "boolean", default: false, category: "minyi" },
  { name: "favourableMin", type: "number", category: "minyi" },
  { name: "unfavourableMax", type: "number", category: "minyi" },
] as const;

/** Safe to call any number of times: survey-core would otherwise add a second copy of each property. */
export function registerCustomProperties(): void {
  for (const property of properties) {
    if (Serializer.findProperty("question", property.name)) continue;
    Serializer.addProperty("question", { ...property });
  }
}
