// /login: username and password; on success each role lands on its own home, or back on the page that sent
// the user here. The same words for an unknown user and a wrong password, as the server answers.
import { type FormEvent, useState } from "react";
import type { ApiErrorInfo } from "../api";
import { login } from "./api";
import { homeOf, safeNext } from "./homes";
import { errorText, useStaffText } from "./useStaffText";
import "./staff.css";

export function LoginPage() {
  const t = useStaffText();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorInfo | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const res = await login(username.trim(), password);
    if (!res.ok) {
      setBusy(false);
      setPassword("");
      setError(res.error);
      return;
    }
    const next = safeNext(new URLSearchParams(location.search).get("next"));
    location.assign(next ?? homeOf[res.data.role]);
  };

  return (
    <section className="login" aria-labelledby="login-title">
      <h1 id="login-title">{t.loginTitle}</h1>
      <p className="hint">{t.loginIntro}</p>
      <form onSubmit={submit} className="form" noValidate>
        <label>
          {t.username}
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t.password}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="notice notice-error" role="alert">
            {errorText(t, error)}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy || !username || !password}>
          {busy ? t.loggingIn : t.logIn}
        </button>
      </form>
    </section>
  );
}
