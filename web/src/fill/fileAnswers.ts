// Files and signatures travel inside the response as data URLs: minyi keeps no file store, so a questionnaire that
// asks survey-core to upload them (storeDataAsText: false) gets them read in the browser instead. Sizes it caps.
import { type Model, type Question, surveyLocalization } from "survey-core";

/**
 * One file at most 128 KiB: as a data URL it grows by a third, and the whole response must stay under the server's
 * 256 KiB. survey-core then refuses a bigger file on the spot, in the respondent's language ("exceedMaxSize").
 */
export const MAX_FILE_BYTES = 128 * 1024;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function capFileSize(question: Question): void {
  if (question.getType() !== "file") return;
  const own = Number(question.getPropertyValue("maxSize")) || 0;
  if (own === 0 || own > MAX_FILE_BYTES) question.setPropertyValue("maxSize", MAX_FILE_BYTES);
}

/** Caps every file question (dynamic panels' templates too) and answers survey-core's uploads from the browser. */
export function keepFilesInAnswers(model: Model, unreadable: () => string): void {
  for (const question of model.getAllQuestions(false, false, true) as Question[]) {
    capFileSize(question);
    const template = question.getType() === "paneldynamic" ? question.getPropertyValue("template") : null;
    for (const inner of (template?.questions ?? []) as Question[]) capFileSize(inner);
  }
  model.onUploadFiles.add((_, options) => {
    const files = options.files as File[];
    Promise.all(files.map(readAsDataUrl)).then(
      (contents) => options.callback(files.map((file, i) => ({ file, content: contents[i] }))),
      () => options.callback([], [unreadable()]),
    );
  });
}

/**
 * survey-core 3.0.0's Chinese lists the file size units with "、" but splits them on ", ", so its size error reads
 * "文件大小不能超过 128 undefined". Rewritten with the separator survey-core expects.
 */
export function fixFileSizeUnits(): void {
  for (const strings of Object.values(surveyLocalization.locales) as Record<string, unknown>[]) {
    const units = strings.fileSizeUnits;
    if (typeof units === "string" && !units.includes(", ")) {
      strings.fileSizeUnits = units.split(/\s*[、，,]\s*/).join(", ");
    }
  }
}
