import { z } from 'zod';
import { amount, indicatorValue, percent } from '../numbers.js';
import type { Lifecycle } from '../lifecycle/engine.js';
import { provinceThenMinistry } from '../lifecycle/review-steps.js';
import { longText, text } from '../text.js';
import { INDICATOR_CATEGORIES } from '../task-book/sections.js';

/**
 * 年度自评价报告: due 31 December of every year of a signed task book's creation period, on the pilot's to-do
 * list from 1 November. The province approves or returns it (a reason per item); the Ministry accepts it;
 * an accepted report is locked.
 */
export const REPORT_STATUSES = ['draft', 'provinceReview', 'ministryReview', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type ReportAction = 'submit' | 'provinceApprove' | 'provinceReturn' | 'accept' | 'ministryReturn';

export interface ReportGuardContext {
  problems: number;
}

export const annualReportLifecycle: Lifecycle<ReportStatus, ReportAction, ReportGuardContext> = {
  name: 'annualReport',
  initial: 'draft',
  states: {
    draft: { editableBy: ['pilot'], todo: 'draftAnnualReport' },
    provinceReview: { editableBy: [], todo: 'reviewAnnualReport' },
    ministryReview: { editableBy: [], todo: 'reviewAnnualReport' },
    accepted: { editableBy: [], final: true },
  },
  actions: {
    submit: {
      kind: 'submit',
      from: ['draft'],
      to: 'provinceReview',
      by: ['pilot'],
      roles: ['editor', 'admin'],
      notifies: ['supervisor'],
      guard: (c) => (c.problems > 0 ? 'incomplete' : null),
    },
    accept: {
      kind: 'approve',
      from: ['ministryReview'],
      to: 'accepted',
      by: ['ministry'],
      roles: ['reviewer', 'admin'],
      notifies: ['owner'],
    },
    ...provinceThenMinistry<ReportGuardContext>(),
  },
};

/** 数据质量: how the actual value was obtained. */
export const DATA_QUALITY = ['measured', 'extrapolated', 'estimated', 'untraceable'] as const;
export const PROJECT_STATES = ['notStarted', 'inProgress', 'completed', 'suspended'] as const;

const money = amount(); // 万元
export const reportContentSchema = z.strictObject({
  indicators: z
    .array(
      z.strictObject({
        /** the task book indicator's id */
        id: z.string().min(1).max(40),
        name: z.string().max(100),
        category: z.enum(INDICATOR_CATEGORIES),
        unit: z.string().max(20),
        target: indicatorValue().nullable(),
        actual: indicatorValue().nullable(),
        source: longText(500),
        quality: z.enum(DATA_QUALITY).nullable(),
        evidence: z.array(z.uuid()).max(20),
      }),
    )
    .max(200),
  projects: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(40),
        name: z.string().max(100),
        state: z.enum(PROJECT_STATES),
        percentComplete: percent(),
        spent: z.strictObject({ government: money, social: money, bank: money, other: money }),
      }),
    )
    .max(200),
  platform: longText(10_000),
  narrative: longText(20_000),
});
export type ReportContent = z.infer<typeof reportContentSchema>;

/** Item reasons point at an indicator or project by id, or at the report as a whole (null). */
export const itemReasonSchema = z.strictObject({ item: z.string().max(40).nullable(), text: text(2000) });

/** What is missing before a report can be submitted. */
export function reportProblems(c: ReportContent): { item: string; code: string }[] {
  const p: { item: string; code: string }[] = [];
  for (const i of c.indicators) {
    if (i.actual === null) p.push({ item: i.id, code: 'missingActual' });
    else if (i.quality === null) p.push({ item: i.id, code: 'missingQuality' });
    else if (i.source.trim() === '') p.push({ item: i.id, code: 'missingSource' });
  }
  if (c.narrative.trim() === '') p.push({ item: 'narrative', code: 'missing' });
  return p;
}

/** The report of year Y is due 31 December of Y and shows on the to-do list from 1 November. */
export const reportDueDate = (year: number) => `${year}-12-31`;
export const reportVisibleFrom = (year: number) => `${year}-11-01`;
