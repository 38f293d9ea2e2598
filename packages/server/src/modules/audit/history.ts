import { idParam, recordHistorySchema, type FieldChange, type RecordHistory } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { verifyEntries } from '../../audit/audit.js';
import { ctxOf, type Ctx } from '../../context.js';
import type { AccessRule, Resource } from '../../types.js';
import { auditEventRepository, type NamedAuditRow } from './audit.repository.js';
import { presentAuditEvent } from './audit.presenter.js';

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/** What a versioned record's history adds to its entries: the fields each versioned step changed, and the draft's. */
export interface VersionedChanges {
  byEntry: Map<number, { version: number | null; changes: FieldChange[] | null }>;
  pending: RecordHistory['pending'];
}

export interface HistorySource {
  /** the record's routes (`/api/task-books`): its history is `<base>/:id/history` */
  base: string;
  /** the record's own rule (its GET's): whoever may read the record may read its history, nobody else */
  access: Extract<AccessRule, { tiers: unknown }> & { resource: Resource };
  /** the kinds its entries are written under (a finding's are also its rectification lifecycle's) */
  types: readonly string[];
  tags: string[];
  /** the record as its own page loads it, in the caller's scope: not found for whoever may not read it */
  load(ctx: Ctx, id: string): Promise<unknown>;
  /** versioned records (task books, annual reports): field-by-field changes */
  changes?(ctx: Ctx, id: string, entries: NamedAuditRow[]): Promise<VersionedChanges>;
}

/** A record's entries, oldest first, each verified in its chain, with the changes of versioned steps. */
export async function recordHistory(ctx: Ctx, source: HistorySource, id: string): Promise<RecordHistory> {
  await source.load(ctx, id);
  const rows = await auditEventRepository.forSubject(ctx.db, source.types, id);
  const [problems, versioned] = await Promise.all([
    verifyEntries(
      ctx.db,
      rows.map((r) => r.entry),
    ),
    source.changes?.(ctx, id, rows),
  ]);
  const entries = rows.map((r) => {
    const step = versioned?.byEntry.get(r.entry.seq);
    return {
      ...presentAuditEvent(r),
      hash: r.entry.hash,
      prevHash: r.entry.prevHash,
      problem: problems.get(r.entry.seq) ?? null,
      version: step?.version ?? null,
      changes: step?.changes ?? null,
    };
  });
  return { ok: entries.every((e) => e.problem === null), entries, pending: versioned?.pending ?? null };
}

/**
 * `GET <base>/:id/history`, written once for every record: whoever may read the record (the record's own access rule,
 * then the record loaded in their scope as its page loads it) may read its history; nobody else learns it exists.
 */
export function historyRoute(app: ZodApp, source: HistorySource) {
  app.get(
    `${source.base}/:id/history`,
    {
      config: { access: source.access },
      schema: {
        tags: source.tags,
        summary: '历史记录（审计链校验）Who did what and when, verified in the audit chain',
        params: idParam,
        response: { 200: recordHistorySchema },
      },
    },
    async (req) => recordHistory(ctxOf(req), source, req.params.id),
  );
}
