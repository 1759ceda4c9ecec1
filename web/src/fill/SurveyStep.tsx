// The questionnaire itself (SurveyJS) and sending it. Completion waits in onCompleting for the delivery's
// receipt, so a failed send leaves the survey open on its last page with every answer still in place.
import "survey-core/survey-core.fontless.min.css";
import "survey-core/i18n/simplified-chinese";
import { useEffect, useRef, useState } from "react";
import { type CompletingEvent, Model } from "survey-core";
import { Survey } from "survey-react-ui";
import { registerCustomProperties } from "../../../server/catalogue/customProperties";
import { type ApiResult, postResponse, type Receipt, type ResponseBody, type WaveForm } from "../api";
import { type Lang, useI18n } from "../i18n";
import { wroteDemand } from "./demandAnswers";
import { fixFileSizeUnits, keepFilesInAnswers } from "./fileAnswers";
import { fallBackToKnownComponents } from "./knownComponents";
import { clearDraft, type Draft, type SavedReceipt, saveDraft, saveReceipt } from "./progress";
import { classifySubmitError, describeSubmitProblem, type SubmitProblem } from "./submitProblem";

// The surveys use topic/enps/demand; survey-core must know them before it parses a definition.
registerCustomProperties();
fixFileSizeUnits();

/**
 * Where a finished questionnaire goes and where its draft is kept: posted at once by the fill page, queued on
 * the device by the kiosk. `deliver` answering ok means the body is safe (stored, or queued to be sent).
 */
export interface Delivery {
  channel: ResponseBody["channel"];
  deliver: (body: ResponseBody) => Promise<ApiResult<Receipt>>;
  saveDraft: (draft: Draft) => void;
  clearDraft: () => void;
  saveReceipt: (receipt: SavedReceipt) => void;
}

/** The fill page's delivery: POST now, draft and receipt in localStorage for this wave. */
export const onlineDelivery = (waveId: string): Delivery => ({
  channel: "online",
  deliver: postResponse,
  saveDraft: (draft) => saveDraft(waveId, draft),
  clearDraft: () => clearDraft(waveId),
  saveReceipt: (receipt) => saveReceipt(waveId, receipt),
});

interface Props {
  waveId: string;
  form: WaveForm;
  draft: Draft;
  /** From the slip's link (?t=): units that issue slips take one response per token. */
  token?: string;
  onDone: (receipt: SavedReceipt) => void;
  onChooseAgain: () => void;
  /** The fill page's online delivery unless given; read once, when the step mounts. */
  delivery?: Delivery;
}

const surveyLocale = (lang: Lang) => (lang === "zh-cn" ? "zh-cn" : ""); // "": survey-core's default, the "default" texts

/**
 * On a phone survey-core's "auto" turns a rating scale with end labels into a drop-down: two taps, and the
 * scale is hidden while choosing. A satisfaction item should show its whole scale, so unless the survey asks
 * for a drop-down, render buttons, with the end labels above and below so the buttons get the full width
 * (an 11-point scale still wraps onto a second row at 375 px rather than scroll sideways).
 */
function showScalesAsButtons(model: Model) {
  for (const question of model.getAllQuestions(false, false, true)) {
    if (question.getType() !== "rating" || question.displayMode !== "auto") continue;
    question.displayMode = "buttons";
    if (question.rateDescriptionLocation === "leftRight") question.rateDescriptionLocation = "topBottom";
  }
}

function createModel(form: WaveForm, draft: Draft, lang: Lang, fileUnreadable: () => string): Model {
  const model = new Model(form.survey);
  model.locale = surveyLocale(lang);
  showScalesAsButtons(model);
  fallBackToKnownComponents(model);
  keepFilesInAnswers(model, fileUnreadable);
  model.showCompletePage = false; // our thank-you page shows the receipt instead
  // Every keystroke reaches onValueChanged and so the saved draft: a comment half-typed when the phone
  // locks is not lost.
  model.textUpdateMode = "onTyping";
  model.data = draft.data;
  if (draft.currentPageNo > 0 && draft.currentPageNo < model.visiblePageCount) {
    model.currentPageNo = draft.currentPageNo;
  }
  // A body already on its way may have been stored: it must not change before it is resent.
  model.readOnly = draft.pending !== undefined;
  return model;
}

/** A page, panel or question name in the server's `path` ("q1", "matrix/row"); the first that is a question. */
function questionAt(model: Model, path: string | undefined) {
  return path
    ?.split("/")
    .map((name) => model.getQuestionByName(name))
    .find(Boolean);
}

/**
 * survey-core 3.0.0 focuses a hidden input of its mobile rating dropdown that the next render removes, so
 * focus() can end on <body>. Keep focus inside the question's box until it has stayed there for a moment.
 */
function keepFocusInside(questionElementId: string, triesLeft = 20, steady = 0) {
  if (triesLeft === 0 || steady === 3) return;
  const box = document.getElementById(questionElementId);
  const inside = box?.contains(document.activeElement) ?? false;
  if (box && !inside) {
    box.querySelector<HTMLElement>("input:not([type=hidden]), textarea, select, [tabindex='0']")?.focus();
  }
  setTimeout(() => keepFocusInside(questionElementId, triesLeft - 1, inside ? steady + 1 : 0), 50);
}

export function SurveyStep({ waveId, form, draft, token, onDone, onChooseAgain, delivery: given }: Props) {
  const { lang, t } = useI18n();
  const [model] = useState(() => createModel(form, draft, lang, () => t.fileUnreadable));
  const [delivery] = useState(() => given ?? onlineDelivery(waveId));
  const draftRef = useRef(draft);
  const receiptRef = useRef<SavedReceipt | null>(null);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<SubmitProblem | null>(
    draft.pending ? { kind: "retryable", status: 0 } : null,
  );
  const problemRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    model.locale = surveyLocale(lang);
  }, [model, lang]);

  useEffect(() => {
    // The banner sits under the Complete button; focusing it scrolls it into view and has it read out.
    // An invalid answer moves focus to its question instead (see send).
    if (problem && problem.kind !== "invalid") problemRef.current?.focus();
  }, [problem]);

  useEffect(() => {
    const remember = (next: Draft) => {
      draftRef.current = next;
      delivery.saveDraft(next);
    };
    const keepProgress = () =>
      remember({ ...draftRef.current, data: model.data, currentPageNo: model.currentPageNo });

    const send = async (_: Model, options: CompletingEvent) => {
      options.allow = false; // only the server's receipt completes the survey
      const current = draftRef.current;
      const body: ResponseBody = current.pending ?? {
        id: current.id,
        waveId,
        unitId: current.unitId,
        groupId: current.groupId,
        channel: delivery.channel,
        startedAt: current.startedAt,
        submittedAt: new Date().toISOString(),
        data: model.data,
        ...(token ? { token } : {}),
      };
      remember({ ...current, data: body.data, pending: body });
      model.readOnly = true;
      setProblem(null);
      setSending(true);
      const result = await delivery.deliver(body);
      setSending(false);
      if (result.ok) {
        // 201 stored, or 200 for a resend the server already had: both carry the receipt.
        const receipt = { ...result.data, wroteDemand: wroteDemand(model, body.data) };
        receiptRef.current = receipt;
        delivery.saveReceipt(receipt);
        delivery.clearDraft();
        options.allow = true;
        return;
      }
      const found = classifySubmitError(result.status, result.error);
      if (found.kind !== "retryable") {
        // The server refused the body, so nothing was stored: the respondent may change answers again.
        remember({ ...draftRef.current, pending: undefined });
        model.readOnly = false;
      }
      setProblem(found);
      if (found.kind === "invalid") {
        const question = questionAt(model, found.path);
        // After this handler returns survey-core unblocks navigation; only then can focus change page.
        setTimeout(() => {
          if (!question) return;
          question.addError(found.message);
          question.focus(true);
          keepFocusInside(question.id);
        });
      }
    };
    const finish = () => {
      if (receiptRef.current) onDone(receiptRef.current);
    };

    model.onValueChanged.add(keepProgress);
    model.onCurrentPageChanged.add(keepProgress);
    model.onCompleting.add(send);
    model.onComplete.add(finish);
    return () => {
      model.onValueChanged.remove(keepProgress);
      model.onCurrentPageChanged.remove(keepProgress);
      model.onCompleting.remove(send);
      model.onComplete.remove(finish);
    };
  }, [model, waveId, token, onDone, delivery]);

  return (
    <div className="survey-step">
      <Survey model={model} />
      {sending && (
        <p className="notice" role="status">
          {t.submitting}
        </p>
      )}
      {problem && (
        <div
          className="notice notice-error"
          role="alert"
          tabIndex={-1}
          ref={problemRef}
          data-testid="submit-error"
        >
          <p>{describeSubmitProblem(problem, t)}</p>
          {problem.kind === "retryable" && (
            <button
              type="button"
              className="button"
              data-testid="retry-submit"
              onClick={() => model.doComplete()}
            >
              {t.retry}
            </button>
          )}
          {problem.kind === "unitOrGroup" && (
            <button type="button" className="button" onClick={onChooseAgain}>
              {t.chooseAgain}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
