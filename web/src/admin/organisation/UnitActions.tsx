// What an admin can do to the chosen unit: rename, set its headcount, add a sub-unit, move it, merge it into another
// unit, retire it. Destructive changes ask for confirmation; every answer of the API is shown in the user's language.
import { type ReactNode, useState } from "react";
import type { ApiResult } from "../../api";
import { useI18n } from "../../i18n";
import type { ScopedUnit } from "../../staff/api";
import { UnitSelect } from "../UnitSelect";
import type { OrganisationMessages } from "./messages";
import { addUnit, mergeUnit, moveUnit, renameUnit, retireUnit, setHeadcount } from "./orgApi";

export type Notice = { ok: boolean; text: string } | null;

const kinds = ["plant", "area", "station", "team", "department"] as const;

export function UnitActions({
  t,
  unit,
  units,
  errorText,
  onDone,
}: {
  t: OrganisationMessages;
  unit: ScopedUnit;
  units: readonly ScopedUnit[];
  errorText: (error: { code: string; message: string }) => string;
  /** After a change: the notice to show, and the unit to select next (null: keep the selection). */
  onDone: (notice: Notice, select?: string | null) => void;
}) {
  const { text } = useI18n();
  const name = text(unit.name);
  const isRoot = unit.parentId === null;
  const [busy, setBusy] = useState(false);
  // Units a move or merge may target: neither the unit itself nor anything below it.
  const unitPath = pathOf(unit, units);
  const outside = units.filter((u) => !pathOf(u, units).startsWith(unitPath));

  const run = async <T,>(send: () => Promise<ApiResult<T>>, ok: string, select?: string | null) => {
    setBusy(true);
    const res = await send();
    setBusy(false);
    if (!res.ok) return onDone({ ok: false, text: errorText(res.error) });
    onDone({ ok: true, text: ok }, select);
  };

  return (
    <section className="panel org-actions" aria-labelledby="unit-panel-title" data-testid="unit-actions">
      <h2 id="unit-panel-title">{t.unitPanel(name)}</h2>
      <p className="hint">
        {t.unitId}: <code>{unit.id}</code> · {t.kind}: {t.kinds[unit.kind] ?? unit.kind}
      </p>
      <RenameForm
        t={t}
        unit={unit}
        busy={busy}
        onSubmit={(zh, en) => run(() => renameUnit(unit.id, zh, en), t.done.renamed(zh))}
      />
      <HeadcountForm
        t={t}
        unit={unit}
        busy={busy}
        onSubmit={(n) => run(() => setHeadcount(unit.id, n), t.done.headcount(name, n))}
      />
      <AddForm
        t={t}
        busy={busy}
        onSubmit={(input) =>
          run(() => addUnit({ ...input, parentId: unit.id }), t.done.added(input.nameZh), unit.id)
        }
      />
      {isRoot ? (
        <p className="hint">{t.rootNote}</p>
      ) : (
        <>
          <PickAndConfirm
            t={t}
            title={t.move}
            label={t.newParent}
            button={t.moveButton}
            yes={t.yesMove}
            choices={outside.filter((u) => u.id !== unit.parentId)}
            confirm={(target) => t.confirmMove(name, target)}
            busy={busy}
            testId="move"
            onConfirm={(target) => run(() => moveUnit(unit.id, target), t.done.moved(name))}
          />
          <PickAndConfirm
            t={t}
            title={t.merge}
            label={t.mergeInto}
            button={t.mergeButton}
            yes={t.yesMerge}
            choices={outside}
            confirm={(target) => t.confirmMerge(name, target)}
            hint={t.mergeHint}
            busy={busy}
            testId="merge"
            onConfirm={(target) => run(() => mergeUnit(unit.id, target), t.done.merged(name), target)}
          />
          <Confirmed
            t={t}
            title={t.retire}
            hint={t.retireHint}
            button={t.retireButton}
            yes={t.yesRetire}
            question={t.confirmRetire(name)}
            busy={busy}
            testId="retire"
            onConfirm={() => run(() => retireUnit(unit.id), t.done.retired(name), unit.parentId)}
          />
        </>
      )}
    </section>
  );
}

/** A unit's path from the root ("/plant/area-1/"), from the flat list: the API lists ids and parents only. */
function pathOf(unit: ScopedUnit, units: readonly ScopedUnit[]): string {
  const byId = new Map(units.map((u) => [u.id, u]));
  const ids: string[] = [];
  for (let at: ScopedUnit | undefined = unit; at && ids.length <= units.length; ) {
    ids.unshift(at.id);
    at = at.parentId ? byId.get(at.parentId) : undefined;
  }
  return `/${ids.join("/")}/`;
}

function RenameForm({
  t,
  unit,
  busy,
  onSubmit,
}: {
  t: OrganisationMessages;
  unit: ScopedUnit;
  busy: boolean;
  onSubmit: (nameZh: string, nameEn: string) => void;
}) {
  const names = typeof unit.name === "string" ? { "zh-cn": unit.name, default: unit.name } : unit.name;
  const [zh, setZh] = useState(names["zh-cn"] ?? "");
  const [en, setEn] = useState(names.default ?? "");
  return (
    <ActionForm
      title={t.rename}
      testId="rename"
      submit={t.save}
      disabled={busy || zh.trim() === ""}
      onSubmit={() => onSubmit(zh.trim(), en.trim())}
    >
      <label>
        {t.nameZh}
        <input name="name-zh" value={zh} maxLength={100} onChange={(e) => setZh(e.target.value)} />
      </label>
      <label>
        {t.nameEn}
        <input name="name-en" value={en} maxLength={100} onChange={(e) => setEn(e.target.value)} />
      </label>
    </ActionForm>
  );
}

function HeadcountForm({
  t,
  unit,
  busy,
  onSubmit,
}: {
  t: OrganisationMessages;
  unit: ScopedUnit;
  busy: boolean;
  onSubmit: (headcount: number) => void;
}) {
  const [value, setValue] = useState(String(unit.headcount));
  const n = Number(value);
  const valid = value.trim() !== "" && Number.isInteger(n) && n >= 0;
  return (
    <ActionForm
      title={t.setHeadcount}
      testId="headcount"
      submit={t.save}
      disabled={busy || !valid}
      onSubmit={() => {
        if (valid) onSubmit(n);
      }}
    >
      <HeadcountField label={t.headcount} name="headcount" value={value} onChange={setValue} />
    </ActionForm>
  );
}

function AddForm({
  t,
  busy,
  onSubmit,
}: {
  t: OrganisationMessages;
  busy: boolean;
  onSubmit: (input: {
    id?: string;
    nameZh: string;
    nameEn?: string;
    kind: (typeof kinds)[number];
    headcount: number;
  }) => void;
}) {
  const [id, setId] = useState("");
  const [zh, setZh] = useState("");
  const [en, setEn] = useState("");
  const [kind, setKind] = useState<(typeof kinds)[number]>("team");
  const [headcount, setHeadcountValue] = useState("0");
  const n = Number(headcount);
  const valid = zh.trim() !== "" && Number.isInteger(n) && n >= 0;
  return (
    <ActionForm
      title={t.addSubUnit}
      testId="add"
      submit={t.add}
      disabled={busy || !valid}
      onSubmit={() => {
        if (!valid) return;
        onSubmit({
          ...(id.trim() ? { id: id.trim() } : {}),
          nameZh: zh.trim(),
          ...(en.trim() ? { nameEn: en.trim() } : {}),
          kind,
          headcount: n,
        });
      }}
    >
      <label>
        {t.nameZh}
        <input name="new-name-zh" value={zh} maxLength={100} onChange={(e) => setZh(e.target.value)} />
      </label>
      <label>
        {t.nameEn}
        <input name="new-name-en" value={en} maxLength={100} onChange={(e) => setEn(e.target.value)} />
      </label>
      <label>
        {t.kind}
        <select
          name="new-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as (typeof kinds)[number])}
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t.kinds[k]}
            </option>
          ))}
        </select>
      </label>
      <HeadcountField
        label={t.headcount}
        name="new-headcount"
        value={headcount}
        onChange={setHeadcountValue}
      />
      <label>
        {t.newId}
        <input
          name="new-id"
          value={id}
          maxLength={100}
          autoCapitalize="none"
          spellCheck={false}
          onChange={(e) => setId(e.target.value)}
        />
      </label>
    </ActionForm>
  );
}

/** Pick a target unit, then say yes to a sentence naming both: a move or a merge is never one click. */
function PickAndConfirm({
  t,
  title,
  label,
  button,
  yes,
  choices,
  confirm,
  hint,
  busy,
  testId,
  onConfirm,
}: {
  t: OrganisationMessages;
  title: string;
  label: string;
  button: string;
  yes: string;
  choices: readonly ScopedUnit[];
  confirm: (targetName: string) => string;
  hint?: string;
  busy: boolean;
  testId: string;
  onConfirm: (targetId: string) => void;
}) {
  const { text } = useI18n();
  const [target, setTarget] = useState(choices[0]?.id ?? "");
  const [asking, setAsking] = useState(false);
  const chosen = choices.find((u) => u.id === target);
  return (
    <details className="org-action" data-testid={testId}>
      <summary>{title}</summary>
      {hint && <p className="hint">{hint}</p>}
      <div className="form form-grid">
        <label htmlFor={`${testId}-target`}>
          {label}
          <UnitSelect
            id={`${testId}-target`}
            units={choices}
            value={target}
            onChange={(v) => {
              setTarget(v);
              setAsking(false);
            }}
          />
        </label>
        <button type="button" className="button" disabled={busy || !chosen} onClick={() => setAsking(true)}>
          {button}
        </button>
      </div>
      {asking && chosen && (
        <ConfirmDialog
          t={t}
          title={title}
          question={confirm(text(chosen.name))}
          yes={yes}
          busy={busy}
          onYes={() => {
            setAsking(false);
            onConfirm(chosen.id);
          }}
          onCancel={() => setAsking(false)}
        />
      )}
    </details>
  );
}

function Confirmed({
  t,
  title,
  hint,
  button,
  yes,
  question,
  busy,
  testId,
  onConfirm,
}: {
  t: OrganisationMessages;
  title: string;
  hint: string;
  button: string;
  yes: string;
  question: string;
  busy: boolean;
  testId: string;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <details className="org-action" data-testid={testId}>
      <summary>{title}</summary>
      <p className="hint">{hint}</p>
      {asking ? (
        <ConfirmDialog
          t={t}
          title={title}
          question={question}
          yes={yes}
          busy={busy}
          onYes={() => {
            setAsking(false);
            onConfirm();
          }}
          onCancel={() => setAsking(false)}
        />
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => setAsking(true)}>
          {button}
        </button>
      )}
    </details>
  );
}

/** A whole, non-negative number of staff, with the numeric keypad on a phone. */
function HeadcountField({
  label,
  name,
  value,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <input
        name={name}
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** The sentence to say yes to before a move, merge or retire goes ahead, with yes and cancel. */
function ConfirmDialog({
  t,
  title,
  question,
  yes,
  busy,
  onYes,
  onCancel,
}: {
  t: OrganisationMessages;
  title: string;
  question: string;
  yes: string;
  busy: boolean;
  onYes: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="notice org-confirm" role="alertdialog" aria-label={title}>
      <p>{question}</p>
      <p className="row-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={onYes}>
          {yes}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t.cancel}
        </button>
      </p>
    </div>
  );
}

/** One change to the unit, folded away until opened: its fields and a submit button. */
function ActionForm({
  title,
  testId,
  submit,
  disabled,
  onSubmit,
  children,
}: {
  title: string;
  testId: string;
  submit: string;
  disabled: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <details className="org-action" data-testid={testId}>
      <summary>{title}</summary>
      <form
        className="form form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
        <button type="submit" className="button button-primary" disabled={disabled}>
          {submit}
        </button>
      </form>
    </details>
  );
}
