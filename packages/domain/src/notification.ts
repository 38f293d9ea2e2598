import { z } from 'zod';
import { lifecycleLabels, MESSAGES, type Lang } from './i18n/index.js';

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
export const notificationListSchema = z.object({ items: z.array(notificationSchema), unread: z.number().int() });
