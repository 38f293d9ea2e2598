import { z } from 'zod';
import { programmeDate } from '../numbers.js';
import type { Lifecycle } from '../lifecycle/engine.js';
import { longText, text } from '../text.js';

/**
 * 监督检查 and 整改: the province records an inspection; a finding may order rectification by a date;
 * the pilot answers with evidence; the province closes it, or reopens it.
 */
export const RECTIFICATION_STATUSES = ['open', 'answered', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export type RectificationAction = 'answer' | 'close' | 'reopen';

export const rectificationLifecycle: Lifecycle<RectificationStatus, RectificationAction, unknown> = {
  name: 'rectification',
  initial: 'open',
  states: {
    open: { editableBy: ['pilot'], todo: 'answerRectification' },
    answered: { editableBy: [], todo: 'closeRectification' },
    // closed can be reopened, so it is not final
    closed: { editableBy: [] },
  },
  actions: {
    answer: {
      kind: 'submit',
      from: ['open'],
      to: 'answered',
      by: ['pilot'],
      roles: ['editor', 'admin'],
      notifies: ['supervisor'],
      needsReason: true,
      reasonMax: 5000,
    },
    close: { notifies: ['owner'], kind: 'approve', from: ['answered'], to: 'closed', by: ['province'], roles: ['reviewer', 'admin'] },
    reopen: {
      kind: 'return',
      from: ['answered', 'closed'],
      to: 'open',
      by: ['province'],
      roles: ['reviewer', 'admin'],
      notifies: ['owner'],
      needsReason: true,
    },
  },
};

export const inspectionInputSchema = z.strictObject({
  pilotId: z.uuid(),
  inspectedOn: programmeDate(),
  inspectors: z.array(text(50)).min(1).max(20),
  projectsChecked: z.array(text(100)).max(50),
  summary: longText(10_000),
  findings: z
    .array(
      z.strictObject({
        title: text(100),
        description: longText(5000),
        rectificationDue: programmeDate().nullable(),
      }),
    )
    .max(50),
});
