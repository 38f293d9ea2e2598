import { z } from 'zod';
import { programmeDate } from '../numbers.js';
import type { Lifecycle } from '../lifecycle/engine.js';
import { longText, text } from '../text.js';
import { actionViewSchema } from '../lifecycle/action-view.js';
import { MESSAGES, type Lang } from '../i18n/index.js';

/** 申报批次: the Ministry opens a call for a year (年度) with a window, a quota and its rules (开放式管理: calls keep coming). */
export const CALL_STATUSES = ['draft', 'open', 'closed', 'published'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export type CallAction = 'open' | 'close' | 'publish';

export interface CallGuardContext {
  /** applications still waiting for a decision */
  pending: number;
}

export const callLifecycle: Lifecycle<CallStatus, CallAction, CallGuardContext> = {
  name: 'call',
  initial: 'draft',
  states: {
    draft: { editableBy: ['ministry'] },
    open: { editableBy: [], todo: 'closeCall' },
    closed: { editableBy: [], todo: 'publishCall' },
    published: { editableBy: [], final: true },
  },
  actions: {
    open: { kind: 'manage', from: ['draft'], to: 'open', by: ['ministry'], roles: ['admin'] },
    close: { kind: 'manage', from: ['open'], to: 'closed', by: ['ministry'], roles: ['admin'] },
    // the result is published once every application is decided
    publish: {
      kind: 'publish',
      from: ['closed'],
      to: 'published',
      by: ['ministry'],
      roles: ['admin'],
      guard: (c) => (c.pending > 0 ? 'applicationsPending' : null),
    },
  },
};

export const APPLICATION_ATTACHMENTS = ['applicationForm', 'developmentOutline', 'implementationPlan', 'financingPlan'] as const;
export type ApplicationAttachmentKind = (typeof APPLICATION_ATTACHMENTS)[number];
/** 申报条件: smart city in the local plan or the government work report; a funding channel; the leader personally in charge. */
export const DECLARATIONS = ['inLocalPlan', 'fundingChannel', 'leaderInCharge'] as const;
export type Declaration = (typeof DECLARATIONS)[number];

export const rubricSchema = z.strictObject({
  criteria: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,30}$/),
        name: text(60),
        weight: z.number().positive().max(1),
        /** 评分要点: what the expert looks for, shown beside the criterion on the score sheet */
        guidance: longText(500).optional(),
      }),
    )
    .min(1)
    .max(20)
    .refine((cs) => Math.abs(cs.reduce((s, c) => s + c.weight, 0) - 1) < 1e-6, { message: 'weights_sum' })
    .refine((cs) => new Set(cs.map((c) => c.key)).size === cs.length, { message: 'duplicate_key' }),
  scaleMax: z.number().int().min(1).max(1000),
});
export type Rubric = z.infer<typeof rubricSchema>;

export const DEFAULT_RUBRIC: Rubric = {
  criteria: [
    {
      key: 'planning',
      name: '顶层设计与发展规划',
      weight: 0.25,
      guidance: '智慧城市是否纳入当地国民经济和社会发展规划；发展纲要目标是否明确、可考核。',
    },
    {
      key: 'organisation',
      name: '组织保障与资金筹措',
      weight: 0.25,
      guidance: '主要领导是否亲自负责、机构是否健全；资金渠道是否落实，投融资方案是否可行。',
    },
    {
      key: 'platform',
      name: '城市公共信息平台方案',
      weight: 0.3,
      guidance: '平台框架、数据共享与业务应用是否完整可行；信息安全措施是否具体。',
    },
    {
      key: 'feasibility',
      name: '可行性与示范效应',
      weight: 0.2,
      guidance: '建设基础与实施计划是否可行；创新点与可推广的示范价值。',
    },
  ],
  scaleMax: 100,
};

/**
 * 验收评分: one overall mark out of 100 per expert, on the same score sheet as an application's (declaration,
 * guidance, draft, confirmation); the rating rule, not this mark, makes the stars.
 */
export const ACCEPTANCE_RUBRIC: Rubric = {
  criteria: [
    {
      key: 'overall',
      name: '验收综合评分',
      weight: 1,
      guidance: '对照任务书目标，综合评价指标完成、重点项目建设、整改落实与创建成效；可参考上方评级预览。',
    },
  ],
  scaleMax: 100,
};

/**
 * A criterion's name for the reader: the call's own name, except that the platform's rubrics' criteria, still as
 * those name them, read in the catalog's translation.
 */
export function criterionName(lang: Lang, c: { key: string; name: string }): string {
  const unchanged = [...DEFAULT_RUBRIC.criteria, ...ACCEPTANCE_RUBRIC.criteria].some((d) => d.key === c.key && d.name === c.name);
  return (unchanged && MESSAGES[lang].rubricCriterion[c.key]) || c.name;
}

export const callInputSchema = z
  .strictObject({
    year: z.number().int().min(2012).max(2100),
    title: text(100),
    opensOn: programmeDate(),
    closesOn: programmeDate(),
    quotaPerProvince: z.number().int().min(1).max(50),
    taskBookDeadline: programmeDate().nullable().default(null),
    requiredAttachments: z.array(z.enum(APPLICATION_ATTACHMENTS)).default([...APPLICATION_ATTACHMENTS]),
    rubric: rubricSchema.default(DEFAULT_RUBRIC),
  })
  .refine((c) => c.closesOn >= c.opensOn, { message: 'year_order', path: ['closesOn'] });

export const callSchema = z.object({
  id: z.uuid(),
  year: z.number(),
  name: z.string(),
  title: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  quotaPerProvince: z.number(),
  taskBookDeadline: z.string().nullable(),
  requiredAttachments: z.array(z.enum(APPLICATION_ATTACHMENTS)),
  declarations: z.array(z.enum(DECLARATIONS)),
  rubric: rubricSchema,
  status: z.enum(CALL_STATUSES),
  version: z.number(),
  actions: z.array(actionViewSchema),
});
export type CallView = z.infer<typeof callSchema>;
