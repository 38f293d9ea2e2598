import { z } from 'zod';
import { actionViewSchema } from '../lifecycle/action-view.js';
import { AGREEMENT_STATUSES, agreementContentSchema } from './agreement.js';

// Response shapes of the agreement API.

export const agreementListQuery = z.strictObject({ status: z.enum(AGREEMENT_STATUSES).optional() });

export const agreementSummarySchema = z.object({
  id: z.uuid(),
  province: z.object({ code: z.string(), name: z.string() }),
  government: z.object({ id: z.uuid(), name: z.string() }),
  status: z.enum(AGREEMENT_STATUSES),
  version: z.number(),
  updatedAt: z.string(),
});

export const agreementSchema = agreementSummarySchema.extend({
  content: agreementContentSchema,
  digest: z.string().nullable(),
  signatures: z.array(z.object({ party: z.string(), signerName: z.string(), signerTitle: z.string(), signedOn: z.string() })),
  actions: z.array(actionViewSchema),
  abilities: z.object({ edit: z.boolean(), sign: z.boolean() }),
});
