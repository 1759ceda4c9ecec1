// /admin/surveys/:id/:version/preview: a version rendered by the fill page's own SurveyStep (same model set-up,
// same CSS) in either language and at phone width. Its delivery goes nowhere: nothing is posted or kept.
import "../../fill/fill.css";
import { lazy, Suspense, useEffect, useState } from "react";
import type { ApiErrorInfo, WaveForm } from "../../api";
import type { Delivery } from "../../fill/SurveyStep";
import { type Lang, useI18n } from "../../i18n";
import { StaffPage } from "../../staff/StaffPage";
import { errorText, useStaffText } from "../../staff/useStaffText";
import { fetchSurveyVersion, type SurveyVersion, taggingPath } from "./surveysApi";
import { useSurveysText } from "./useSurveysText";
import "./surveys.css";

const SurveyStep = lazy(async () => ({ default: (await import("../../fill/SurveyStep")).SurveyStep }));

/** Acknowledges at once without sending: the fill page's flow runs to its end and nothing leaves the browser. */
const previewDelivery: Delivery = {
  channel: "online",
  deliver: async (body) => ({ ok: true, status: 200, data: { id: body.id, receipt: "" } }),
  saveDraft: () => undefined,
  clearDraft: () => undefined,
  saveReceipt: () => undefined,
};

/** The fill page's form for this version, as a wave would serve it; a preview has no units or groups to choose. */
function previewForm(survey: SurveyVersion): WaveForm {
  return {
    wave: {
      id: "preview",
      surveyId: survey.id,
      surveyVersion: survey.version,
      title: "",
      periodStart: "",
      periodEnd: "",
      opensAt: "",
      closesAt: "",
      channels: ["online"],
      status: "open",
    },
    survey: survey.definition,
    units: [],
    groups: [],
    slipUnitIds: [],
    // Only the intro step states the minimum and only the shell offers languages; the preview shows neither, and
    // its own switch always offers both languages so any version can be checked in each.
    minGroupSize: 5,
    languages: ["zh-cn", "en"],
  };
}

const freshDraft = () => ({
  id: "00000000-0000-4000-8000-000000000000",
  startedAt: new Date().toISOString(),
  unitId: "",
  groupId: "",
  data: {},
  currentPageNo: 0,
});

export function PreviewPage({ surveyId, version }: { surveyId: string; version: number }) {
  return (
    <StaffPage path="/admin/surveys">{() => <Preview surveyId={surveyId} version={version} />}</StaffPage>
  );
}

function Preview({ surveyId, version }: { surveyId: string; version: number }) {
  const t = useSurveysText();
  const staff = useStaffText();
  const { lang, setLang, text } = useI18n();
  const [survey, setSurvey] = useState<SurveyVersion | null>(null);
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const [phone, setPhone] = useState(false);
  const [run, setRun] = useState(0);
  const [done, setDone] = useState(false);

  useEffect(() => {
    void (async () => {
      const res = await fetchSurveyVersion(surveyId, version);
      if (!res.ok) return setError(res.error);
      setSurvey(res.data);
    })();
  }, [surveyId, version]);

  if (error) {
    return (
      <div className="notice notice-error" role="alert">
        <p>{t.errors[error.code] ?? errorText(staff, error)}</p>
        <p>
          <a href="/admin/surveys">{t.back}</a>
        </p>
      </div>
    );
  }
  if (!survey) return <p className="notice">…</p>;
  const title = text(survey.definition.title as Record<string, string> | string | undefined) || survey.id;
  const langs: [Lang, string][] = [
    ["zh-cn", "中文"],
    ["en", "English"],
  ];

  return (
    <section aria-labelledby="preview-title" className="preview">
      <p className="row-actions">
        <a href="/admin/surveys">{t.back}</a>
        <a href={taggingPath(survey.id, survey.version)}>{t.tagTopics}</a>
      </p>
      <h1 id="preview-title">{t.previewTitle(title, survey.version)}</h1>
      <p className="notice" data-testid="preview-note">
        {t.previewNote}
      </p>
      <div className="preview-tools">
        <fieldset className="segmented">
          <legend>{t.surveyLanguage}</legend>
          {langs.map(([code, label]) => (
            <label key={code} lang={code === "zh-cn" ? "zh-CN" : "en"}>
              <input
                type="radio"
                name="preview-lang"
                checked={lang === code}
                data-testid={`preview-lang-${code}`}
                onChange={() => setLang(code)}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={phone} onChange={(e) => setPhone(e.target.checked)} />
          {t.phoneWidth}
        </label>
      </div>
      {/* The respondent column: the fill page's own width, or a phone's. */}
      <div className={phone ? "preview-frame preview-phone" : "preview-frame"} data-testid="preview-frame">
        {done ? (
          <div className="notice" role="status">
            <p>{t.previewDone}</p>
            <button
              type="button"
              className="button"
              onClick={() => {
                setDone(false);
                setRun((n) => n + 1);
              }}
            >
              {t.startAgain}
            </button>
          </div>
        ) : (
          <Suspense fallback={<p className="notice">…</p>}>
            <SurveyStep
              key={run}
              waveId="preview"
              form={previewForm(survey)}
              draft={freshDraft()}
              delivery={previewDelivery}
              onDone={() => setDone(true)}
              onChooseAgain={() => setRun((n) => n + 1)}
            />
          </Suspense>
        )}
      </div>
    </section>
  );
}
