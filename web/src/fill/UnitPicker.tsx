// Choosing one's unit: search by any part of a name in either language, or drill down the tree.
// Results show the whole path because many teams share a name (every station has a 班组2).
import { useId, useState } from "react";
import type { FormUnit } from "../api";
import { useI18n } from "../i18n";
import { hasChildren, searchUnits, type UnitTree, unitPath } from "./unitTree";

const maxResults = 30;

interface Props {
  tree: UnitTree;
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** The respondent's "your unit" unless given (the kiosk's operator chooses for others). */
  label?: string;
}

export function UnitPicker({ tree, selectedId, onSelect, label }: Props) {
  const { t, text, lang } = useI18n();
  const [query, setQuery] = useState("");
  const [browseId, setBrowseId] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();

  const searching = query.trim() !== "";
  const results = searching ? searchUnits(tree, query) : [];
  const listed = searching
    ? results.slice(0, maxResults)
    : browseId
      ? (tree.children.get(browseId) ?? [])
      : tree.topLevel;

  const option = (u: FormUnit, label: string) => (
    <li key={u.id} className="unit-row">
      <button
        type="button"
        className="unit-option"
        data-testid={`unit-option-${u.id}`}
        aria-pressed={u.id === selectedId}
        onClick={() => onSelect(u.id)}
      >
        {label}
      </button>
      {!searching && hasChildren(tree, u.id) && (
        <button
          type="button"
          className="unit-drill"
          aria-label={t.showSubunits(text(u.name))}
          onClick={() => setBrowseId(u.id)}
        >
          ›
        </button>
      )}
    </li>
  );

  return (
    <div className="unit-picker">
      <label htmlFor={inputId} className="field-label">
        {label ?? t.unitLabel}
      </label>
      <p id={hintId} className="hint">
        {t.unitHint}
      </p>
      <input
        id={inputId}
        type="search"
        className="unit-search"
        data-testid="unit-search"
        aria-describedby={hintId}
        placeholder={t.unitPlaceholder}
        autoComplete="off"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {!searching && browseId && <Breadcrumb tree={tree} id={browseId} onGo={setBrowseId} />}
      <ul className="unit-list">
        {listed.map((u) => option(u, searching ? unitPath(tree, u.id, lang) : text(u.name)))}
      </ul>
      {searching && results.length === 0 && <p className="hint">{t.noMatches}</p>}
      {results.length > maxResults && <p className="hint">{t.moreMatches(results.length - maxResults)}</p>}
      <p className="unit-selected" aria-live="polite">
        {selectedId && (
          <>
            {t.selectedUnit} <strong>{unitPath(tree, selectedId, lang)}</strong>
          </>
        )}
      </p>
    </div>
  );
}

function Breadcrumb({ tree, id, onGo }: { tree: UnitTree; id: string; onGo: (id: string | null) => void }) {
  const { t, text } = useI18n();
  // Walk up to the top level the browser starts from; the root above it is "all units".
  const trail: FormUnit[] = [];
  for (let u = tree.byId.get(id); u; u = u.parentId ? tree.byId.get(u.parentId) : undefined) {
    trail.unshift(u);
    if (tree.topLevel.includes(u)) break;
  }
  return (
    <nav className="unit-crumbs" aria-label={t.unitLabel}>
      <button type="button" onClick={() => onGo(null)}>
        {t.allUnits}
      </button>
      {trail.map((u) => (
        <span key={u.id}>
          {" › "}
          <button
            type="button"
            onClick={() => onGo(u.id)}
            aria-current={u.id === id ? "location" : undefined}
          >
            {text(u.name)}
          </button>
        </span>
      ))}
    </nav>
  );
}
