import type { Lifecycle } from '../lifecycle/engine.js';
import { provinceThenMinistry } from '../lifecycle/review-steps.js';

export const TASK_BOOK_STATUSES = ['draft', 'provinceReview', 'ministryReview', 'signing', 'signed'] as const;
export type TaskBookStatus = (typeof TASK_BOOK_STATUSES)[number];
export type TaskBookAction =
  'submit' | 'provinceApprove' | 'provinceReturn' | 'ministryApprove' | 'ministryReturn' | 'completeSigning' | 'amend';

/** What the guards look at; the service computes it from the database and the clock. */
export interface TaskBookGuardContext {
  /** completeness problems of the current draft (empty = complete) */
  problems: number;
  /** the batch deadline has passed and no extension covers today (first submission only) */
  pastDeadline: boolean;
  /** all three parties have signed the current version */
  allSigned: boolean;
}

/**
 * 创建任务书: the pilot drafts and submits (before the batch deadline unless the Ministry extends it);
 * the province (初审) and then the Ministry review, either may return it with reasons; then the three
 * parties sign (signatures are rows, one per party); the last signature completes it. After signing,
 * changes go through an amendment (修订), which reopens the draft and runs the same path again.
 */
export const taskBookLifecycle: Lifecycle<TaskBookStatus, TaskBookAction, TaskBookGuardContext> = {
  name: 'taskBook',
  initial: 'draft',
  states: {
    draft: { editableBy: ['pilot'], todo: 'draftTaskBook' },
    provinceReview: { editableBy: [], todo: 'reviewTaskBook' },
    ministryReview: { editableBy: [], todo: 'reviewTaskBook' },
    signing: { editableBy: [] },
    signed: { editableBy: [] },
  },
  actions: {
    submit: {
      kind: 'submit',
      from: ['draft'],
      to: 'provinceReview',
      by: ['pilot'],
      roles: ['editor', 'admin'],
      notifies: ['supervisor'],
      guard: (c) => (c.problems > 0 ? 'incomplete' : c.pastDeadline ? 'pastDeadline' : null),
    },
    ministryApprove: {
      kind: 'approve',
      from: ['ministryReview'],
      to: 'signing',
      by: ['ministry'],
      roles: ['reviewer', 'admin'],
      notifies: ['ministry', 'owner', 'supervisor'],
    },
    completeSigning: {
      kind: 'decide',
      system: true,
      from: ['signing'],
      to: 'signed',
      by: ['ministry', 'pilot', 'province'],
      roles: ['signatory'],
      guard: (c) => (c.allSigned ? null : 'signaturesMissing'),
    },
    amend: {
      kind: 'manage',
      from: ['signed'],
      to: 'draft',
      by: ['pilot'],
      roles: ['editor', 'admin'],
      notifies: ['supervisor'],
      needsReason: true,
    },
    ...provinceThenMinistry<TaskBookGuardContext>(),
  },
};

/** 修订 types after signing. */
export const AMENDMENT_TYPES = ['keyProject', 'indicatorTarget', 'extendPeriod', 'other'] as const;
export type AmendmentType = (typeof AMENDMENT_TYPES)[number];

/**
 * The date a task book's first submission is owed by — the batch's deadline, or the one an extension set — or null when
 * none is owed (submitted already, an amendment or a returned draft, or a batch without a deadline).
 */
export function submissionDeadline(b: {
  status: TaskBookStatus;
  currentVersion: number;
  openAmendmentId: string | null;
  deadline: string | null;
  deadlineExtendedTo: string | null;
}): string | null {
  if (b.status !== 'draft' || b.currentVersion !== 0 || b.openAmendmentId) return null;
  return b.deadlineExtendedTo ?? b.deadline;
}
