import { z } from 'zod';
import { queryInt, text } from './text.js';

/** What the one search box finds, in the order its groups are shown. */
export const SEARCH_TYPES = ['pilot', 'taskBook', 'annualReport', 'inspection', 'finding', 'notice'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const searchQuery = z.strictObject({
  q: text(100),
  /** one group, paged; without it every group's first page */
  type: z.enum(SEARCH_TYPES).optional(),
  page: queryInt(1, 1000, 1),
  pageSize: queryInt(1, 50, 5),
});
export type SearchQuery = z.infer<typeof searchQuery>;

/** A piece of text, marked when it matched the query (the client renders the mark; no markup travels). */
export const segmentSchema = z.object({ text: z.string(), hit: z.boolean() });
export type Segment = z.infer<typeof segmentSchema>;

export const searchHitSchema = z.object({
  type: z.enum(SEARCH_TYPES),
  id: z.uuid(),
  /** the pilot the record belongs to; null for a notice (通知公告), which is its issuer's */
  pilotId: z.uuid().nullable(),
  pilotName: z.string().nullable(),
  /** the record's own name where it has one: a pilot's, a finding's title, a report's year, an inspection's date */
  title: z.array(segmentSchema),
  /** the text around the first match */
  fragment: z.array(segmentSchema),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchResultSchema = z.object({
  groups: z.array(
    z.object({
      type: z.enum(SEARCH_TYPES),
      total: z.number().int(),
      /** false: `total` is the planner's estimate of a type with more hits than are counted exactly */
      totalExact: z.boolean(),
      items: z.array(searchHitSchema),
    }),
  ),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;
