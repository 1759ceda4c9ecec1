// /admin/settings: the organisation's minimum group sizes, the languages offered and the working-day calendar's own
// days. One form, saved whole; the server checks every field (a refusal changes nothing) and audits the change.
import { type FormEvent, useEffect, useState } from "react";
import { StaffPage } from "../../staff/StaffPage";
import { type SettingsMessages, useProblemText, useSettingsText } from "./messages";
import { fetchSettings, type OrgSettings, saveSettings } from "./settingsApi";
import "./settings.css";

type Language = OrgSettings["languages"][number];
type DayKind = "holiday" | "workday";
interface Day {
  date: string;
  kind: DayKind;
  note: string;
}
interface Draft {
  minGroupSize: string;
  commentMinGroupSize: string;
  languages: Language[];
  days: Day[];
}

const draftOf = (s: OrgSettings): Draft => ({
  minGroupSize: String(s.minGroupSize),
  commentMinGroupSize: String(s.commentMinGroupSize),
  languages: [...s.languages],
  days: [
    ...s.calendar.holidays.map((date) => ({
      date,
      kind: "holiday" as const,
      note: s.calendar.notes[date] ?? "",
    })),
    ...s.calendar.workdays.map((date) => ({
      date,
      kind: "workday" as const,
      note: s.calendar.notes[date] ?? "",
    })),
  ].sort((a, b) => a.date.localeCompare(b.date)),
});

export function SettingsPage() {
  return <StaffPage path="/admin/settings">{() => <Settings />}</StaffPage>;
}

function Settings() {
  const t = useSettingsText();
  const problem = useProblemText();
  const [saved, setSaved] = useState<OrgSettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string; path?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void fetchSettings().then((res) => {
      if (!res.ok) return setNotice({ ok: false, text: problem(res.error) });
      setSaved(res.data);
      setDraft(draftOf(res.data));
    });
  }, [problem]);

  if (!draft || !saved) {
    return notice ? (
      <p className="notice notice-error" role="alert">
        {notice.text}
      </p>
    ) : (
      <p className="notice">…</p>
    );
  }
  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    setNotice(null);
  };
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(saved));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const notes = Object.fromEntries(
      draft.days.filter((d) => d.note.trim() !== "").map((d) => [d.date, d.note.trim()]),
    );
    const res = await saveSettings({
      minGroupSize: Number(draft.minGroupSize),
      commentMinGroupSize: Number(draft.commentMinGroupSize),
      languages: draft.languages,
      calendar: {
        holidays: draft.days.filter((d) => d.kind === "holiday").map((d) => d.date),
        workdays: draft.days.filter((d) => d.kind === "workday").map((d) => d.date),
        notes,
      },
    });
    setBusy(false);
    if (!res.ok) return setNotice({ ok: false, text: problem(res.error), path: res.error.path });
    setSaved(res.data);
    setDraft(draftOf(res.data));
    setNotice({ ok: true, text: t.saved });
  };

  const invalid = (path: string) =>
    notice && !notice.ok && notice.path?.startsWith(path) ? true : undefined;
  return (
    <form aria-labelledby="settings-title" onSubmit={submit} noValidate>
      <h1 id="settings-title">{t.settingsTitle}</h1>
      <p className="hint">{t.settingsIntro}</p>

      <section className="settings-section" aria-labelledby="anonymity-title">
        <h2 id="anonymity-title">{t.anonymity}</h2>
        <GroupSizeField
          label={t.minGroupSize}
          hint={t.minGroupSizeHint}
          hintId="min-group-hint"
          name="minGroupSize"
          min={3}
          value={draft.minGroupSize}
          invalid={invalid("minGroupSize")}
          onChange={(minGroupSize) => change({ minGroupSize })}
        />
        <GroupSizeField
          label={t.commentMinGroupSize}
          hint={t.commentMinGroupSizeHint}
          hintId="comment-group-hint"
          name="commentMinGroupSize"
          min={10}
          value={draft.commentMinGroupSize}
          invalid={invalid("commentMinGroupSize")}
          onChange={(commentMinGroupSize) => change({ commentMinGroupSize })}
        />
      </section>

      <Languages t={t} languages={draft.languages} onChange={(languages) => change({ languages })} />

      <Calendar
        t={t}
        days={draft.days}
        years={saved.calendarYears}
        invalid={invalid("calendar") ?? false}
        onChange={(days) => change({ days })}
      />

      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={busy || !dirty}>
          {t.saveSettings}
        </button>
        {dirty && !notice && <span className="hint">{t.unsaved}</span>}
        {notice && (
          <span
            className={notice.ok ? "notice" : "notice notice-error"}
            role={notice.ok ? "status" : "alert"}
          >
            {notice.text}
          </span>
        )}
      </div>
    </form>
  );
}

/** A smallest group size: a whole number of people, with the lowest value it may take and why it matters. */
function GroupSizeField({
  label,
  hint,
  hintId,
  name,
  min,
  value,
  invalid,
  onChange,
}: {
  label: string;
  hint: string;
  hintId: string;
  name: string;
  min: number;
  value: string;
  invalid: true | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <label className="settings-field">
      {label}
      <input
        name={name}
        type="number"
        inputMode="numeric"
        min={min}
        step={1}
        value={value}
        aria-invalid={invalid}
        aria-describedby={hintId}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="hint" id={hintId}>
        {hint}
      </span>
    </label>
  );
}

function Languages({
  t,
  languages,
  onChange,
}: {
  t: SettingsMessages;
  languages: Language[];
  onChange: (languages: Language[]) => void;
}) {
  const label: Record<Language, string> = { "zh-cn": t.langZh, en: t.langEn };
  const toggle = (lang: Language, on: boolean) =>
    onChange(on ? [...languages, lang] : languages.filter((l) => l !== lang));
  return (
    <section className="settings-section settings-languages" aria-labelledby="languages-title">
      <h2 id="languages-title">{t.languagesTitle}</h2>
      <p className="hint">{t.languagesHint}</p>
      {(["zh-cn", "en"] as const).map((lang) => (
        <label key={lang}>
          <input
            type="checkbox"
            name={`language-${lang}`}
            checked={languages.includes(lang)}
            // The last language cannot be switched off: the site needs one.
            disabled={languages.length === 1 && languages[0] === lang}
            onChange={(e) => toggle(lang, e.target.checked)}
          />
          {label[lang]}
        </label>
      ))}
      {languages.length > 1 && (
        <label className="settings-field">
          {t.defaultLanguage}
          <select
            name="defaultLanguage"
            value={languages[0]}
            onChange={(e) => {
              const first = e.target.value as Language;
              onChange([first, ...languages.filter((l) => l !== first)]);
            }}
          >
            {languages.map((lang) => (
              <option key={lang} value={lang}>
                {label[lang]}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}

function Calendar({
  t,
  days,
  years,
  invalid,
  onChange,
}: {
  t: SettingsMessages;
  days: Day[];
  years: OrgSettings["calendarYears"];
  invalid: boolean;
  onChange: (days: Day[]) => void;
}) {
  const [date, setDate] = useState("");
  const [kind, setKind] = useState<DayKind>("holiday");
  const [note, setNote] = useState("");
  const add = () => {
    const others = days.filter((d) => d.date !== date);
    onChange([...others, { date, kind, note: note.trim() }].sort((a, b) => a.date.localeCompare(b.date)));
    setDate("");
    setNote("");
  };
  // A year just added in the form, not saved yet, is not in the server's list: it shows after saving.
  return (
    <section className="settings-section" aria-labelledby="calendar-title">
      <h2 id="calendar-title">{t.calendarTitle}</h2>
      <p className="hint">{t.calendarHint}</p>
      <ul className="calendar-years" data-testid="calendar-years">
        {years.map((y) => (
          <li key={y.year} className={y.builtIn ? undefined : "not-covered"}>
            {y.builtIn ? t.yearCovered(y.year) : t.yearNotCovered(y.year)}
          </li>
        ))}
      </ul>
      <div className="calendar-add">
        <label>
          {t.date}
          <input name="calendar-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          {t.kind}
          <select name="calendar-kind" value={kind} onChange={(e) => setKind(e.target.value as DayKind)}>
            <option value="holiday">{t.holiday}</option>
            <option value="workday">{t.workday}</option>
          </select>
        </label>
        <label>
          {t.note}
          <input
            name="calendar-note"
            maxLength={100}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <button type="button" className="button" disabled={!/^\d{4}-\d{2}-\d{2}$/.test(date)} onClick={add}>
          {t.addDay}
        </button>
      </div>
      {days.length === 0 ? (
        <p className="hint">{t.noOverrides}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="calendar-days" aria-invalid={invalid || undefined}>
            <thead>
              <tr>
                <th scope="col">{t.date}</th>
                <th scope="col">{t.kind}</th>
                <th scope="col">{t.note}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.date} data-date={d.date}>
                  <th scope="row">{d.date}</th>
                  <td>{d.kind === "holiday" ? t.holiday : t.workday}</td>
                  <td>{d.note}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onChange(days.filter((x) => x.date !== d.date))}
                    >
                      {t.remove}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
