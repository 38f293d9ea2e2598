import { z } from 'zod';
import { PILOT_STATUSES } from './lifecycle/pilot.lifecycle.js';
import { PILOT_KINDS } from './pilot.js';
import { publicNoticeSummarySchema } from './programme/notice.js';
import { uuid } from './text.js';

/**
 * A pilot's public page (公开): what the programme publishes about it and nothing more — the name 附件1 prints, its
 * province, kind and batch, where it stands in the programme, its published 验收 rating, and the public notices that
 * concern it. Task books, reports, findings, people and codes stay behind sign-in.
 */
export const publicPilotSchema = z.object({
  id: uuid,
  publishedName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
  kind: z.enum(PILOT_KINDS),
  batch: z.object({ year: z.number(), name: z.string(), documentNo: z.string().nullable(), announcedOn: z.string().nullable() }),
  status: z.enum(PILOT_STATUSES),
  rating: z.object({ stars: z.number(), ratingLabel: z.string(), publishedOn: z.string() }).nullable(),
  notices: z.array(publicNoticeSummarySchema),
});
export type PublicPilot = z.infer<typeof publicPilotSchema>;
