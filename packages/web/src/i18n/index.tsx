import { MESSAGES, type Lang } from '@smartcity/domain';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLang } from '../api/client';
import type { Locale } from 'antd/es/locale';
import zhCNAntd from 'antd/locale/zh_CN';
import { zhCN, type UiMessages } from './zh-CN';

/** Each language's strings, the web's and antd's. Chinese is built in; English comes with the first page that asks. */
const CATALOGS: Partial<Record<Lang, { ui: UiMessages; antd: Locale }>> = { 'zh-CN': { ui: zhCN, antd: zhCNAntd } };
const STORAGE_KEY = 'smartcity.lang';

/** The language's catalogs, fetched the first time (English: its own chunk, off the Chinese reader's first load). */
async function loadCatalogs(lang: Lang) {
  CATALOGS[lang] ??= (await import('./english')).english;
}

/** Before the first render: the stored language's catalogs, so an English reader never sees a Chinese frame. */
export const loadStoredLang = () => loadCatalogs(storedLang());

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
    // loadStoredLang ran before the first render; should it have failed, Chinese
    const stored = storedLang();
    const initial = CATALOGS[stored] ? stored : 'zh-CN';
    setApiLang(initial);
    document.title = CATALOGS[initial]!.ui.appName; // index.html's title is Chinese; an English reader's tab says English at once
    return initial;
  });
  const setLang = useCallback((next: Lang) => {
    void loadCatalogs(next).then(() => {
      setApiLang(next);
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // private mode: the choice lasts for this page only
      }
      setLangState(next);
    });
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
  const catalogs = CATALOGS[state.lang]!;
  return { ...state, t: catalogs.ui, m: MESSAGES[state.lang], antdLocale: catalogs.antd };
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
