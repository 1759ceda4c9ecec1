// The UI language: follows the browser until the respondent picks one with the toggle, then remembers it, among
// the languages the organisation offers (settings; the server writes them into index.html, and the fill form
// carries them). Survey texts and unit/group names carry both languages; `text` picks the right one.
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { readJson, writeJson } from "../storage";
import { type Messages, messages } from "./messages";

export type Lang = "zh-cn" | "en";

/** A SurveyJS localisable string: plain, or {"default": "English", "zh-cn": "中文"}. */
export type LocalizedText = string | Record<string, string>;

const storageKey = "minyi:lang";

const allLangs: readonly Lang[] = ["zh-cn", "en"];

/** The languages offered, from <meta name="minyi-languages" content="zh-cn,en">; both when it is absent. */
export function offeredFromPage(): Lang[] {
  const content = document.querySelector('meta[name="minyi-languages"]')?.getAttribute("content") ?? "";
  const offered = content.split(",").filter((l): l is Lang => (allLangs as readonly string[]).includes(l));
  return offered.length > 0 ? offered : [...allLangs];
}

/** The saved choice, else the browser's preference, among `offered`; the first offered when neither fits. */
export function detectLang(offered: readonly Lang[] = allLangs): Lang {
  const saved = readJson<string>(storageKey);
  if ((saved === "zh-cn" || saved === "en") && offered.includes(saved)) return saved;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  const browser = preferred.map((l) => l?.toLowerCase() ?? "");
  if (offered.includes("zh-cn") && browser.some((l) => l.startsWith("zh"))) return "zh-cn";
  if (offered.includes("en") && browser.some((l) => l.startsWith("en"))) return "en";
  return offered[0] ?? "zh-cn";
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
  /** The languages the organisation offers, its default first: with one, there is no toggle. */
  offered: readonly Lang[];
  /** A page that learns the offered languages from the API (the fill form) passes them on. */
  setOffered: (offered: readonly Lang[]) => void;
  t: Messages;
  text: (value: LocalizedText | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function LangProvider({ children }: { children: ReactNode }) {
  const [offered, setOfferedState] = useState<readonly Lang[]>(offeredFromPage);
  const [lang, setLangState] = useState<Lang>(() => detectLang(offered));
  // A language no longer offered gives way to the organisation's default.
  if (!offered.includes(lang)) setLangState(detectLang(offered));
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
      offered,
      setOffered: (next) => {
        const known = next.filter((l) => allLangs.includes(l));
        if (known.length > 0 && known.join() !== offered.join()) setOfferedState(known);
      },
      t: messages[lang],
      text: (v) => localize(v, lang),
    }),
    [lang, offered],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n needs a <LangProvider> above it");
  return i18n;
}

/** Passes on the languages a form from the API offers (older saved kiosk forms have none: nothing changes). */
export function useOfferedLanguages(languages: readonly Lang[] | null | undefined): void {
  const { setOffered } = useI18n();
  const key = languages?.join() ?? "";
  useEffect(() => {
    if (key !== "") setOffered(key.split(",") as Lang[]);
  }, [key, setOffered]);
}
