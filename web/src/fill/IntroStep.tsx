// Before the questionnaire: what this wave is, the promise of anonymity, and the two answers SurveyJS does
// not ask — the respondent's unit (fixed when the link carries ?unit=) and respondent group — and, for a slip's
// link, whether the slip is still good, so a used or made-up one is refused before the questionnaire.

import { type FormEvent, useState } from "react";
import type { WaveForm } from "../api";
import { formatDateTime, useI18n } from "../i18n";
import { GroupChoice } from "./GroupChoice";
import { useSlipCheck } from "./slipCheck";
import { UnitPicker } from "./UnitPicker";
import { type UnitTree, unitPath } from "./unitTree";

interface Props {
  form: WaveForm;
  tree: UnitTree;
  /** From ?unit= in the link; null when the respondent chooses. */
  linkUnitId: string | null;
  /** The slip's token from the link (?t=), if any. */
  token: string | undefined;
  initialUnitId: string | null;
  initialGroupId: string | null;
  onStart: (unitId: string, groupId: string) => void;
}

export function IntroStep({ form, tree, linkUnitId, token, initialUnitId, initialGroupId, onStart }: Props) {
  const { t, text, lang } = useI18n();
  const linkUnit = linkUnitId === null ? undefined : tree.byId.get(linkUnitId);
  const [unitId, setUnitId] = useState(linkUnit ? linkUnit.id : initialUnitId);
  const [groupId, setGroupId] = useState(initialGroupId);
  const [triedToStart, setTriedToStart] = useState(false);
  const missing = !triedToStart ? null : !unitId ? t.chooseUnit : !groupId ? t.chooseGroup : null;
  const { wave } = form;

  // A unit collecting with slips refuses answers without one: say so before the questionnaire, not after it.
  const needsSlip = unitId !== null && token === undefined && (form.slipUnitIds ?? []).includes(unitId);
  // A used or unknown slip can never be taken: no start at all. An unanswered check lets them start.
  const slip = useSlipCheck(wave.id, unitId, token);
  const slipRefused = slip === "used" || slip === "unknown";
  const canStart = !needsSlip && slip !== "checking";

  const start = (e: FormEvent) => {
    e.preventDefault();
    setTriedToStart(true);
    if (unitId && groupId && canStart && !slipRefused) onStart(unitId, groupId);
  };

  return (
    <form className="intro" onSubmit={start} noValidate>
      <h1>{text(wave.title)}</h1>
      <p className="hint">
        {t.waveWindow(formatDateTime(wave.opensAt, lang), formatDateTime(wave.closesAt, lang))}
      </p>

      <section className="notice" aria-labelledby="anonymity-title">
        <h2 id="anonymity-title">{t.anonymityTitle}</h2>
        <p>{t.anonymityText(form.minGroupSize ?? 5)}</p>
      </section>

      {linkUnit ? (
        <div className="field">
          <p className="field-label">{t.unitFromLink}</p>
          <p className="unit-fixed">{unitPath(tree, linkUnit.id, lang)}</p>
        </div>
      ) : (
        <div className="field">
          {linkUnitId !== null && (
            <p className="notice notice-error" role="alert">
              {t.unitUnknown}
            </p>
          )}
          <UnitPicker tree={tree} selectedId={unitId} onSelect={setUnitId} />
        </div>
      )}

      <GroupChoice groups={form.groups} groupId={groupId} onChange={setGroupId} />

      {needsSlip && (
        <p className="notice notice-error" role="alert" data-testid="slip-needed">
          {t.slipNeeded}
        </p>
      )}
      {slipRefused && (
        <p className="notice notice-error" role="alert" data-testid="slip-refused">
          {slip === "used" ? t.slipUsed : t.slipInvalid}
        </p>
      )}
      {missing && (
        <p className="notice notice-error" role="alert">
          {missing}
        </p>
      )}
      {!slipRefused && (
        <button
          type="submit"
          className="button button-primary"
          data-testid="start-survey"
          disabled={!canStart}
        >
          {slip === "checking" ? t.slipChecking : t.start}
        </button>
      )}
    </form>
  );
}
