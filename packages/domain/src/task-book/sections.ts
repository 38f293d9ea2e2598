import { z } from 'zod';
import { amount, indicatorValue, programmeYear } from '../numbers.js';
import { longText, text } from '../text.js';
import { MESSAGES, type Lang } from '../i18n/index.js';

/**
 * The creation task book (国家智慧城市创建任务书) in the format of 附件2 of 建办科〔2013〕5号:
 * eight sections, in this order and wording, then the three parties' signature block.
 */
export const TASK_BOOK_TITLE = '国家智慧城市创建任务书';
export const TASK_BOOK_SECTIONS = [
  { n: 1, key: 'goals', numeral: '一', title: '创建目标', note: null },
  { n: 2, key: 'tasks', numeral: '二', title: '主要任务和重点项目', note: '包括任务名称、具体内容、资金筹措、责任部门等' },
  {
    n: 3,
    key: 'indicators',
    numeral: '三',
    title: '考核指标',
    note: '对照《国家智慧城市（区、镇）试点指标体系》，分别描述规定项、自选项和创新项指标并明确考核方法',
  },
  {
    n: 4,
    key: 'platform',
    numeral: '四',
    title: '公共信息平台建设、应用和运营',
    note: '说明平台框架、结构和功能及各业务应用系统和服务内容',
  },
  { n: 5, key: 'plan', numeral: '五', title: '阶段目标和工作计划', note: '分年度表述' },
  { n: 6, key: 'organisation', numeral: '六', title: '组织管理', note: null },
  { n: 7, key: 'guarantees', numeral: '七', title: '保障条件', note: '包括相关政策、资金、技术、人才保障等' },
  { n: 8, key: 'period', numeral: '八', title: '创建周期', note: null },
] as const;
export type SectionKey = (typeof TASK_BOOK_SECTIONS)[number]['key'];

/** `一、创建目标`, `二、主要任务和重点项目（包括…）` — the heading as 附件2 prints it. */
export const sectionHeading = (s: (typeof TASK_BOOK_SECTIONS)[number]) => `${s.numeral}、${s.title}${s.note ? `（${s.note}）` : ''}`;

/**
 * A section's heading in the reader's language: 附件2's own words in Chinese (`sectionHeading`), the catalog's
 * translation otherwise (`3. Assessment indicators (…)`); without the note for menus and short references.
 */
export function localSectionHeading(lang: Lang, s: (typeof TASK_BOOK_SECTIONS)[number], withNote = true): string {
  const m = MESSAGES[lang].sectionHeading;
  const title = m.titles[s.key] ?? s.title;
  const note = m.notes[s.key] ?? (lang === 'zh-CN' ? s.note : null);
  const fill = (t: string, v: Record<string, string | number>) => t.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));
  return fill(m.heading, { n: s.n, numeral: s.numeral, title }) + (withNote && note ? fill(m.note, { note }) : '');
}

/** The parties of the signature block, in 附件2's order. */
export const SIGNING_PARTIES = ['ministry', 'pilot', 'province'] as const;
export type SigningParty = (typeof SIGNING_PARTIES)[number];
export const PARTY_LABEL: Record<SigningParty, string> = { ministry: '甲方', pilot: '乙方', province: '丙方' };

const year = programmeYear();
const money = amount(); // 万元
const prose = longText(20_000);

// 一 创建目标
export const goalsSection = z.strictObject({
  overall: prose,
  targets: z.array(z.strictObject({ description: text(500), value: indicatorValue().nullable(), unit: text(20, 0) })).max(50),
});

// 二 主要任务和重点项目
/** A project's funding sources (资金来源): government, social capital, bank loans, other. */
export const FUNDING_SOURCES = ['government', 'social', 'bank', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const fundingSchema = z.strictObject({ government: money, social: money, bank: money, other: money });
export const keyProjectSchema = z
  .strictObject({
    id: z.string().min(1).max(40),
    name: text(100),
    content: longText(5000),
    totalInvestment: money,
    funding: fundingSchema,
    department: text(100),
    startYear: year,
    endYear: year,
    indicatorIds: z.array(z.string().max(40)).max(20),
  })
  .refine((p) => Math.abs(p.funding.government + p.funding.social + p.funding.bank + p.funding.other - p.totalInvestment) < 0.005, {
    message: 'funding_sum',
    path: ['funding'],
  })
  .refine((p) => p.endYear >= p.startYear, { message: 'year_order', path: ['endYear'] });
export const tasksSection = z.strictObject({
  tasks: z.array(z.strictObject({ name: text(100), content: longText(5000) })).max(50),
  projects: z.array(keyProjectSchema).max(200),
});

// 三 考核指标 — 规定项 / 自选项 come from the indicator system; 创新项 are the pilot's own
export const INDICATOR_CATEGORIES = ['required', 'chosen', 'innovative'] as const;
/**
 * A target: a number for a quantitative indicator; yes/no or a text (已成立…) for a qualitative one, whose kind the
 * indicator system records (the server checks which applies to each coded indicator).
 */
export const targetValue = () => z.union([indicatorValue(), z.boolean(), text(200)]).nullable();
export type TargetValue = number | boolean | string | null;
/** A target as the documents and tables print it: 是 / 否, the text, or the number. */
export const targetText = (v: TargetValue, yesNo: { yes: string; no: string } = { yes: '是', no: '否' }): string =>
  v === null ? '' : typeof v === 'boolean' ? (v ? yesNo.yes : yesNo.no) : String(v);
export const CATEGORY_LABEL = { required: '规定项', chosen: '自选项', innovative: '创新项' } as const;
export const taskIndicatorSchema = z
  .strictObject({
    id: z.string().min(1).max(40),
    category: z.enum(INDICATOR_CATEGORIES),
    /** level-3 indicator code in the system (e.g. 1.3.2); null for 创新项 */
    indicatorCode: z.string().max(20).nullable(),
    name: text(100),
    definition: longText(2000),
    unit: text(20, 0),
    baseline: z.strictObject({ value: indicatorValue().nullable(), year: year.nullable() }),
    target: targetValue(),
    targetsByYear: z.record(z.string().regex(/^\d{4}$/), targetValue()),
    method: longText(2000),
  })
  .refine((i) => (i.category === 'innovative') === (i.indicatorCode === null), { message: 'indicator_code', path: ['indicatorCode'] });
export const indicatorsSection = z.strictObject({ items: z.array(taskIndicatorSchema).max(200) });

// 四 公共信息平台建设、应用和运营
export const platformSection = z.strictObject({
  framework: prose,
  structure: prose,
  functions: prose,
  systems: z.array(z.strictObject({ name: text(100), services: longText(5000) })).max(100),
  operation: prose,
});

// 五 阶段目标和工作计划 — one entry per year of the creation period
export const planSection = z.strictObject({
  years: z.array(z.strictObject({ year, goals: longText(5000), work: longText(10_000) })).max(5),
});

// 六 组织管理
export const organisationSection = z.strictObject({
  leadingGroup: z.strictObject({ head: text(100, 0), members: longText(2000) }),
  office: z.strictObject({ name: text(100, 0), director: text(100, 0) }),
  departments: z.array(z.strictObject({ name: text(100), duties: longText(2000) })).max(60),
  responsible: z.strictObject({ name: text(50, 0), title: text(100, 0), phone: text(40, 0), email: text(100, 0) }),
});

// 七 保障条件
export const guaranteesSection = z.strictObject({ policy: prose, funding: prose, technology: prose, talent: prose });

// 八 创建周期 — 3 to 5 years
export const periodSection = z
  .strictObject({ startYear: year, endYear: year })
  .refine((p) => p.endYear - p.startYear + 1 >= 3 && p.endYear - p.startYear + 1 <= 5, { message: 'period_length', path: ['endYear'] });

export const SECTION_SCHEMAS = {
  goals: goalsSection,
  tasks: tasksSection,
  indicators: indicatorsSection,
  platform: platformSection,
  plan: planSection,
  organisation: organisationSection,
  guarantees: guaranteesSection,
  period: periodSection,
} as const;

export type TaskBookContent = { [K in SectionKey]: z.infer<(typeof SECTION_SCHEMAS)[K]> };
export type KeyProject = z.infer<typeof keyProjectSchema>;
export type TaskIndicator = z.infer<typeof taskIndicatorSchema>;

/** What the DOCX and PDF renderers print: the content plus the names around it. */
export interface TaskBookDocument {
  pilotName: string;
  /** 乙方, e.g. 无锡市人民政府 */
  governmentName: string;
  /** 丙方, e.g. 江苏省住房和城乡建设厅 */
  provinceDeptName: string;
  /** 甲方 */
  ministryName: string;
  /** 3 → "第 3 版" on the cover */
  version: number;
  content: TaskBookContent;
  /** level-3 indicator names by code, to print 规定项 / 自选项 names */
  indicatorNames: Record<string, string>;
  signatures: Partial<Record<SigningParty, { name: string; title: string; signedOn: string }>>;
  /** the version's date (ISO), printed on the cover: the day the last party signed, else the day it was frozen or last saved */
  date: string;
  /** once every party has signed; until then the document is a draft and watermarked 草稿 */
  verification: DocumentVerification | null;
}

/** What a signed document prints so that anyone can check it: its SM3 digest and the public page that verifies it. */
export interface DocumentVerification {
  digest: string;
  url: string;
}
