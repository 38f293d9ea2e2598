import { en } from './en.js';
import { zhCN, type Messages } from './zh-CN.js';

export type Lang = 'zh-CN' | 'en';
export const MESSAGES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
export type ErrorCode = keyof Messages['errors'];

/** Chinese unless the client asks for English first. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  return acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'zh-CN';
}

export function errorMessage(lang: Lang, code: string, vars: Record<string, string> = {}): string {
  const table = MESSAGES[lang].errors as Record<string, string>;
  const template = table[code] ?? table.custom!;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
}
export type { Messages };
