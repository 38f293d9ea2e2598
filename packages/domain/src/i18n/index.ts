import { en } from './en.js';
import { zhCN, type Messages } from './zh-CN.js';

export type Lang = 'zh-CN' | 'en';
export const MESSAGES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
/** The language of a catalog (for helpers that take a language where only the catalog is at hand). */
export const langOf = (m: Messages): Lang => (m === MESSAGES.en ? 'en' : 'zh-CN');
export type ErrorCode = keyof Messages['errors'];

/** Chinese unless the client asks for English first. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  return acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'zh-CN';
}

/** A catalog template with its `{name}` placeholders filled (a missing one left empty). */
export const fillTemplate = (template: string, vars: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

export function errorMessage(lang: Lang, code: string, vars: Record<string, string> = {}): string {
  const table = MESSAGES[lang].errors as Record<string, string>;
  const template = table[code] ?? table.custom!;
  const filled: Record<string, string> = vars.field ? { ...vars, field: fieldLabel(lang, vars.field) } : vars;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => filled[k] ?? '');
}

/**
 * A field as people know it: the label of the longest qualified tail of the path's named parts
 * (`rubric.criteria.0.key` → `criteria.key`, as the version diff qualifies a key by its parent), else of its last
 * named part (`projects.3.name` → 名称), else the path.
 */
export function fieldLabel(lang: Lang, path: string): string {
  const labels = MESSAGES[lang].fields as Record<string, string>;
  const named = path.split('.').filter((p) => !/^\d+$/.test(p));
  for (let i = 0; i < named.length; i++) {
    const label = labels[named.slice(i).join('.')];
    if (label) return label;
  }
  return path;
}
export type { Messages };

/** Where each lifecycle's state and action labels stand in the catalogs. */
export const LIFECYCLE_LABELS = {
  pilot: { states: 'pilotStatus', actions: 'pilotAction' },
  taskBook: { states: 'taskBookStatus', actions: 'taskBookAction' },
  call: { states: 'callStatus', actions: 'callAction' },
  application: { states: 'applicationStatus', actions: 'applicationAction' },
  annualReport: { states: 'reportStatus', actions: 'reportAction' },
  rectification: { states: 'rectificationStatus', actions: 'rectificationAction' },
  acceptance: { states: 'acceptanceStatus', actions: 'acceptanceAction' },
  agreement: { states: 'agreementStatus', actions: 'agreementAction' },
  extension: { states: 'extensionStatus', actions: 'extensionAction' },
  notice: { states: 'noticeStatus', actions: 'noticeAction' },
  resource: { states: 'resourceStatus', actions: 'resourceAction' },
  sharingRequest: { states: 'sharingStatus', actions: 'sharingAction' },
  subscription: { states: 'subscriptionStatus', actions: 'subscriptionAction' },
} as const satisfies Record<string, { states: keyof Messages; actions: keyof Messages }>;

/** A lifecycle's state and action labels in a language (empty tables for an unknown lifecycle). */
export function lifecycleLabels(lang: Lang, lifecycle: string): { states: Record<string, string>; actions: Record<string, string> } {
  const keys = (LIFECYCLE_LABELS as Record<string, { states: keyof Messages; actions: keyof Messages }>)[lifecycle];
  const m = MESSAGES[lang] as unknown as Record<string, Record<string, string>>;
  return keys ? { states: m[keys.states]!, actions: m[keys.actions]! } : { states: {}, actions: {} };
}
