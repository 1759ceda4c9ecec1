// The frame around every page: the app name and the language toggle (when more than one is offered), then the page.
import type { ReactNode } from "react";
import { useI18n } from "./i18n";

export function Shell({ children, homeLink = true }: { children: ReactNode; homeLink?: boolean }) {
  const { t, lang, setLang, offered } = useI18n();
  const other = lang === "zh-cn" ? "en" : "zh-cn";
  // One language offered (settings): that one is used, and there is nothing to switch to.
  const toggle = offered.includes(other);
  return (
    <>
      <header className="shell-header">
        {homeLink ? (
          <a href="/" className="shell-name">
            {t.appName}
          </a>
        ) : (
          <span className="shell-name">{t.appName}</span>
        )}
        {toggle && (
          <button
            type="button"
            className="lang-toggle"
            data-testid="lang-toggle"
            lang={other === "zh-cn" ? "zh-CN" : "en"}
            aria-label={t.switchToLabel}
            onClick={() => setLang(other)}
          >
            {t.switchTo}
          </button>
        )}
      </header>
      <main className="shell-main">{children}</main>
    </>
  );
}
