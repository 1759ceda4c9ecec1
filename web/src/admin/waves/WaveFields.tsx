// The fields of a round's settings, shared by the new-round form and a scheduled round's editor: questionnaire and
// version, title, period, opening and close times on the plant's clock, channels. It holds no state of its own.
import type { ReactNode } from "react";
import { useI18n } from "../../i18n";
import { allChannels, type Draft } from "./draft";
import { wavesMessages } from "./messages";
import type { SurveySummary } from "./wavesApi";

interface Props {
  draft: Draft;
  onChange: (next: Draft) => void;
  surveys: readonly SurveySummary[];
  zone: string;
  /** The field the last refusal named (its `path`), marked invalid. */
  invalid?: string;
  /** Distinguishes the ids of several forms on one page. */
  idPrefix: string;
  /** A scheduled round keeps its questionnaire: only the version may change. */
  surveyFixed?: boolean;
  /** Shown right after the questionnaire and version (the new-round form's "Copy last round"). */
  children?: ReactNode;
}

export function WaveFields(props: Props) {
  const { draft, onChange, surveys, zone, invalid, idPrefix, surveyFixed } = props;
  const { lang, text } = useI18n();
  const t = wavesMessages[lang];
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => onChange({ ...draft, [key]: value });
  const survey = surveys.find((s) => s.id === draft.surveyId);
  const id = (name: string) => `${idPrefix}-${name}`;
  const bad = (name: string) => (invalid === name ? true : undefined);

  return (
    <>
      <label htmlFor={id("survey")} className="wave-field-half">
        {t.survey}
        <select
          id={id("survey")}
          value={draft.surveyId}
          disabled={surveyFixed}
          aria-invalid={bad("surveyId")}
          onChange={(e) => onChange({ ...draft, surveyId: e.target.value, surveyVersion: "" })}
        >
          {!survey && <option value="">—</option>}
          {surveys.map((s) => (
            <option key={s.id} value={s.id}>
              {text(s.title)} ({s.id})
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={id("version")} className="wave-field-half">
        {t.version}
        <select
          id={id("version")}
          value={draft.surveyVersion === "" ? (survey?.latestVersion ?? "") : draft.surveyVersion}
          aria-invalid={bad("surveyVersion")}
          onChange={(e) => set("surveyVersion", Number(e.target.value))}
        >
          {survey?.versions.map((v) => (
            <option key={v.version} value={v.version}>
              {t.versionLabel(
                v.version,
                v.version === survey.latestVersion,
                v.itemCount,
                v.usedByWaves.length,
              )}
            </option>
          ))}
        </select>
      </label>
      {props.children}
      <label htmlFor={id("title")} className="wave-field-wide">
        {t.waveTitle}
        <input
          id={id("title")}
          value={draft.title}
          maxLength={200}
          aria-invalid={bad("title")}
          onChange={(e) => set("title", e.target.value)}
        />
      </label>
      <label htmlFor={id("period-start")}>
        {t.periodStart}
        <input
          id={id("period-start")}
          type="date"
          value={draft.periodStart}
          aria-invalid={bad("periodStart")}
          onChange={(e) => set("periodStart", e.target.value)}
        />
      </label>
      <label htmlFor={id("period-end")}>
        {t.periodEnd}
        <input
          id={id("period-end")}
          type="date"
          value={draft.periodEnd}
          aria-invalid={bad("periodEnd")}
          onChange={(e) => set("periodEnd", e.target.value)}
        />
      </label>
      <label htmlFor={id("opens")}>
        {t.opensAt(zone)}
        <input
          id={id("opens")}
          type="datetime-local"
          value={draft.opensAt}
          aria-invalid={bad("opensAt")}
          onChange={(e) => set("opensAt", e.target.value)}
        />
      </label>
      <label htmlFor={id("closes")}>
        {t.closesAt(zone)}
        <input
          id={id("closes")}
          type="datetime-local"
          value={draft.closesAt}
          aria-invalid={bad("closesAt")}
          onChange={(e) => set("closesAt", e.target.value)}
        />
      </label>
      <fieldset className="wave-channels" aria-invalid={bad("channels")}>
        <legend>{t.channels}</legend>
        {allChannels.map((c) => (
          <label key={c} className="wave-check">
            <input
              type="checkbox"
              name={`${idPrefix}-channel-${c}`}
              checked={draft.channels.includes(c)}
              onChange={(e) =>
                set(
                  "channels",
                  allChannels.filter((x) => (x === c ? e.target.checked : draft.channels.includes(x))),
                )
              }
            />
            {t.channel[c]}
          </label>
        ))}
      </fieldset>
    </>
  );
}
