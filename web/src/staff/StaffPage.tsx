// The frame of every staff page: checks the session (no session → the login page, coming back here after),
// the role (a page the role may not open says so instead of showing anything), then shows the navigation.
import { type ReactNode, useEffect, useState } from "react";
import type { ApiErrorInfo } from "../api";
import { useI18n } from "../i18n";
import { type CurrentUser, fetchMe, fetchUnits, logout, type ScopedUnit } from "./api";
import { CasesDueBadge } from "./CasesDueBadge";
import { homeOf, navFor, pageRoles } from "./homes";
import { errorText, useStaffText } from "./useStaffText";
import "./staff.css";

export interface StaffContext {
  user: CurrentUser;
  /** The user's scope unit and its subtree, parent first. */
  units: ScopedUnit[];
}

type State =
  | { kind: "loading" }
  | { kind: "failed"; error: ApiErrorInfo }
  | ({ kind: "ready" } & StaffContext);

export function StaffPage({ path, children }: { path: string; children: (ctx: StaffContext) => ReactNode }) {
  const t = useStaffText();
  const { text } = useI18n();
  const [state, setState] = useState<State>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    void attempt;
    (async () => {
      const me = await fetchMe();
      if (!live) return;
      if (!me.ok && me.status === 401) {
        location.replace(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
        return;
      }
      if (!me.ok) return setState({ kind: "failed", error: me.error });
      const units = await fetchUnits();
      if (!live) return;
      if (!units.ok) return setState({ kind: "failed", error: units.error });
      setState({ kind: "ready", user: me.data, units: units.data });
    })();
    return () => {
      live = false;
    };
  }, [attempt]);

  if (state.kind === "loading") return <p className="notice">…</p>;
  if (state.kind === "failed") {
    return (
      <div className="notice notice-error" role="alert">
        <p>{errorText(t, state.error)}</p>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          {t.retry}
        </button>
      </div>
    );
  }
  const { user, units } = state;
  const allowed = pageRoles[path]?.includes(user.role) ?? false;
  const scopeName = text(units[0]?.name) || user.scopeUnitId;
  return (
    <div className="staff">
      <nav className="staff-nav" aria-label={t.myAccount}>
        <ul>
          {navFor(user.role, t).map((item) => (
            <li key={item.path}>
              <a href={item.path} aria-current={item.path === path ? "page" : undefined}>
                {item.label}
                {item.path === "/cases" && <CasesDueBadge label={t.navCasesDue} />}
              </a>
            </li>
          ))}
        </ul>
        <div className="staff-user">
          <a
            href="/account"
            data-testid="signed-in-as"
            aria-current={path === "/account" ? "page" : undefined}
          >
            {t.signedInAs(user.username, t.roles[user.role])}
          </a>
          <span className="hint">
            {t.scope}: {scopeName}
          </span>
          <button
            type="button"
            className="link-button"
            onClick={async () => {
              await logout();
              location.assign("/login");
            }}
          >
            {t.logOut}
          </button>
        </div>
      </nav>
      {allowed ? (
        children({ user, units })
      ) : (
        <section className="notice notice-error" role="alert" data-testid="forbidden">
          <h1>{t.forbiddenTitle}</h1>
          <p>{t.forbiddenText}</p>
          <p>
            <a href={homeOf[user.role]}>{t.goHome}</a>
          </p>
        </section>
      )}
    </div>
  );
}
