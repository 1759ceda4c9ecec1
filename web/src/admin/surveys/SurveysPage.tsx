// /admin/surveys: every questionnaire with its versions and the rounds that used each, links to preview, tag and
// open a round on a version, and the upload form. Admins of the whole organisation; the server enforces it.
import { useCallback, useEffect, useState } from "react";
import { formatDateTime, useI18n } from "../../i18n";
import { StaffPage } from "../../staff/StaffPage";
import { errorText, useStaffText } from "../../staff/useStaffText";
import { fetchSurveys, newWavePath, previewPath, type SurveySummary, taggingPath } from "./surveysApi";
import { UploadForm } from "./UploadForm";
import { useSurveysText } from "./useSurveysText";
import "./surveys.css";

export function SurveysPage() {
  return <StaffPage path="/admin/surveys">{() => <Surveys />}</StaffPage>;
}

function Surveys() {
  const t = useSurveysText();
  const staff = useStaffText();
  const { lang, text } = useI18n();
  const [surveys, setSurveys] = useState<SurveySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await fetchSurveys();
    if (!res.ok) return setError(errorText(staff, res.error));
    setError(null);
    setSurveys(res.data);
  }, [staff]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="surveys-title">
      <h1 id="surveys-title">{t.surveysTitle}</h1>
      <p className="hint">{t.surveysIntro}</p>
      <UploadForm onUploaded={() => void load()} />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {surveys?.length === 0 && <p className="notice">{t.noSurveys}</p>}
      {surveys && surveys.length > 0 && (
        <div className="table-wrap">
          <table className="data-table survey-list" data-testid="survey-list">
            <thead>
              <tr>
                <th scope="col">{t.questionnaire}</th>
                <th scope="col">{t.version}</th>
                <th scope="col">{t.created_}</th>
                <th scope="col">{t.items}</th>
                <th scope="col">{t.usedBy}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {surveys.flatMap((survey) =>
                survey.versions.map((v, index) => (
                  <tr key={`${survey.id}/${v.version}`} data-survey={survey.id} data-version={v.version}>
                    {index === 0 && (
                      <th scope="rowgroup" rowSpan={survey.versions.length} className="survey-name">
                        {text(survey.title)}
                        <span className="hint">{survey.id}</span>
                      </th>
                    )}
                    <td>
                      {v.version}
                      {v.version === survey.latestVersion && <span className="tag">{t.latest}</span>}
                    </td>
                    <td>{formatDateTime(v.createdAt, lang)}</td>
                    <td>{v.itemCount}</td>
                    <td>{v.usedByWaves.length > 0 ? v.usedByWaves.join(", ") : t.notUsed}</td>
                    <td>
                      <span className="row-actions">
                        <a href={previewPath(survey.id, v.version)}>{t.preview}</a>
                        {/* An older version opens read-only there, with a link to the latest. */}
                        <a href={taggingPath(survey.id, v.version)}>{t.tagTopics}</a>
                        <a href={newWavePath(survey.id, v.version)}>{t.openWave}</a>
                      </span>
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
