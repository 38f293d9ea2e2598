import { MESSAGES, type Lang } from '@smartcity/domain';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLang } from '../api/client';
import { en } from './en';
import { zhCN, type UiMessages } from './zh-CN';

const UI: Record<Lang, UiMessages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'smartcity.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Fills `{name}` placeholders. */
export function fmt(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}
const LangContext = createContext<LangState | null>(null);

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const initial = storedLang();
    setApiLang(initial);
    document.title = UI[initial].appName; // index.html's title is Chinese; an English reader's tab says English at once
    return initial;
  });
  const setLang = useCallback((next: Lang) => {
    setApiLang(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext value={value}>{children}</LangContext>;
}

/** `t`: web UI strings; `m`: shared domain labels (roles, kinds, statuses, actions, errors). */
export function useI18n() {
  const state = useContext(LangContext);
  if (!state) throw new Error('useI18n outside LangProvider');
  return { ...state, t: UI[state.lang], m: MESSAGES[state.lang] };
}

/**
 * The document title (browser tabs, history, screen readers): the page's name, then the platform, in the reader's language.
 * null: another component on the page sets it.
 */
export function usePageTitle(pageName: string | undefined | null) {
  const { t } = useI18n();
  useEffect(() => {
    if (pageName === null) return;
    document.title = pageName ? `${pageName} - ${t.appName}` : t.appName;
  }, [pageName, t.appName]);
}
