import { z } from 'zod';
import { LIFECYCLE_LABELS, lifecycleLabels, MESSAGES, type Lang } from './i18n/index.js';
import { auditVerifySchema } from './reference.js';
import { fieldChangeSchema } from './task-book/diff.js';
import { queryInt, sortQuery, text, uuid } from './text.js';

/**
 * A day in the query string, read as a Beijing calendar day (the platform's dates); from 1900 on, as the first day of
 * year 1 in Beijing is still year 0 in UTC, which PostgreSQL has not.
 */
const day = z.iso.date().refine((d) => d >= '1900-01-01', { message: 'too_small' });

export const AUDIT_SORT_KEYS = ['at', 'action', 'actor'] as const;
/** The Ministry's filters on the whole log; every one narrows, none widens. */
export const auditEventListQuery = z.strictObject({
  /** the acting organisation */
  organisationId: uuid.optional(),
  /** the acting user */
  userId: uuid.optional(),
  /** the kind of record the entry is about (`taskBook`, `annualReport`, `user`, …) and its id */
  subjectType: text(40).optional(),
  subjectId: text(100).optional(),
  /** the action's code, exactly (`taskBook.submit`) */
  action: text(80).optional(),
  /** from the start of this Beijing day, to the end of that one (both included) */
  dateFrom: day.optional(),
  dateTo: day.optional(),
  /** newest first unless told otherwise */
  sort: sortQuery(AUDIT_SORT_KEYS),
  page: queryInt(1, 100_000, 1),
  pageSize: queryInt(1, 100, 20),
});
export type AuditEventListQuery = z.infer<typeof auditEventListQuery>;
/** The filters alone: what an export of the same list takes. */
export type AuditEventFilters = Omit<AuditEventListQuery, 'page' | 'pageSize'>;

/** One entry of the log as people read it: who (name, organisation), what, about which record, and its digests. */
export const auditEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.object({ userId: z.uuid().nullable(), username: z.string(), name: z.string().nullable() }),
  organisation: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  action: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  beforeDigest: z.string().nullable(),
  afterDigest: z.string().nullable(),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;
export const auditEventListSchema = z.object({ items: z.array(auditEventSchema), total: z.number().int() });

const problemSchema = auditVerifySchema.shape.firstBroken.unwrap().shape.problem;
/**
 * A record's history: its entries, oldest first, each re-verified (its hash recomputed, linked to its predecessor and
 * its successor in its chain); for versioned records the fields each frozen version changed, and what the draft has
 * changed since the last one.
 */
export const recordHistorySchema = z.object({
  ok: z.boolean(),
  entries: z.array(
    auditEventSchema.extend({
      hash: z.string(),
      prevHash: z.string(),
      problem: problemSchema.nullable(),
      /** the version this entry froze, and its fields against the one before (null: not a versioned step) */
      version: z.number().int().nullable(),
      changes: z.array(fieldChangeSchema).nullable(),
    }),
  ),
  /** a draft's unsubmitted changes: since its last frozen version, or (version null) since it was returned */
  pending: z.object({ version: z.number().int().nullable(), changes: z.array(fieldChangeSchema) }).nullable(),
});
export type RecordHistory = z.infer<typeof recordHistorySchema>;

/**
 * An audit action in words: the catalog's own wording, else the lifecycle's action label, else the verb of a
 * generic action (`<record>.sign`), else the code itself.
 */
export function auditActionText(lang: Lang, action: string): string {
  const m = MESSAGES[lang];
  const own = (m.auditAction as Record<string, string>)[action];
  if (own) return own;
  const [record = '', verb = ''] = action.split('.');
  return lifecycleLabels(lang, record).actions[verb] ?? (m.auditVerb as Record<string, string>)[verb] ?? action;
}

/** Every action code the catalogs word, for a filter's choices: the named ones and each lifecycle's. */
export function knownAuditActions(): string[] {
  const lifecycle = Object.keys(LIFECYCLE_LABELS).flatMap((record) =>
    Object.keys(lifecycleLabels('zh-CN', record).actions).map((verb) => `${record}.${verb}`),
  );
  return [...new Set([...Object.keys(MESSAGES['zh-CN'].auditAction), ...lifecycle])].sort();
}

/** The kind of record an entry is about, in words. */
export const auditSubjectText = (lang: Lang, type: string) => (MESSAGES[lang].auditSubject as Record<string, string>)[type] ?? type;
