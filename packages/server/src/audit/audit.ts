import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../db/client.js';
import { auditCheckpoints, auditLog, auditRetention, organisationKeys } from '../db/schema.js';
import { markAuthChanged } from '../db/auth-changes.js';
import { indexAudited } from '../search/search-index.repository.js';
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
/** The one chain of the entries made before there was a chain per organisation (hashed without chain fields). */
export const LEGACY_CHAIN = 'programme';
/** The chain of what no organisation did: seeding, the command line, start-up. */
const SYSTEM_CHAIN = 'system';
// checkpoints signed one chain's head ('|' message); now every chain's head (canonical JSON)
const CHECKPOINT_V1 = 'auditCheckpoint/1';
const CHECKPOINT_V2 = 'smartcity-audit-checkpoint/2';

type ChainedFields = Omit<typeof auditLog.$inferSelect, 'hash' | 'prevHash'>;

function rowHash(prevHash: string, row: ChainedFields): string {
  const { chain, chainSeq, ...legacy } = row;
  const fields = chain === LEGACY_CHAIN ? legacy : { ...row, chain, chainSeq };
  return sm3(prevHash + canonicalJson({ ...fields, at: row.at.toISOString() }));
}

/**
 * Appends one entry inside the caller's transaction, so the change and its audit row commit together. Only the acting
 * organisation's chain is locked (until commit, so each row links to the true predecessor): organisations write in
 * parallel. Returns the entry's seq.
 */
export async function appendAudit(tx: Tx, actor: Actor | null, event: AuditEvent, clock: Clock): Promise<number> {
  const chain = actor?.organisationId ?? SYSTEM_CHAIN;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit:${chain}`}))`);
  const [last] = await tx
    .select({ chainSeq: auditLog.chainSeq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.chain, chain))
    .orderBy(desc(auditLog.chainSeq))
    .limit(1);
  // the change's own flag comes along (migration 0029): did it touch what sessions and API keys stand for?
  const next = await tx.execute<{ seq: string; auth: string | null }>(
    sql`select nextval('audit_log_seq_seq')::text as seq, current_setting('sc.auth_changed', true) as auth`,
  );
  if (next.rows[0]!.auth === '1') markAuthChanged(tx);
  const row: ChainedFields = {
    seq: Number(next.rows[0]!.seq),
    chain,
    chainSeq: (last?.chainSeq ?? 0) + 1,
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
  // every change is audited here, in its own transaction: the one place the search index follows it
  await indexAudited(tx, event.targetType, event.targetId);
  return row.seq;
}

export type AuditProblem =
  'hashMismatch' | 'chainBroken' | 'gap' | 'tailLost' | 'checkpointMismatch' | 'checkpointForged' | 'retentionForged';
export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** seq: the entry found wrong (for tailLost, the missing chain_seq of that chain); chain: which chain */
  firstBroken: { seq: number; chain?: string; problem: AuditProblem } | null;
}

type AuditRow = typeof auditLog.$inferSelect;
type Link = Pick<AuditRow, 'chainSeq' | 'hash'>;
/** Where a chain starts: before its first entry, or after its last entry dropped by retention. */
const ORIGIN: Link = { chainSeq: 0, hash: GENESIS };

/** One entry against its predecessor in its chain (GENESIS before the first): the next number, the link, its own hash. */
function linkProblem(row: AuditRow, predecessor: Link): 'gap' | 'chainBroken' | 'hashMismatch' | null {
  const { hash, prevHash, ...fields } = row;
  if (row.chainSeq !== predecessor.chainSeq + 1) return 'gap';
  if (prevHash !== predecessor.hash) return 'chainBroken';
  if (rowHash(prevHash, fields) !== hash) return 'hashMismatch';
  return null;
}

/**
 * Verifies some entries (a record's history) with the same check the whole walk makes: each one's hash recomputed and
 * its link to its predecessor, and its successor's link to it (a row rewritten with a recomputed hash breaks only
 * that). Checkpoints are the whole walk's business (`verifyAudit`).
 */
export async function verifyEntries(db: Queryable, rows: AuditRow[]): Promise<Map<number, 'gap' | 'chainBroken' | 'hashMismatch' | null>> {
  const result = new Map<number, 'gap' | 'chainBroken' | 'hashMismatch' | null>();
  if (rows.length === 0) return result;
  const wanted = rows.flatMap((r) => [sql`(${r.chain}, ${r.chainSeq - 1})`, sql`(${r.chain}, ${r.chainSeq + 1})`]);
  const neighbours = await db
    .select()
    .from(auditLog)
    .where(sql`(${auditLog.chain}, ${auditLog.chainSeq}) in (${sql.join(wanted, sql`, `)})`);
  const at = new Map([...neighbours, ...rows].map((r) => [`${r.chain}#${r.chainSeq}`, r]));
  const starts = anchors(await retentionsWithKeys(db));
  for (const row of rows) {
    const start = starts.get(row.chain) ?? ORIGIN;
    const predecessor = row.chainSeq === start.chainSeq + 1 ? start : at.get(`${row.chain}#${row.chainSeq - 1}`);
    const successor = at.get(`${row.chain}#${row.chainSeq + 1}`);
    const own = predecessor ? linkProblem(row, predecessor) : 'gap';
    // the successor's own hash is its own entry's business; here only whether it still links to this one
    const next = successor ? linkProblem(successor, row) : null;
    result.set(row.seq, own ?? (next === 'gap' || next === 'chainBroken' ? 'chainBroken' : null));
  }
  return result;
}

type Heads = Record<string, { seq: number; hash: string }>;
/** What a checkpoint signed: every chain's head (a first-format checkpoint: the legacy chain's). */
const headsOf = (c: { format: string; seq: number; headHash: string; heads: Heads | null }): Heads =>
  c.format === CHECKPOINT_V1 ? { [LEGACY_CHAIN]: { seq: c.seq, hash: c.headHash } } : (c.heads ?? {});

/**
 * Walks every chain: each link and hash, contiguous chain numbers, and every signed checkpoint — each chain must reach
 * the head a checkpoint signed for it, with that hash there (a lost tail or a chain rewritten with recomputed hashes
 * shows), and each checkpoint's signature must verify.
 */
export async function verifyAudit(db: Queryable, pageSize = 2000): Promise<AuditVerification> {
  const checkpoints = await checkpointsWithKeys(db);
  const retentions = await retentionsWithKeys(db);
  let entries = 0;
  const broken = (seq: number, problem: AuditProblem, chain?: string) => ({ ok: false, entries, firstBroken: { seq, chain, problem } });
  const signedBy = (message: string, c: { signature: string; publicKey: string | null }) =>
    c.publicKey !== null && verifyMessage(message, c.signature, c.publicKey);
  const forged = checkpoints.find((c) => !signedBy(checkpointMessage(c), c));
  if (forged) return broken(forged.seq, 'checkpointForged');
  const forgedCut = retentions.find((r) => !signedBy(retentionMessage(r), r));
  if (forgedCut) return broken(forgedCut.seq, 'retentionForged');
  const starts = anchors(retentions);
  // chain#chainSeq → the hash every checkpoint says is there
  const signed = new Map<string, string>();
  for (const c of checkpoints) for (const [chain, head] of Object.entries(headsOf(c))) signed.set(`${chain}#${head.seq}`, head.hash);
  const reached = new Map([...starts].map(([name, start]) => [name, start.chainSeq]));
  let chain: string | null = null;
  let expected = 1;
  let prevHash = GENESIS;
  for (;;) {
    // keyset paging in (chain, chain_seq) order: one pass over the log, each chain in turn
    const page = await db
      .select()
      .from(auditLog)
      .where(chain === null ? undefined : sql`(${auditLog.chain}, ${auditLog.chainSeq}) > (${chain}, ${expected - 1})`)
      .orderBy(asc(auditLog.chain), asc(auditLog.chainSeq))
      .limit(pageSize);
    for (const { hash, prevHash: storedPrev, ...row } of page) {
      if (row.chain !== chain) {
        chain = row.chain;
        const start = starts.get(chain) ?? ORIGIN;
        expected = start.chainSeq + 1;
        prevHash = start.hash;
      }
      const problem = linkProblem({ ...row, hash, prevHash: storedPrev }, { chainSeq: expected - 1, hash: prevHash });
      if (problem) return broken(row.seq, problem, chain);
      const promised = signed.get(`${chain}#${row.chainSeq}`);
      if (promised !== undefined && promised !== hash) return broken(row.seq, 'checkpointMismatch', chain);
      reached.set(chain, row.chainSeq);
      prevHash = hash;
      expected += 1;
      entries += 1;
    }
    if (page.length < pageSize) break;
  }
  // a chain that ends before a head that was signed for it: its tail was removed
  for (const c of checkpoints)
    for (const [name, head] of Object.entries(headsOf(c)))
      if ((reached.get(name) ?? 0) < head.seq) return broken((reached.get(name) ?? 0) + 1, 'tailLost', name);
  return { ok: true, entries, firstBroken: null };
}

/** The signed bytes: first format, the one chain's head; now canonical JSON of every chain's head. */
const checkpointMessage = (c: { format: string; seq: number; headHash: string; signedAt: Date; heads: Heads | null }) =>
  c.format === CHECKPOINT_V1
    ? `auditCheckpoint|1|${c.seq}|${c.headHash}|${c.signedAt.toISOString()}`
    : canonicalJson({ format: c.format, seq: c.seq, signedAt: c.signedAt.toISOString(), heads: c.heads ?? {} });

/** A signed table's rows, each with the public key that signed it (null when no such key exists), in order. */
async function withSignerKeys<T extends typeof auditCheckpoints | typeof auditRetention>(db: Queryable, table: T) {
  const rows = await db
    .select({ row: table as typeof auditCheckpoints, publicKey: organisationKeys.publicKey })
    .from(table as typeof auditCheckpoints)
    .leftJoin(organisationKeys, and(eq(organisationKeys.organisationId, table.signerOrgId), eq(organisationKeys.keyNo, table.signerKeyNo)))
    .orderBy(asc(table.seq));
  return rows.map(({ row, publicKey }) => ({ ...(row as unknown as T['$inferSelect']), publicKey }));
}
const checkpointsWithKeys = (db: Queryable) => withSignerKeys(db, auditCheckpoints);
const retentionsWithKeys = (db: Queryable) => withSignerKeys(db, auditRetention);

export const RETENTION_FORMAT = 'smartcity-audit-retention/1';
/** The signed bytes of a retention record: canonical JSON of what was dropped. */
export const retentionMessage = (r: Omit<typeof auditRetention.$inferSelect, 'signature' | 'signerOrgId' | 'signerKeyNo'>) =>
  canonicalJson({ format: r.format, seq: r.seq, month: r.month, cut: r.cut, entries: r.entries, droppedAt: r.droppedAt.toISOString() });

/** Each chain's start after retention: the last entry of it any retention record dropped. */
function anchors(retentions: (typeof auditRetention.$inferSelect)[]): Map<string, Link> {
  const starts = new Map<string, Link>();
  for (const r of retentions)
    for (const [chain, cut] of Object.entries(r.cut))
      if (cut.seq > (starts.get(chain)?.chainSeq ?? 0)) starts.set(chain, { chainSeq: cut.seq, hash: cut.hash });
  return starts;
}

/** The published checkpoints, newest first: anyone may keep copies and compare them with a later verification. */
export async function listCheckpoints(db: Queryable) {
  return (await checkpointsWithKeys(db)).reverse().map((c) => ({
    seq: c.seq,
    format: c.format,
    heads: headsOf(c),
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
    // first: a key made now is pinned in the chain, and the heads signed below include that entry
    const key = await signer(tx);
    // every chain's last entry as committed now; a chain being appended to is signed up to its committed head
    const rows = await tx.execute<{ chain: string; chain_seq: string; hash: string }>(sql`
      select distinct on (chain) chain, chain_seq::text, hash from audit_log order by chain, chain_seq desc`);
    if (rows.rows.length === 0) return null;
    const heads: Heads = Object.fromEntries(rows.rows.map((r) => [r.chain, { seq: Number(r.chain_seq), hash: r.hash }]));
    const [done] = await tx.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
    if (done && canonicalJson(headsOf(done)) === canonicalJson(heads)) return done;
    // numbered in the log's own order: a checkpoint comes after every entry it signs
    const seq = Number((await tx.execute<{ seq: string }>(sql`select nextval('audit_log_seq_seq')::text as seq`)).rows[0]!.seq);
    const row = {
      seq,
      format: CHECKPOINT_V2,
      heads,
      // one hash for the whole state, for a glance: SM3 of the heads' canonical JSON
      headHash: sm3(canonicalJson(heads)),
      signedAt: new Date(clock.now().getTime()),
      signerOrgId: key.organisationId,
    };
    const [stored] = await tx
      .insert(auditCheckpoints)
      .values({ ...row, signerKeyNo: key.keyNo, signature: key.sign(checkpointMessage(row)) })
      .returning();
    return stored!;
  });
}
