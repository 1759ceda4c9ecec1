// /admin (the admin's home): the accounts in the admin's scope — create, change role or scope, disable or enable,
// reset a password. Every change is checked and audited by the server; this page shows its answer.
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { formatDateTime, useI18n } from "../i18n";
import {
  type Account,
  createAccount,
  fetchAccounts,
  type Role,
  resetPassword,
  type ScopedUnit,
  updateAccount,
} from "../staff/api";
import { StaffPage } from "../staff/StaffPage";
import { errorText, useStaffText } from "../staff/useStaffText";
import { UnitSelect } from "./UnitSelect";

const roleList: Role[] = ["admin", "analyst", "leader", "handler", "collector"];

type Notice = { ok: boolean; text: string; secret?: string } | null;

export function AccountsPage() {
  return (
    <StaffPage path="/admin">{({ user, units }) => <Accounts me={user.username} units={units} />}</StaffPage>
  );
}

function Accounts({ me, units }: { me: string; units: ScopedUnit[] }) {
  const t = useStaffText();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const reload = useCallback(async () => {
    const res = await fetchAccounts();
    if (res.ok) {
      setAccounts(res.data);
      setLoadError(null);
    } else setLoadError(errorText(t, res.error));
  }, [t]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const done = (n: Notice) => {
    setNotice(n);
    void reload();
  };

  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">{t.accountsTitle}</h1>
      <p className="hint">{t.accountsIntro}</p>
      {notice && (
        <div className={notice.ok ? "notice" : "notice notice-error"} role={notice.ok ? "status" : "alert"}>
          <p>{notice.text}</p>
          {notice.secret && (
            <p>
              {t.generatedPassword} <code data-testid="generated-password">{notice.secret}</code>
            </p>
          )}
        </div>
      )}
      <NewAccountForm units={units} onDone={done} />
      {loadError && (
        <p className="notice notice-error" role="alert">
          {loadError}
        </p>
      )}
      {accounts && accounts.length === 0 && <p className="notice">{t.noAccounts}</p>}
      {accounts && accounts.length > 0 && (
        <div className="table-wrap">
          <table className="data-table" data-testid="accounts">
            <thead>
              <tr>
                <th scope="col">{t.username}</th>
                <th scope="col">{t.role}</th>
                <th scope="col">{t.scope}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.passwordSet}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <AccountRow
                  key={a.username}
                  account={a}
                  isMe={a.username === me}
                  units={units}
                  onDone={done}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewAccountForm({ units, onDone }: { units: ScopedUnit[]; onDone: (n: Notice) => void }) {
  const t = useStaffText();
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role>("analyst");
  const [scope, setScope] = useState(units[0]?.id ?? "");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const res = await createAccount({
      username: username.trim(),
      role,
      scopeUnitId: scope,
      ...(password === "" ? {} : { password }),
    });
    setBusy(false);
    if (!res.ok) return onDone({ ok: false, text: errorText(t, res.error) });
    setUsername("");
    setPassword("");
    onDone({ ok: true, text: t.created(res.data.account.username), secret: res.data.password });
  };

  return (
    <details className="panel">
      <summary>{t.newAccount}</summary>
      <form onSubmit={submit} className="form form-grid" noValidate>
        <label>
          {t.username}
          <input
            name="new-username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label htmlFor="new-role">
          {t.role}
          <RoleSelect id="new-role" value={role} onChange={setRole} />
        </label>
        <label htmlFor="new-scope">
          {t.scopeUnit}
          <UnitSelect id="new-scope" units={units} value={scope} onChange={setScope} />
        </label>
        <label>
          {t.passwordOptional}
          <input
            name="new-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="button" disabled={busy || username.trim() === ""}>
          {t.create}
        </button>
      </form>
    </details>
  );
}

function RoleSelect({
  value,
  onChange,
  id,
  label,
}: {
  value: Role;
  onChange: (r: Role) => void;
  id?: string;
  label?: string;
}) {
  const t = useStaffText();
  return (
    <select id={id} aria-label={label} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {roleList.map((r) => (
        <option key={r} value={r}>
          {t.roles[r]}
        </option>
      ))}
    </select>
  );
}

function AccountRow({
  account,
  isMe,
  units,
  onDone,
}: {
  account: Account;
  isMe: boolean;
  units: ScopedUnit[];
  onDone: (n: Notice) => void;
}) {
  const t = useStaffText();
  const { text, lang } = useI18n();
  const [editing, setEditing] = useState(false);
  const [role, setRole] = useState<Role>(account.role);
  const [scope, setScope] = useState(account.scopeUnitId);
  const unitName = text(units.find((u) => u.id === account.scopeUnitId)?.name) || account.scopeUnitId;

  const apply = async (changes: Parameters<typeof updateAccount>[1]) => {
    const res = await updateAccount(account.username, changes);
    if (!res.ok) return onDone({ ok: false, text: errorText(t, res.error) });
    setEditing(false);
    onDone({ ok: true, text: t.saved(account.username) });
  };

  const reset = async () => {
    if (!confirm(t.confirmReset(account.username))) return;
    const res = await resetPassword(account.username);
    if (!res.ok) return onDone({ ok: false, text: errorText(t, res.error) });
    onDone({ ok: true, text: t.saved(account.username), secret: res.data.password });
  };

  return (
    <tr data-username={account.username}>
      <th scope="row">
        {account.username}
        {isMe && <span className="hint"> ({t.you})</span>}
      </th>
      <td>
        {editing ? (
          <RoleSelect value={role} onChange={setRole} label={`${t.role}: ${account.username}`} />
        ) : (
          t.roles[account.role]
        )}
      </td>
      <td>
        {editing ? (
          <UnitSelect
            units={units}
            value={scope}
            onChange={setScope}
            label={`${t.scope}: ${account.username}`}
          />
        ) : (
          unitName
        )}
      </td>
      <td>{account.disabled ? t.disabled : t.active}</td>
      <td>{formatDateTime(account.passwordChangedAt, lang)}</td>
      <td className="row-actions">
        {editing ? (
          <>
            <button type="button" className="button" onClick={() => apply({ role, scopeUnitId: scope })}>
              {t.save}
            </button>
            <button type="button" className="link-button" onClick={() => setEditing(false)}>
              {t.cancel}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              {t.edit}
            </button>
            {account.disabled ? (
              <button type="button" className="link-button" onClick={() => apply({ disabled: false })}>
                {t.enable}
              </button>
            ) : (
              <button
                type="button"
                className="link-button"
                onClick={() => confirm(t.confirmDisable(account.username)) && apply({ disabled: true })}
              >
                {t.disable}
              </button>
            )}
            <button type="button" className="link-button" onClick={reset}>
              {t.resetPassword}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
