// The UI language: follows the browser until the respondent picks one with the toggle, then remembers it.
// Survey texts and unit/group names carry both languages; `text` picks the right one.
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { readJson, writeJson } from "../storage";
import { type Messages, messages } from "./messages";

export type Lang = "zh-cn" | "en";

/** A SurveyJS localisable string: plain, or {"default": "English", "zh-cn": "中文"}. */
export type LocalizedText = string | Record<string, string>;

const storageKey = "minyi:lang";

export function detectLang(): Lang {
  const saved = readJson<string>(storageKey);
  if (saved === "zh-cn" || saved === "en") return saved;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  return preferred.some((l) => l?.toLowerCase().startsWith("zh")) ? "zh-cn" : "en";
}

export function localize(value: LocalizedText | null | undefined, lang: Lang): string {
  if (value == null) return "";
  if (typeof value === "string") return value;
  const preferred = lang === "zh-cn" ? value["zh-cn"] : (value.default ?? value.en);
  return preferred ?? value.default ?? Object.values(value)[0] ?? "";
}

export function formatDateTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === "zh-cn" ? "zh-CN" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(date);
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Messages;
  text: (value: LocalizedText | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(detectLang);
  useEffect(() => {
    // Screen readers and the browser's font choice for CJK both read <html lang>.
    document.documentElement.lang = lang === "zh-cn" ? "zh-CN" : "en";
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang: (next) => {
        writeJson(storageKey, next);
        setLangState(next);
      },
      t: messages[lang],
      text: (v) => localize(v, lang),
    }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n needs a <LangProvider> above it");
  return i18n;
}
