import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client.js';
import { auditCheckpoints, auditLog, organisationKeys } from '../db/schema.js';
import { verifyMessage } from '../signing/keys.js';
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

export type AuditProblem = 'hashMismatch' | 'chainBroken' | 'gap' | 'tailLost' | 'checkpointMismatch' | 'checkpointForged';
export interface AuditVerification {
  ok: boolean;
  entries: number;
  firstBroken: { seq: number; problem: AuditProblem } | null;
}

/**
 * Walks the chain: every link and hash, and every signed checkpoint — the chain must reach each checkpoint's sequence
 * number with its head hash there (a lost tail or a rewritten chain shows), and each checkpoint's signature must verify.
 */
export async function verifyAudit(db: Queryable, pageSize = 2000): Promise<AuditVerification> {
  const checkpoints = await checkpointsWithKeys(db);
  const forged = checkpoints.find((c) => !c.publicKey || !verifyMessage(checkpointMessage(c), c.signature, c.publicKey));
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c.headHash]));
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let entries = 0;
  const broken = (seq: number, problem: AuditProblem) => ({ ok: false, entries, firstBroken: { seq, problem } });
  if (forged) return broken(forged.seq, 'checkpointForged');
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const { hash, prevHash: storedPrev, ...row } of page) {
      if (row.seq !== expectedSeq) return broken(row.seq, 'gap');
      if (storedPrev !== prevHash) return broken(row.seq, 'chainBroken');
      if (rowHash(storedPrev, row) !== hash) return broken(row.seq, 'hashMismatch');
      const signed = bySeq.get(row.seq);
      if (signed !== undefined && signed !== hash) return broken(row.seq, 'checkpointMismatch');
      prevHash = hash;
      expectedSeq += 1;
      entries += 1;
    }
    if (page.length < pageSize) break;
  }
  // the chain ends before a signed head: its tail was removed
  const furthest = checkpoints.at(-1);
  if (furthest && furthest.seq >= expectedSeq) return broken(expectedSeq, 'tailLost');
  return { ok: true, entries, firstBroken: null };
}

const checkpointMessage = (c: { seq: number; headHash: string; signedAt: Date }) =>
  `auditCheckpoint|1|${c.seq}|${c.headHash}|${c.signedAt.toISOString()}`;

async function checkpointsWithKeys(db: Queryable) {
  return db
    .select({
      seq: auditCheckpoints.seq,
      headHash: auditCheckpoints.headHash,
      signedAt: auditCheckpoints.signedAt,
      signature: auditCheckpoints.signature,
      signerOrgId: auditCheckpoints.signerOrgId,
      publicKey: organisationKeys.publicKey,
    })
    .from(auditCheckpoints)
    .leftJoin(
      organisationKeys,
      and(eq(organisationKeys.organisationId, auditCheckpoints.signerOrgId), eq(organisationKeys.keyNo, auditCheckpoints.signerKeyNo)),
    )
    .orderBy(asc(auditCheckpoints.seq));
}

/** The published checkpoints, newest first: anyone may keep copies and compare them with a later verification. */
export async function listCheckpoints(db: Queryable) {
  return (await checkpointsWithKeys(db)).reverse().map((c) => ({
    seq: c.seq,
    headHash: c.headHash,
    signedAt: c.signedAt.toISOString(),
    message: checkpointMessage(c),
    signature: c.signature,
    publicKey: c.publicKey ?? '',
  }));
}

/** Who signs checkpoints: the Ministry's current key (signing/key-registry.ts ministrySigner). */
export type CheckpointSigner = (tx: Tx) => Promise<{ organisationId: string; keyNo: number; sign(message: string): string }>;

/**
 * Signs the chain's current head and stores it, unless that head is signed already. Made at start-up and periodically
 * by the server, and by `smartcity audit checkpoint`.
 */
export async function checkpointAudit(db: Db, signer: CheckpointSigner, clock: Clock) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
    // first: a key made now is pinned in the chain, and the head signed below includes that entry
    const key = await signer(tx);
    const [head] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    if (!head) return null;
    const [done] = await tx.select().from(auditCheckpoints).where(eq(auditCheckpoints.seq, head.seq)).limit(1);
    if (done) return done;
    const row = { seq: head.seq, headHash: head.hash, signedAt: new Date(clock.now().getTime()), signerOrgId: key.organisationId };
    const [stored] = await tx
      .insert(auditCheckpoints)
      .values({ ...row, signerKeyNo: key.keyNo, signature: key.sign(checkpointMessage(row)) })
      .returning();
    return stored!;
  });
}
