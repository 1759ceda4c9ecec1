// The public SurveyJS surveys the product must accept as they are: ../shared/compat-surveys beside the repository.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const compatSurveysDir = resolve(process.cwd(), "../shared/compat-surveys");

export function compatSurveys(): { file: string; definition: Record<string, unknown> }[] {
  return readdirSync(compatSurveysDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, definition: JSON.parse(readFileSync(join(compatSurveysDir, file), "utf8")) }));
}
