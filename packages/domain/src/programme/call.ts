import { z } from 'zod';
import { programmeDate } from '../numbers.js';
import type { Lifecycle } from '../lifecycle/engine.js';
import { text } from '../text.js';
import { actionViewSchema } from '../lifecycle/action-view.js';

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
    .array(z.strictObject({ key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,30}$/), name: text(60), weight: z.number().positive().max(1) }))
    .min(1)
    .max(20)
    .refine((cs) => Math.abs(cs.reduce((s, c) => s + c.weight, 0) - 1) < 1e-6, { message: 'weights_sum' })
    .refine((cs) => new Set(cs.map((c) => c.key)).size === cs.length, { message: 'duplicate_key' }),
  scaleMax: z.number().int().min(1).max(1000),
});
export type Rubric = z.infer<typeof rubricSchema>;

export const DEFAULT_RUBRIC: Rubric = {
  criteria: [
    { key: 'planning', name: '顶层设计与发展规划', weight: 0.25 },
    { key: 'organisation', name: '组织保障与资金筹措', weight: 0.25 },
    { key: 'platform', name: '城市公共信息平台方案', weight: 0.3 },
    { key: 'feasibility', name: '可行性与示范效应', weight: 0.2 },
  ],
  scaleMax: 100,
};

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
