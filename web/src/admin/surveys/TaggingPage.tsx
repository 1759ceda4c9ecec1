// /admin/surveys/:id/:version/tagging: every question and matrix row with its topic, thresholds and flags,
// edited one by one or in bulk, saved as a new version. A version that is not the latest is shown read-only.
import { useEffect, useMemo, useState } from "react";
import type { ApiErrorInfo } from "../../api";
import { useI18n } from "../../i18n";
import { StaffPage } from "../../staff/StaffPage";
import { refusalText } from "./problemText";
import {
  fetchTaggingView,
  type SavedVersion,
  saveTagging,
  type TaggingView,
  taggingPath,
} from "./surveysApi";
import { TaggingTable } from "./TaggingTable";
import { changesFrom, type Draft, draftOf, setTopicOf } from "./taggingDraft";
import { useSurveysText } from "./useSurveysText";
import "./surveys.css";

export function TaggingPage({ surveyId, version }: { surveyId: string; version: number }) {
  return (
    <StaffPage path="/admin/surveys">{() => <Tagging surveyId={surveyId} version={version} />}</StaffPage>
  );
}

type Problem = { text: string; detail?: string };

function Tagging({ surveyId, version }: { surveyId: string; version: number }) {
  const t = useSurveysText();
  const { lang, text } = useI18n();
  const [view, setView] = useState<TaggingView | null>(null);
  const [loadError, setLoadError] = useState<ApiErrorInfo | null>(null);
  const [original, setOriginal] = useState<Draft>({});
  const [draft, setDraft] = useState<Draft>({});
  const [page, setPage] = useState("");
  const [untaggedOnly, setUntaggedOnly] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkTopic, setBulkTopic] = useState("");
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<{ result: SavedVersion; created: boolean } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    void (async () => {
      const res = await fetchTaggingView(surveyId, version);
      if (!res.ok) return setLoadError(res.error);
      setView(res.data);
      const initial = draftOf(res.data.items);
      setOriginal(initial);
      setDraft(initial);
    })();
  }, [surveyId, version]);

  const pages = useMemo(() => {
    const seen = new Map<string, TaggingView["items"][number]["page"]>();
    for (const item of view?.items ?? []) if (!seen.has(item.page.name)) seen.set(item.page.name, item.page);
    return [...seen.values()];
  }, [view]);

  const shown = useMemo(
    () =>
      (view?.items ?? []).filter((item) => {
        if (page && item.page.name !== page) return false;
        if (!untaggedOnly) return true;
        const topicCapable = item.row !== null || item.cannot.topic === null;
        return topicCapable && draft[item.name]?.topic === null;
      }),
    [view, page, untaggedOnly, draft],
  );

  const unsaved = saved === null && changesFrom(original, draft).length > 0;
  useEffect(() => {
    if (!unsaved) return;
    // Tagging a long questionnaire is a lot of clicks: leaving the page by accident must not lose them.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    addEventListener("beforeunload", warn);
    return () => removeEventListener("beforeunload", warn);
  }, [unsaved]);

  if (loadError) {
    return (
      <div className="notice notice-error" role="alert">
        <p>{refusalText(loadError, lang).text}</p>
        <p>
          <a href="/admin/surveys">{t.back}</a>
        </p>
      </div>
    );
  }
  if (!view) return <p className="notice">…</p>;

  const readOnly = view.latestVersion !== version || saved !== null;
  const changes = changesFrom(original, draft);
  const selectable = shown
    .filter((item) => item.row === null && item.cannot.topic === null)
    .map((i) => i.name);
  const title = text(view.title);

  const save = async () => {
    setSaving(true);
    setProblem(null);
    const res = await saveTagging(surveyId, { baseVersion: version, changes });
    setSaving(false);
    if (!res.ok) return setProblem(refusalText(res.error, lang));
    setSaved({ result: res.data, created: res.status === 201 });
  };

  return (
    <section aria-labelledby="tagging-title" className="tagging">
      <p>
        <a href="/admin/surveys">{t.back}</a>
      </p>
      <h1 id="tagging-title">{t.taggingTitle(title, version)}</h1>
      <p className="hint">{t.taggingIntro}</p>
      {view.latestVersion !== version && (
        <p className="notice" data-testid="not-latest">
          {t.notLatest(view.latestVersion)}{" "}
          <a href={taggingPath(surveyId, view.latestVersion)}>{t.openLatest(view.latestVersion)}</a>
        </p>
      )}
      {view.usedByWaves.length > 0 && view.latestVersion === version && (
        <p className="notice" data-testid="used-by-waves">
          {t.usedByWaves(view.usedByWaves.join(", "))}
        </p>
      )}

      <div className="panel tagging-tools">
        <label className="inline-field">
          {t.page}
          <select value={page} onChange={(e) => setPage(e.target.value)} data-testid="page-filter">
            <option value="">{t.allPages}</option>
            {pages.map((p) => (
              <option key={p.name} value={p.name}>
                {text(p.title)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={untaggedOnly}
            onChange={(e) => setUntaggedOnly(e.target.checked)}
            data-testid="untagged-filter"
          />
          {t.onlyUntagged}
        </label>
        {!readOnly && (
          <fieldset className="bulk" aria-label={t.setTopicForSelected}>
            <label className="inline-field">
              {t.setTopicForSelected} ({t.selected(selected.size)})
              <select
                value={bulkTopic}
                onChange={(e) => setBulkTopic(e.target.value)}
                data-testid="bulk-topic"
              >
                <option value="">{t.noTopic}</option>
                {view.topics.map((topic) => (
                  <option key={topic.id} value={topic.id}>
                    {text(topic.name)}
                  </option>
                ))}
              </select>
            </label>
            <span className="row-actions">
              <button
                type="button"
                className="button"
                disabled={selected.size === 0}
                data-testid="bulk-apply"
                onClick={() => {
                  setDraft((d) => setTopicOf(d, selected, bulkTopic || null));
                  setSelected(new Set());
                }}
              >
                {t.apply}
              </button>
              <button
                type="button"
                className="link-button"
                disabled={selected.size === 0}
                onClick={() => setSelected(new Set())}
              >
                {t.clearSelection}
              </button>
            </span>
          </fieldset>
        )}
      </div>

      <p className="hint" role="status">
        {t.shown(shown.length, view.items.length)}
      </p>
      <TaggingTable
        items={shown}
        topics={view.topics}
        draft={draft}
        readOnly={readOnly}
        selected={selected}
        selectable={selectable}
        onSelect={setSelected}
        onChange={setDraft}
      />

      {!readOnly && (
        <div className="save-bar">
          <span>{t.changes(changes.length)}</span>
          <button
            type="button"
            className="button button-primary"
            disabled={saving || changes.length === 0}
            onClick={() => void save()}
            data-testid="save-tagging"
          >
            {saving ? t.saving : t.save}
          </button>
        </div>
      )}
      {problem && (
        <div className="notice notice-error" role="alert" data-testid="tagging-error">
          <p>{problem.text}</p>
          {problem.detail && <p className="problem-detail">{problem.detail}</p>}
        </div>
      )}
      {saved && (
        <p className="notice" role="status" data-testid="tagging-saved">
          {saved.created ? t.savedAs(saved.result.version) : t.nothingChanged(saved.result.version)}{" "}
          {saved.created && (
            <a href={taggingPath(surveyId, saved.result.version)}>{t.openVersion(saved.result.version)}</a>
          )}
        </p>
      )}
    </section>
  );
}
