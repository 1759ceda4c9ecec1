// A set-up kiosk, one person after another: welcome (group choice unless fixed) → questionnaire → thank-you,
// then back to a clean welcome (also when a questionnaire is left half-way). Finished responses go to the device's
// queue; the status bar shows it syncing.

import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from "react";
import type { ResponseBody, WaveForm } from "../api";
import { GroupChoice } from "../fill/GroupChoice";
import { clearDraft, clearReceipt, type Draft, startDraft } from "../fill/progress";
import type { Delivery } from "../fill/SurveyStep";
import { checkSlipState } from "../fill/slipCheck";
import { isSlipCode, normaliseSlipCode } from "../fill/slipCode";
import { type UnitTree, unitPath } from "../fill/unitTree";
import { WaveUnavailable } from "../fill/WaveUnavailable";
import { formatDateTime, useI18n, useOfferedLanguages } from "../i18n";
import { KioskSetup } from "./KioskSetup";
import { useKioskText } from "./messages";
import { OperatorPanel } from "./OperatorPanel";
import { PinDialog } from "./PinDialog";
import { enqueue, type KioskSettings, type PinRecord } from "./queue";
import { StatusBar } from "./StatusBar";
import { StillThere } from "./StillThere";
import { useKioskSync } from "./useKioskSync";

const SurveyStep = lazy(async () => ({ default: (await import("../fill/SurveyStep")).SurveyStep }));

/** How long the thank-you screen stays before the kiosk is ready for the next person. */
const thanksMs = 6000;

// A slip's code lives only in the phase and then in the queued body: the next person's welcome starts empty.
type Phase = { name: "welcome" } | { name: "survey"; draft: Draft; token?: string } | { name: "thanks" };
type Operator = null | "pin" | "panel" | "settings";

interface Props {
  form: WaveForm;
  tree: UnitTree;
  offlineCopy: boolean;
  /** Not "open": no one can start, but the queue still syncs and the operator panel works. */
  status: "scheduled" | "open" | "closed";
  settings: KioskSettings;
  pin: PinRecord;
  onSettings: (next: KioskSettings) => Promise<void>;
}

export function KioskRun({ form, tree, offlineCopy, status, settings, pin, onSettings }: Props) {
  const { t } = useI18n();
  useOfferedLanguages(form.languages);
  const k = useKioskText();
  const sync = useKioskSync();
  const [phase, setPhase] = useState<Phase>({ name: "welcome" });
  const [operator, setOperator] = useState<Operator>(null);
  const waveId = form.wave.id;
  const { syncNow } = sync;

  // Nothing of one person may be reachable by the next: no history entry (Back shows nothing), no draft of the
  // fill page for this wave on the device, the page back at the top.
  const go = useCallback(
    (next: Phase) => {
      history.replaceState(null, "", location.pathname);
      clearDraft(waveId);
      clearReceipt(waveId);
      setPhase(next);
      scrollTo(0, 0);
    },
    [waveId],
  );

  // Queued, not posted: on site the network comes and goes, and the queue's sync sends in order. Nothing is
  // kept as a draft, so a tablet left mid-questionnaire shows the next person nothing after a reload.
  const [delivery] = useState<Delivery>(() => ({
    channel: "onsite",
    deliver: async (body: ResponseBody) => {
      try {
        await enqueue(body);
      } catch (e) {
        return { ok: false, status: 0, error: { code: "storage_failed", message: String(e) } };
      }
      syncNow();
      return { ok: true, status: 201, data: { id: body.id, receipt: "" } };
    },
    saveDraft: () => undefined,
    clearDraft: () => undefined,
    saveReceipt: () => undefined,
  }));

  const onDone = useCallback(() => go({ name: "thanks" }), [go]);
  const toWelcome = useCallback(() => go({ name: "welcome" }), [go]);
  // Left half-way: the answers are dropped unsent (nothing was queued), and an operator dialog left open closes.
  const abandon = useCallback(() => {
    setOperator(null);
    toWelcome();
  }, [toWelcome]);

  return (
    <div className="kiosk">
      {offlineCopy && <p className="notice kiosk-offline-copy">{k.offlineCopy}</p>}
      {status !== "open" && <WaveUnavailable reason={status} wave={form.wave} />}
      {status === "open" && phase.name === "welcome" && (
        <Welcome
          key={`${settings.unitId}/${settings.groupId}`}
          form={form}
          tree={tree}
          settings={settings}
          onStart={(groupId, token) =>
            go({ name: "survey", draft: startDraft(settings.unitId, groupId), ...(token ? { token } : {}) })
          }
        />
      )}
      {phase.name === "survey" && (
        <Suspense fallback={<p className="notice">{t.loading}</p>}>
          <SurveyStep
            key={phase.draft.id}
            waveId={waveId}
            form={form}
            draft={phase.draft}
            {...(phase.token ? { token: phase.token } : {})}
            delivery={delivery}
            onDone={onDone}
            onChooseAgain={toWelcome}
          />
        </Suspense>
      )}
      {phase.name === "thanks" && <Thanks onNext={toWelcome} />}

      <StatusBar sync={sync} onOperator={() => setOperator("pin")} />

      {operator === "pin" && (
        <PinDialog pin={pin} onUnlock={() => setOperator("panel")} onCancel={() => setOperator(null)} />
      )}
      {operator === "panel" && (
        <OperatorPanel
          form={form}
          tree={tree}
          settings={settings}
          onChangeSettings={() => setOperator("settings")}
          onSyncNow={syncNow}
          onClose={() => setOperator(null)}
        />
      )}
      {operator === "settings" && (
        <div className="kiosk-overlay" role="dialog" aria-modal="true">
          <div className="kiosk-dialog">
            <KioskSetup
              form={form}
              tree={tree}
              initial={settings}
              askPin={false}
              onSave={async (choice) => {
                await onSettings({ waveId, unitId: choice.unitId, groupId: choice.groupId });
                setOperator(null);
                // A person half-way through was counted for the old unit: start clean.
                toWelcome();
              }}
              onCancel={() => setOperator("panel")}
            />
          </div>
        </div>
      )}
      {phase.name === "survey" && <StillThere key={phase.draft.id} onAbandon={abandon} />}
    </div>
  );
}

function Welcome({
  form,
  tree,
  settings,
  onStart,
}: {
  form: WaveForm;
  tree: UnitTree;
  settings: KioskSettings;
  onStart: (groupId: string, token: string | undefined) => void;
}) {
  const { t, text, lang } = useI18n();
  const k = useKioskText();
  const [groupId, setGroupId] = useState<string | null>(settings.groupId);
  const [tried, setTried] = useState(false);
  // A unit that issued slips takes one response per slip, on the kiosk too: the respondent types its code. Its
  // shape is checked here and, when online, whether it was issued and is unused; offline (or with no answer) it is
  // taken, and the queue's sync decides (a used or unknown code comes back as a failed item with the server's
  // reason, and the operator can give it another slip).
  const needsSlip = (form.slipUnitIds ?? []).includes(settings.unitId);
  const [slip, setSlip] = useState("");
  const [checking, setChecking] = useState(false);
  const [refused, setRefused] = useState<{ code: string; state: "used" | "unknown" } | null>(null);
  const slipCode = normaliseSlipCode(slip);
  const slipProblem = !needsSlip
    ? null
    : slipCode === ""
      ? k.slipCodeMissing
      : !isSlipCode(slipCode)
        ? k.slipCodeMalformed
        : refused?.code === slipCode
          ? refused.state === "used"
            ? k.slipCodeUsed
            : k.slipCodeUnknown
          : null;
  const slipId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const fixed = settings.groupId ? form.groups.find((g) => g.id === settings.groupId) : undefined;

  return (
    <form
      className="intro kiosk-welcome"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setTried(true);
        if (!groupId || slipProblem || checking) return;
        if (needsSlip && navigator.onLine) {
          setChecking(true);
          const state = await checkSlipState(form.wave.id, settings.unitId, slipCode);
          setChecking(false);
          if (state === "used" || state === "unknown") return setRefused({ code: slipCode, state });
        }
        onStart(groupId, needsSlip ? slipCode : undefined);
      }}
    >
      <h1 ref={heading} tabIndex={-1}>
        {text(form.wave.title)}
      </h1>
      <p className="hint">
        {t.waveWindow(formatDateTime(form.wave.opensAt, lang), formatDateTime(form.wave.closesAt, lang))}
      </p>
      <section className="notice" aria-labelledby="kiosk-anonymity">
        <h2 id="kiosk-anonymity">{t.anonymityTitle}</h2>
        {/* A form saved on the tablet before minGroupSize existed: the DESIGN.md default. */}
        <p>{t.anonymityText(form.minGroupSize ?? 5)}</p>
      </section>
      <div className="field">
        <p className="field-label">{k.welcomeUnit}</p>
        <p className="unit-fixed">{unitPath(tree, settings.unitId, lang)}</p>
      </div>
      {fixed ? (
        <div className="field">
          <p className="field-label">{k.groupFixed}</p>
          <p className="unit-fixed">{text(fixed.name)}</p>
        </div>
      ) : (
        <GroupChoice groups={form.groups} groupId={groupId} onChange={setGroupId} />
      )}
      {needsSlip && (
        <div className="field">
          <label className="field-label" htmlFor={slipId}>
            {k.slipCode}
          </label>
          <p className="hint">{k.slipCodeHint}</p>
          <input
            id={slipId}
            className="kiosk-pin-input"
            data-testid="kiosk-slip"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={20}
            value={slip}
            onChange={(e) => setSlip(e.target.value)}
          />
        </div>
      )}
      {tried && (!groupId || slipProblem) && (
        <p className="notice notice-error" role="alert" data-testid="kiosk-start-problem">
          {!groupId ? t.chooseGroup : slipProblem}
        </p>
      )}
      <button type="submit" className="button button-primary" data-testid="kiosk-start" disabled={checking}>
        {checking ? k.slipChecking : k.welcomeStart}
      </button>
    </form>
  );
}

function Thanks({ onNext }: { onNext: () => void }) {
  const k = useKioskText();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    const timer = setTimeout(onNext, thanksMs);
    return () => clearTimeout(timer);
  }, [onNext]);
  return (
    <section className="thanks kiosk-thanks" aria-labelledby="kiosk-thanks-title" data-testid="kiosk-thanks">
      <h1 id="kiosk-thanks-title" ref={heading} tabIndex={-1}>
        {k.kioskThanksTitle}
      </h1>
      <p>{k.kioskThanksText}</p>
      <button type="button" className="button button-primary" data-testid="kiosk-next" onClick={onNext}>
        {k.nextPerson}
      </button>
    </section>
  );
}
