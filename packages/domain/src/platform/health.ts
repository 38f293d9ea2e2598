import { z } from 'zod';

/*
 * 平台运行情况: how each city's platform is doing, for its government, its province and the Ministry — who provides
 * data, how much of it is shared and fresh, whether requests are answered in time, and how much is used. The
 * figures' definitions are in docs/platform.md.
 */

const count = z.number().int().min(0);

export const platformHealthSchema = z.object({
  pilot: z.object({ id: z.uuid(), name: z.string() }),
  /** departments (委办局) on the platform, and those that provide at least one published resource */
  departments: count,
  connected: count,
  /** published resources by sharing class */
  published: z.object({ unconditional: count, conditional: count, none: count }),
  /** published resources loaded within their update cycle */
  fresh: count,
  /** sharing requests waiting for an answer, and those of them past their answer date */
  waiting: count,
  overdue: count,
  /** days from request to answer over the requests answered, median and 90th percentile (null: none answered) */
  answerDays: z.object({ median: z.number().nullable(), p90: z.number().nullable() }),
  /** the last 30 days: calls answered for departments other than the provider, how many departments, rows served */
  calls: count,
  consumers: count,
  rowsServed: count,
});
export type PlatformHealth = z.infer<typeof platformHealthSchema>;
export const platformHealthListSchema = z.object({ items: z.array(platformHealthSchema) });
