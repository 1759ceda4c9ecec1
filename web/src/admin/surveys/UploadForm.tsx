// Uploading a SurveyJS definition: a .json file (or pasted JSON) under an id prefilled from the file name.
// The server judges the definition; this form only checks that the text is JSON before sending it.
import { type FormEvent, useState } from "react";
import { useI18n } from "../../i18n";
import { refusalText } from "./problemText";
import { previewPath, taggingPath, uploadSurvey } from "./surveysApi";
import { useSurveysText } from "./useSurveysText";

type Outcome =
  | { kind: "saved"; created: boolean; id: string; version: number }
  | { kind: "refused"; text: string; detail?: string };

/** "Staff survey 2026.json" → "Staff-survey-2026": what the id rule allows, from the file's own name. */
export function idFromFileName(fileName: string): string {
  return fileName
    .replace(/\.json$/i, "")
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/^[-_]+|-+$/g, "")
    .slice(0, 100);
}

export function UploadForm({ onUploaded }: { onUploaded: () => void }) {
  const t = useSurveysText();
  const { lang } = useI18n();
  const [id, setId] = useState("");
  const [json, setJson] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const chooseFile = async (file: File | undefined) => {
    if (!file) return;
    setJson(await file.text());
    setId(idFromFileName(file.name));
    setOutcome(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const refuse = (text: string) => setOutcome({ kind: "refused", text });
    if (!json.trim()) return refuse(t.noJson);
    if (!id.trim()) return refuse(t.noId);
    let definition: unknown;
    try {
      definition = JSON.parse(json);
    } catch (error) {
      return refuse(t.notJson((error as Error).message));
    }
    if (!definition || typeof definition !== "object" || Array.isArray(definition))
      return refuse(t.notObject);
    setBusy(true);
    const res = await uploadSurvey(id.trim(), definition as Record<string, unknown>);
    setBusy(false);
    if (!res.ok) return setOutcome({ kind: "refused", ...refusalText(res.error, lang) });
    setOutcome({ kind: "saved", created: res.status === 201, id: res.data.id, version: res.data.version });
    onUploaded();
  };

  return (
    <form className="form panel" onSubmit={submit} aria-labelledby="upload-title" data-testid="upload-form">
      <h2 id="upload-title">{t.uploadTitle}</h2>
      <p className="hint">{t.uploadIntro}</p>
      <label>
        {t.file}
        <input
          type="file"
          accept=".json,application/json"
          data-testid="upload-file"
          onChange={(e) => void chooseFile(e.target.files?.[0])}
        />
      </label>
      <label>
        {t.pasteJson}
        <textarea
          className="json-input"
          value={json}
          rows={6}
          spellCheck={false}
          data-testid="upload-json"
          onChange={(e) => setJson(e.target.value)}
        />
      </label>
      <label>
        {t.surveyId}
        <input
          name="surveyId"
          value={id}
          maxLength={100}
          autoCapitalize="none"
          data-testid="upload-id"
          aria-describedby="survey-id-hint"
          onChange={(e) => setId(e.target.value)}
        />
        <span className="hint" id="survey-id-hint">
          {t.surveyIdHint}
        </span>
      </label>
      <div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t.uploading : t.upload}
        </button>
      </div>
      {outcome?.kind === "saved" && (
        <div className="notice" role="status">
          <p data-testid="upload-result">
            {outcome.created ? t.created(outcome.version) : t.identical(outcome.version)}
          </p>
          <p className="row-actions">
            <a href={taggingPath(outcome.id, outcome.version)}>{t.tagTopics}</a>
            <a href={previewPath(outcome.id, outcome.version)}>{t.preview}</a>
          </p>
        </div>
      )}
      {outcome?.kind === "refused" && (
        <div className="notice notice-error" role="alert" data-testid="upload-error">
          <p>{outcome.text}</p>
          {outcome.detail && <p className="problem-detail">{outcome.detail}</p>}
        </div>
      )}
    </form>
  );
}
