// /admin/waves (admins of the whole organisation): create a survey round — by hand, from the URL's ?survey=&version=
// (the questionnaire page links here), or copied from the last one — and run the rounds: open, extend, close.
import "./waves.css";
import { useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { StaffPage } from "../../staff/StaffPage";
import { type Draft, draftOf, emptyDraft } from "./draft";
import { wavesMessages } from "./messages";
import { NewWaveForm } from "./NewWaveForm";
import { offsetLabel } from "./plantTime";
import { problemText } from "./problemText";
import { type Notice, WaveCard } from "./WaveCard";
import {
  type AdminWave,
  type AdminWaves,
  copyWave,
  fetchAdminWaves,
  fetchSurveys,
  type SurveySummary,
} from "./wavesApi";

export function WavesPage() {
  return <StaffPage path="/admin/waves">{() => <Waves />}</StaffPage>;
}

/** The draft the URL asks for: `?survey=ID&version=N` from the questionnaire page. */
function draftFromUrl(): { draft: Draft; asked: boolean } {
  const q = new URLSearchParams(location.search);
  const survey = q.get("survey") ?? "";
  const version = Number(q.get("version"));
  return {
    draft: emptyDraft(survey, Number.isInteger(version) && version > 0 ? version : ""),
    asked: survey !== "",
  };
}

function Waves() {
  const { lang } = useI18n();
  const t = wavesMessages[lang];
  const [initial] = useState(draftFromUrl);
  const [data, setData] = useState<AdminWaves | null>(null);
  const [surveys, setSurveys] = useState<SurveySummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [draft, setDraft] = useState<Draft>(initial.draft);
  const [formOpen, setFormOpen] = useState(initial.asked);
  const formRef = useRef<HTMLDivElement>(null);

  const reload = useCallback(async () => {
    const [waves, list] = await Promise.all([fetchAdminWaves(), fetchSurveys()]);
    if (!waves.ok) return setLoadError(problemText(lang, waves.error));
    if (!list.ok) return setLoadError(problemText(lang, list.error));
    setLoadError(null);
    setData(waves.data);
    setSurveys(list.data);
    // A first round has nothing to copy: the form is the page's first step.
    if (waves.data.waves.length === 0) setFormOpen(true);
    setDraft((d) => (d.surveyId === "" && list.data[0] ? { ...d, surveyId: list.data[0].id } : d));
  }, [lang]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const done = (n: Notice) => {
    setNotice(n);
    void reload();
  };

  const copyFrom = async (wave: AdminWave) => {
    const res = await copyWave(wave.id);
    if (!res.ok) return setNotice({ ok: false, text: problemText(lang, res.error) });
    setDraft(draftOf(res.data, data?.tzOffsetMinutes ?? 480));
    setNotice({ ok: true, text: t.copiedFrom(wave.title) });
    setFormOpen(true);
    formRef.current?.scrollIntoView({ block: "start" });
  };

  const zone = offsetLabel(data?.tzOffsetMinutes ?? 480);
  return (
    <section aria-labelledby="waves-title" className="waves-admin">
      <h1 id="waves-title">{t.title}</h1>
      <p className="hint">
        {t.intro} <strong data-testid="time-zone">{t.timeZone(zone)}</strong>
      </p>
      {notice && (
        <p
          className={notice.ok ? "notice" : "notice notice-error"}
          role={notice.ok ? "status" : "alert"}
          data-testid="waves-notice"
        >
          {notice.text}
        </p>
      )}
      {loadError && (
        <p className="notice notice-error" role="alert">
          {loadError}
        </p>
      )}
      {data && surveys && (
        <>
          <div ref={formRef}>
            <NewWaveForm
              draft={draft}
              onDraft={setDraft}
              surveys={surveys}
              waves={data.waves}
              offsetMinutes={data.tzOffsetMinutes}
              zone={zone}
              open={formOpen}
              onToggle={setFormOpen}
              onCreated={(wave) => {
                setFormOpen(false);
                setDraft(emptyDraft(draft.surveyId));
                done({ ok: true, text: t.created(wave.title) });
              }}
            />
          </div>
          <h2>{t.listTitle}</h2>
          {data.waves.length === 0 && <p className="notice">{t.noWaves}</p>}
          <div className="wave-admin-list" data-testid="wave-list">
            {data.waves.map((w) => (
              <WaveCard
                key={`${w.id}:${w.opensAt}:${w.closesAt}`}
                wave={w}
                surveys={surveys}
                offsetMinutes={data.tzOffsetMinutes}
                zone={zone}
                onDone={done}
                onCopy={copyFrom}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
