import { actionViewSchema } from '../lifecycle/action-view.js';
import { RECTIFICATION_STATUSES } from './inspection.js';
import { z } from 'zod';

// Request and response shapes of the inspection and rectification API.

export const inspectionListQuery = z.strictObject({ pilot: z.uuid().optional() });

export const findingSchema = z.object({
  id: z.uuid(),
  inspectionId: z.uuid(),
  pilotId: z.uuid(),
  title: z.string(),
  description: z.string(),
  rectificationDue: z.string().nullable(),
  status: z.enum(RECTIFICATION_STATUSES).nullable(),
  version: z.number(),
  answer: z.string().nullable(),
  closedOn: z.string().nullable(),
  overdue: z.boolean(),
  history: z.array(z.object({ action: z.string(), reason: z.string().nullable(), byName: z.string(), at: z.string() })),
  actions: z.array(actionViewSchema),
  abilities: z.object({ addEvidence: z.boolean() }),
});

export const inspectionSummarySchema = z.object({
  id: z.uuid(),
  pilot: z.object({ id: z.uuid(), name: z.string() }),
  province: z.object({ id: z.uuid(), name: z.string() }),
  inspectedOn: z.string(),
  inspectors: z.array(z.string()),
  createdAt: z.string(),
});

export const inspectionSchema = inspectionSummarySchema.extend({
  projectsChecked: z.array(z.string()),
  summary: z.string(),
  findings: z.array(findingSchema),
  abilities: z.object({ addFiles: z.boolean() }),
});
