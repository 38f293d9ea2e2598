import { z } from 'zod';
import { lifecycleLabels, MESSAGES, type Lang } from './i18n/index.js';
import { queryInt, sortQuery } from './text.js';

/** The kinds of record other rows hang off (reviews, signatures, files, notifications). */
export const SUBJECT_TYPES = [
  'taskBook',
  'application',
  'annualReport',
  'finding',
  'inspection',
  'acceptance',
  'agreement',
  'extension',
  'notice',
  'pilot',
  'sharingRequest',
] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/**
 * What a notification says, as data: a code (`<lifecycle>.<action>` for a transition, or a named event such as
 * `panel.assigned.application`) and its parameters. The text is made from the catalogs in the reader's language,
 * so the same notification reads in Chinese or English and a wording fix reaches old notifications too.
 */
export const noticeParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type NoticeParams = z.infer<typeof noticeParamsSchema>;

/** The text of a notification: `notice[<code>]`, else the lifecycle's `notice[<lifecycle>]` with the action's label. */
export function noticeText(lang: Lang, kind: string, params: NoticeParams): string {
  const m = MESSAGES[lang];
  const [lifecycle = '', action = ''] = kind.split('.');
  const template = m.notice[kind] ?? m.notice[lifecycle];
  if (template === undefined) return kind;
  const values: Record<string, string> = {
    action: lifecycleLabels(lang, lifecycle).actions[action] ?? action,
    ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
  };
  // the deadline it is about (notices from before reports had deadlines of their own name none: a task book's)
  values.of = (m.deadlineOf[String(params.of ?? 'taskBook')] ?? '').replace('{year}', String(params.year ?? ''));
  // a rating is a number of stars; its words are the catalog's
  if (typeof params.stars === 'number') values.stars = (m.stars as Record<number, string>)[params.stars] ?? String(params.stars);
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

/** An in-app notification of an organisation; `title` is `noticeText` in the language the request asked for. */
export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  params: noticeParamsSchema,
  subjectType: z.string(),
  subjectId: z.string(),
  title: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
/** One page of the reader's notifications; `unread` counts all of the reader's unread ones, `total` those matching. */
export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  unread: z.number().int(),
  total: z.number().int(),
});
export const NOTIFICATION_SORT_KEYS = ['at', 'type'] as const;
export const notificationListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  /** the kind of record it is about */
  type: z.enum(SUBJECT_TYPES).optional(),
  /** by when it arrived (newest first unless `sort=at`) or by the kind of record */
  sort: sortQuery(NOTIFICATION_SORT_KEYS),
  page: queryInt(1, 100_000, 1),
  pageSize: queryInt(1, 100, 20),
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;
