import { z } from 'zod';
import type { Lifecycle } from '../lifecycle/engine.js';
import { actionViewSchema } from '../lifecycle/action-view.js';
import { transitionRequestOf } from '../lifecycle/request.js';
import { programmeDate } from '../numbers.js';
import { TIERS } from '../organisation.js';
import { attachmentSchema } from '../task-book/api.js';
import { longText, text } from '../text.js';

export const NOTICE_STATUSES = ['draft', 'published'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export type NoticeAction = 'publish';

/**
 * 通知公告: the Ministry or a province department drafts a notice and publishes it; published, it is read by its
 * audience and no longer changes (a correction is a new notice, as on paper).
 */
export const noticeLifecycle: Lifecycle<NoticeStatus, NoticeAction> = {
  name: 'notice',
  initial: 'draft',
  states: {
    draft: { editableBy: ['ministry', 'province'] },
    published: { editableBy: [], final: true },
  },
  actions: {
    publish: { kind: 'publish', from: ['draft'], to: 'published', by: ['ministry', 'province'], roles: ['editor', 'admin'] },
  },
};

/**
 * Who may read a published notice: everyone (the public portal), whole tiers, or chosen organisations (provinces'
 * departments, pilots). A province department addresses only the public and the pilots it supervises.
 */
export const noticeAudienceSchema = z.strictObject({
  public: z.boolean(),
  tiers: z.array(z.enum(TIERS)).max(TIERS.length).default([]),
  organisationIds: z.array(z.uuid()).max(500).default([]),
});
export type NoticeAudience = z.infer<typeof noticeAudienceSchema>;

/** What the sender writes. The body is HTML; the server keeps only the allowed tags and attributes. */
export const noticeInputSchema = z.strictObject({
  title: text(200),
  /** 文号, e.g. 建办科〔2013〕5号 */
  docNumber: text(60).optional(),
  /** 发文机关 as printed on the notice; the sender's organisation unless given */
  issuer: text(100).optional(),
  issuedOn: programmeDate(),
  body: longText(200_000).pipe(z.string().trim().min(1)),
  audience: noticeAudienceSchema,
});
export type NoticeInput = z.infer<typeof noticeInputSchema>;

/** A draft's correction: any of the fields, the others kept (If-Match: the version the sender read); 文号 null clears it. */
export const noticeUpdateSchema = noticeInputSchema.partial().extend({ docNumber: text(60).nullable().optional() });
export type NoticeUpdate = z.infer<typeof noticeUpdateSchema>;

export const noticeTransitionSchema = transitionRequestOf(noticeLifecycle);

export const noticeSummarySchema = z.object({
  id: z.uuid(),
  status: z.enum(NOTICE_STATUSES),
  title: z.string(),
  docNumber: z.string().nullable(),
  issuer: z.string(),
  issuedOn: z.string(),
  publishedAt: z.string().nullable(),
  /** whether the reader's organisation has opened it (always true for the sender's own) */
  read: z.boolean(),
});
export type NoticeSummary = z.infer<typeof noticeSummarySchema>;

export const noticeSchema = noticeSummarySchema.extend({
  version: z.number(),
  body: z.string(),
  audience: noticeAudienceSchema,
  /** the audience's organisations by name, for the sender */
  audienceNames: z.array(z.string()),
  mine: z.boolean(),
  actions: z.array(actionViewSchema),
});
export type NoticeView = z.infer<typeof noticeSchema>;

export const noticeListSchema = z.object({ items: z.array(noticeSummarySchema), unread: z.number() });

/** 阅读回执: per organisation addressed (or having read it), who opened it first and when. */
export const noticeReceiptsSchema = z.object({
  items: z.array(
    z.object({
      organisationId: z.uuid(),
      organisation: z.string(),
      readBy: z.string().nullable(),
      readAt: z.string().nullable(),
    }),
  ),
});

/** A public notice in the portal's lists. */
export const publicNoticeSummarySchema = noticeSummarySchema.omit({ read: true, status: true });
/** A public notice as the portal shows it: its full text and its 附件, downloadable by anyone. */
export const publicNoticeSchema = publicNoticeSummarySchema.extend({ body: z.string(), attachments: z.array(attachmentSchema) });
export type PublicNoticeSummary = z.infer<typeof publicNoticeSummarySchema>;
export const publicNoticeListSchema = z.object({ items: z.array(publicNoticeSummarySchema) });
