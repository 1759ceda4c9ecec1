// /account: the signed-in user changes their own password. The server ends every other session of the account
// and gives this browser a fresh one, so the page stays signed in.
import { type FormEvent, useState } from "react";
import { changeOwnPassword } from "./api";
import { StaffPage } from "./StaffPage";
import { errorText, useStaffText } from "./useStaffText";

export function AccountPage() {
  const t = useStaffText();
  return (
    <StaffPage path="/account">
      {({ user }) => (
        <section aria-labelledby="account-title">
          <h1 id="account-title">{t.accountTitle}</h1>
          <p>
            {user.username} · {t.roles[user.role]}
          </p>
          <PasswordForm />
        </section>
      )}
    </StaffPage>
  );
}

function PasswordForm() {
  const t = useStaffText();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) return setMessage({ ok: false, text: t.passwordsDiffer });
    setBusy(true);
    const res = await changeOwnPassword(current, next);
    setBusy(false);
    if (!res.ok) return setMessage({ ok: false, text: errorText(t, res.error) });
    setCurrent("");
    setNext("");
    setRepeat("");
    setMessage({ ok: true, text: t.passwordChanged });
  };

  return (
    <form onSubmit={submit} className="form" noValidate>
      <h2>{t.changePassword}</h2>
      <label>
        {t.currentPassword}
        <input
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label>
        {t.newPassword}
        <input
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <span className="hint">{t.passwordRule}</span>
      </label>
      <label>
        {t.repeatPassword}
        <input
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </label>
      {message && (
        <p className={message.ok ? "notice" : "notice notice-error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      )}
      <button type="submit" className="button" disabled={busy || !current || !next || !repeat}>
        {t.changePassword}
      </button>
    </form>
  );
}
