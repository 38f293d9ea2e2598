import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import { canonicalJson, digestOf, sm3 } from '../lib/canonical.js';
import type { Clock } from '../lib/clock.js';
import { SYSTEM_ACTOR_NAME, type Actor } from '../tenancy/actor.js';

export interface AuditEvent {
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

const GENESIS = '0'.repeat(64);
// One lock id for the whole chain: appends are serialised so each row links to the true predecessor.
const CHAIN_LOCK = 20130129;

type ChainedFields = Omit<typeof auditLog.$inferSelect, 'hash' | 'prevHash'>;

function rowHash(prevHash: string, row: ChainedFields): string {
  return sm3(prevHash + canonicalJson({ ...row, at: row.at.toISOString() }));
}

/** Appends one entry inside the caller's transaction, so the change and its audit row commit together. */
export async function appendAudit(tx: Tx, actor: Actor | null, event: AuditEvent, clock: Clock): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const row: ChainedFields = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date(clock.now().getTime()),
    actorUserId: actor?.userId ?? null,
    actorName: actor?.username ?? SYSTEM_ACTOR_NAME,
    organisationId: actor?.organisationId ?? null,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    beforeDigest: digestOf(event.before),
    afterDigest: digestOf(event.after),
  };
  const prevHash = last?.hash ?? GENESIS;
  await tx.insert(auditLog).values({ ...row, prevHash, hash: rowHash(prevHash, row) });
  return row.seq;
}

export type AuditProblem = 'hashMismatch' | 'chainBroken' | 'gap';
export interface AuditVerification {
  ok: boolean;
  entries: number;
  firstBroken: { seq: number; problem: AuditProblem } | null;
}

/** Walks the chain in order: an altered row breaks its hash, a removed one leaves a gap, a moved one breaks the links. */
export async function verifyAudit(db: Queryable, pageSize = 2000): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let entries = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const { hash, prevHash: storedPrev, ...row } of page) {
      const broken = (problem: AuditProblem) => ({ ok: false, entries, firstBroken: { seq: row.seq, problem } });
      if (row.seq !== expectedSeq) return broken('gap');
      if (storedPrev !== prevHash) return broken('chainBroken');
      if (rowHash(storedPrev, row) !== hash) return broken('hashMismatch');
      prevHash = hash;
      expectedSeq += 1;
      entries += 1;
    }
    if (page.length < pageSize) return { ok: true, entries, firstBroken: null };
  }
}
