import { z } from 'zod';
import type { Lifecycle } from '../lifecycle/engine.js';
import { actionViewSchema } from '../lifecycle/action-view.js';
import { transitionRequestOf } from '../lifecycle/request.js';
import { programmeDate } from '../numbers.js';
import { longText } from '../text.js';
import { OVERDUE_KINDS } from './dashboard.js';

export const EXTENSION_STATUSES = ['requested', 'granted', 'refused'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];
export type ExtensionAction = 'approve' | 'refuse';
/** The deadlines an extension moves: a task book's first submission, or a year's annual report (owed by 31 December). */
export const EXTENSION_SUBJECTS = ['taskBook', 'annualReport'] as const;
export type ExtensionSubject = (typeof EXTENSION_SUBJECTS)[number];

/**
 * 延期申请: past the deadline of its task book or of a year's annual report a pilot asks for a later one, with a reason and a proposed date; the Ministry
 * approves (with an opinion, setting the new deadline) or refuses (with a reason), and the pilot is told either way.
 * A grant the Ministry makes unasked (one pilot, or many with one reason) is recorded as a request it approved at once.
 */
export const extensionLifecycle: Lifecycle<ExtensionStatus, ExtensionAction> = {
  name: 'extension',
  initial: 'requested',
  states: {
    requested: { editableBy: [], todo: 'decideExtension' },
    granted: { editableBy: [], final: true },
    refused: { editableBy: [], final: true },
  },
  actions: {
    approve: { kind: 'approve', from: ['requested'], to: 'granted', by: ['ministry'], roles: ['reviewer', 'admin'], notifies: ['owner'] },
    refuse: {
      kind: 'reject',
      from: ['requested'],
      to: 'refused',
      by: ['ministry'],
      roles: ['reviewer', 'admin'],
      notifies: ['owner'],
      needsReason: true,
    },
  },
};

const reason = longText(2000).pipe(z.string().trim().min(1));

/** The pilot's request: why, and until when. */
export const extensionCreateSchema = z.strictObject({ reason, until: programmeDate() });
/** approve takes the new deadline (the proposed one unless the Ministry sets another) and an opinion; refuse a reason. */
export const extensionTransitionSchema = transitionRequestOf(extensionLifecycle, { extra: { until: programmeDate().optional() } });
/** A row of the dashboard's overdue list, as the bulk actions name it (a report by its year: it may not be started). */
export const overdueRowSchema = z.strictObject({
  kind: z.enum(OVERDUE_KINDS),
  pilotId: z.uuid(),
  /** the report's year (kind `report`) */
  year: z.number().int().min(2000).max(2100).optional(),
  /** the finding (kind `rectification`) */
  subjectId: z.uuid().optional(),
});
export type OverdueRow = z.infer<typeof overdueRowSchema>;
const overdueRows = z.array(overdueRowSchema).min(1).max(500);
/**
 * The Ministry extends deadlines, unasked, to one date with one reason (the dashboard's bulk action, the task-book
 * page's single grant): all the rows or none.
 */
export const extensionGrantSchema = z.strictObject({ rows: overdueRows, until: programmeDate(), reason });
/** A reminder to each selected row's pilot (the dashboard's other bulk action). */
export const deadlineReminderSchema = z.strictObject({ rows: overdueRows });
export const deadlineReminderResultSchema = z.object({ notified: z.number().int() });

export const extensionSchema = z.object({
  id: z.uuid(),
  status: z.enum(EXTENSION_STATUSES),
  version: z.number(),
  pilot: z.object({ id: z.uuid(), name: z.string() }),
  subject: z.enum(EXTENSION_SUBJECTS),
  /** the task book (subject `taskBook`) */
  taskBookId: z.uuid().nullable(),
  /** the report's year (subject `annualReport`) and the report, once started */
  year: z.number().int().nullable(),
  annualReportId: z.uuid().nullable(),
  /** the deadline it extends, as it stood when asked */
  deadline: z.string().nullable(),
  proposedUntil: z.string(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  grantedUntil: z.string().nullable(),
  decisionReason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  actions: z.array(actionViewSchema),
});
export type ExtensionView = z.infer<typeof extensionSchema>;
/** A deadline's requests, newest first, and whether the reader may ask now (past the deadline, none open). */
export const extensionListSchema = z.object({ items: z.array(extensionSchema), requestable: z.boolean() });
/** One extension per row, in the rows' order. */
export const extensionGrantResultSchema = z.object({ granted: z.array(z.object({ pilotId: z.uuid(), extensionId: z.uuid() })) });
