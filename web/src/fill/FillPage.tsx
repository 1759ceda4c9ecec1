// The respondent route /s/:waveId: load the wave's form, then intro → questionnaire → thank-you,
// resuming a draft kept on this device. Everything here is respondent code; nothing else loads on this route.
import "./fill.css";
import { lazy, useCallback, useEffect, useState } from "react";
import { fetchWaveForm, fetchWaves, type Wave, type WaveForm } from "../api";
import { formatDateTime, useI18n, useOfferedLanguages } from "../i18n";
import { IntroStep } from "./IntroStep";
import {
  clearDraft,
  clearReceipt,
  type Draft,
  loadDraft,
  loadReceipt,
  type SavedReceipt,
  saveDraft,
  startDraft,
} from "./progress";
import { normaliseSlipCode } from "./slipCode";
import { ThankYou } from "./ThankYou";
import { buildUnitTree, type UnitTree } from "./unitTree";
import { type UnavailableReason, WaveUnavailable } from "./WaveUnavailable";

// SurveyJS is most of this route's weight: the intro renders without it and fetches it in the background,
// so on a station's weak signal the respondent chooses unit and group while it downloads.
const loadSurveyStep = () => import("./SurveyStep");
const SurveyStep = lazy(async () => ({ default: (await loadSurveyStep()).SurveyStep }));

type Load =
  | { state: "loading" }
  | { state: "failed" }
  | { state: "unavailable"; reason: UnavailableReason; wave: Wave | null }
  | { state: "ready"; form: WaveForm; tree: UnitTree };

type Step =
  | { name: "resume"; draft: Draft }
  | { name: "intro"; draft: Draft | null }
  | { name: "survey"; draft: Draft }
  | { name: "done"; receipt: SavedReceipt };

async function loadWave(waveId: string): Promise<Load> {
  const res = await fetchWaveForm(waveId);
  if (res.ok) {
    const { wave } = res.data;
    if (wave.status !== "open") return { state: "unavailable", reason: wave.status, wave };
    if (!wave.channels.includes("online")) return { state: "unavailable", reason: "notOnline", wave };
    return { state: "ready", form: res.data, tree: buildUnitTree(res.data.units) };
  }
  if (res.status === 404) return { state: "unavailable", reason: "notFound", wave: null };
  if (res.status === 0 || res.status >= 500) return { state: "failed" };
  // The form is public only while the wave is open (409 wave_closed / wave_not_open_yet); the dates to
  // show are in the public wave list.
  const list = await fetchWaves();
  const wave = (list.ok && list.data.find((w) => w.id === waveId)) || null;
  if (wave?.status === "closed" || res.error.code === "wave_closed")
    return { state: "unavailable", reason: "closed", wave };
  if (wave?.status === "scheduled" || res.error.code === "wave_not_open_yet") {
    return { state: "unavailable", reason: "scheduled", wave };
  }
  return { state: "failed" };
}

function firstStep(waveId: string, tree: UnitTree, linkUnitId: string | null): Step {
  const draft = loadDraft(waveId);
  // A draft for another unit than the link names belongs to another context (another QR code): start fresh.
  const fits = draft && tree.byId.has(draft.unitId) && (linkUnitId === null || linkUnitId === draft.unitId);
  if (!fits) return { name: "intro", draft: null };
  // A body already sent may be stored though its answer was lost: resend it (same id) before anything else, so
  // "start over" can never store the same person twice.
  return draft.pending ? { name: "survey", draft } : { name: "resume", draft };
}

export function FillPage({ waveId }: { waveId: string }) {
  const { t, text, lang } = useI18n();
  const [linkUnitId] = useState(() => new URLSearchParams(location.search).get("unit"));
  // A printed slip's single-use token (?t=), sent with the answers; never kept anywhere but the pending body.
  const [token] = useState(() => {
    const typed = normaliseSlipCode(new URLSearchParams(location.search).get("t") ?? "");
    return typed === "" ? undefined : typed;
  });
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [step, setStep] = useState<Step | null>(() => {
    const receipt = loadReceipt(waveId);
    return receipt ? { name: "done", receipt } : null;
  });
  const [attempt, setAttempt] = useState(0);

  const done = step?.name === "done";
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is how the Retry button loads again.
  useEffect(() => {
    if (done) return; // the thank-you page needs nothing from the server
    let live = true;
    setLoad({ state: "loading" });
    loadWave(waveId).then((next) => {
      if (!live) return;
      setLoad(next);
      if (next.state !== "ready") return;
      void loadSurveyStep();
      setStep(firstStep(waveId, next.tree, linkUnitId));
    });
    return () => {
      live = false;
    };
  }, [waveId, linkUnitId, done, attempt]);

  // The organisation may offer one language only: the page then uses it and shows no toggle.
  useOfferedLanguages(load.state === "ready" ? load.form.languages : null);
  const title = load.state === "ready" ? text(load.form.wave.title) : null;
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);

  const onDone = useCallback((receipt: SavedReceipt) => {
    setStep({ name: "done", receipt });
    scrollTo(0, 0);
  }, []);

  if (step?.name === "done") {
    return (
      <ThankYou
        receipt={step.receipt}
        onAnotherPerson={() => {
          // A shared tablet or office PC: the next person must neither see this receipt nor be locked out.
          clearReceipt(waveId);
          clearDraft(waveId);
          setStep(null);
        }}
      />
    );
  }
  if (load.state === "loading") return <p className="notice">{t.loading}</p>;
  if (load.state === "failed") {
    return (
      <div className="notice notice-error" role="alert">
        <p>{t.loadFailed}</p>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t.retry}
        </button>
      </div>
    );
  }
  if (load.state === "unavailable") return <WaveUnavailable reason={load.reason} wave={load.wave} />;
  if (!step) return null;

  const { form, tree } = load;
  switch (step.name) {
    case "resume":
      return (
        <section className="resume" aria-labelledby="resume-title">
          <h1 id="resume-title">{t.resumeTitle}</h1>
          <p>{t.resumeText(formatDateTime(step.draft.startedAt, lang))}</p>
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              onClick={() => setStep({ name: "survey", draft: step.draft })}
            >
              {t.resume}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                clearDraft(waveId);
                setStep({ name: "intro", draft: null });
              }}
            >
              {t.startOver}
            </button>
          </div>
        </section>
      );
    case "intro":
      return (
        <IntroStep
          form={form}
          tree={tree}
          linkUnitId={linkUnitId}
          token={token}
          initialUnitId={step.draft?.unitId ?? null}
          initialGroupId={step.draft?.groupId ?? null}
          onStart={(unitId, groupId) => {
            // Choosing again after a rejected unit keeps the id and the answers: nothing was stored.
            const draft = step.draft ? { ...step.draft, unitId, groupId } : startDraft(unitId, groupId);
            saveDraft(waveId, draft);
            setStep({ name: "survey", draft });
            scrollTo(0, 0);
          }}
        />
      );
    case "survey":
      return (
        <SurveyStep
          waveId={waveId}
          form={form}
          draft={step.draft}
          token={token}
          onDone={onDone}
          onChooseAgain={() => setStep({ name: "intro", draft: loadDraft(waveId) })}
        />
      );
  }
}
