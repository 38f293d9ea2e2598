import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema.js';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { appendAudit, checkpointAudit, verifyAudit } from './audit.js';
import type { Actor } from '../tenancy/actor.js';
import { ministrySigner } from '../signing/key-registry.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  // a few more entries to tamper with: sign-ins and a sign-out
  // (the Ministry's people: one organisation's chain of at least 8)
  for (const u of ['mohurd.admin', 'dept-320000.admin', 'pilot-2012-025.admin', 'mohurd.viewer', 'mohurd.editor', 'mohurd.reviewer'])
    await (await env.as(u)).delete('/api/session');
  // the Ministry's key, pinned in the chain when made, exists before the entries are kept for restoring
  await env.database.db.transaction((tx) => ministrySigner(env.app.masterKey, env.clock)(tx));
});
afterAll(() => env?.close());

// Tampering needs what an attacker with database access has: the append-only trigger switched off.
async function tamper(statement: ReturnType<typeof sql>) {
  await env.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await tx.execute(statement);
    await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  });
}
let snapshot: (typeof auditLog.$inferSelect)[] = [];
/** The entries of the longest chain, in chain order (seeding and start-up: the system's). */
const longestChain = () => {
  const counts = new Map<string, number>();
  for (const r of snapshot) counts.set(r.chain, (counts.get(r.chain) ?? 0) + 1);
  const chain = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  return snapshot.filter((r) => r.chain === chain).sort((a, b) => a.chainSeq - b.chainSeq);
};
async function restore() {
  await env.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await tx.delete(auditLog);
    await tx.insert(auditLog).values(snapshot);
    await tx.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  });
}

describe('the SM3-chained audit log', () => {
  beforeEach(async () => {
    if (snapshot.length === 0) snapshot = await env.database.db.select().from(auditLog).orderBy(auditLog.seq);
    else await restore();
  });

  it('verifies when untouched, through the API (Ministry only) and directly', async () => {
    expect(snapshot.length).toBeGreaterThanOrEqual(8);
    const ministry = await env.as('mohurd.viewer');
    const res = await ministry.get('/api/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, firstBroken: null });
    expect((await (await env.as('dept-320000.admin')).get('/api/audit/verify')).statusCode).toBe(403);
  });

  it('refuses UPDATE and DELETE from the application', async () => {
    const cause = (e: unknown) => String((e as { cause?: Error }).cause?.message);
    await expect(env.database.db.execute(sql`update audit_log set action = 'x' where seq = 2`)).rejects.toSatisfy((e) =>
      /append-only/.test(cause(e)),
    );
    await expect(env.database.db.execute(sql`delete from audit_log where seq = 2`)).rejects.toSatisfy((e) => /append-only/.test(cause(e)));
  });

  it('refuses TRUNCATE, which the row triggers do not see', async () => {
    const cause = (e: unknown) => String((e as { cause?: Error }).cause?.message);
    await expect(env.database.db.execute(sql`truncate audit_log`)).rejects.toSatisfy((e) => /append-only/.test(cause(e)));
    expect((await verifyAudit(env.database.db)).entries).toBeGreaterThan(0);
  });

  it('finds an altered row', async () => {
    const row = longestChain()[3]!;
    await tamper(sql`update audit_log set actor_name = 'someone-else' where seq = ${row.seq}`);
    expect(await verifyAudit(env.database.db)).toMatchObject({ ok: false, firstBroken: { seq: row.seq, problem: 'hashMismatch' } });
  });

  it('finds an altered row even when its hash is recomputed (the next link in its chain breaks)', async () => {
    const { sm3, canonicalJson } = await import('../lib/canonical.js');
    const [row, next] = longestChain().slice(3, 5);
    const { hash: _h, prevHash, ...fields } = { ...row!, action: 'forged' };
    const hash = sm3(prevHash + canonicalJson({ ...fields, at: fields.at.toISOString() }));
    await tamper(sql`update audit_log set action = 'forged', hash = ${hash} where seq = ${row!.seq}`);
    expect(await verifyAudit(env.database.db)).toMatchObject({ ok: false, firstBroken: { seq: next!.seq, problem: 'chainBroken' } });
  });

  it('finds a removed row', async () => {
    const [removed, next] = longestChain().slice(2, 4);
    await tamper(sql`delete from audit_log where seq = ${removed!.seq}`);
    expect(await verifyAudit(env.database.db)).toMatchObject({ ok: false, firstBroken: { seq: next!.seq, problem: 'gap' } });
  });

  it('finds reordered rows', async () => {
    const [a, b] = longestChain().slice(4, 6);
    await tamper(sql`update audit_log set chain_seq = -1 where seq = ${a!.seq}`);
    await tamper(sql`update audit_log set chain_seq = ${a!.chainSeq} where seq = ${b!.seq}`);
    await tamper(sql`update audit_log set chain_seq = ${b!.chainSeq} where seq = ${a!.seq}`);
    expect(await verifyAudit(env.database.db)).toMatchObject({ ok: false, firstBroken: { seq: b!.seq, problem: 'chainBroken' } });
  });

  it('verifies again once restored, and pages through long chains', async () => {
    expect(await verifyAudit(env.database.db, 3)).toMatchObject({ ok: true, entries: snapshot.length });
  });
});

describe('signed checkpoints of the chain', () => {
  beforeEach(restore);

  it('detect a lost tail and a chain rewritten with recomputed hashes, and are published for anyone to keep', async () => {
    const db = env.database.db;
    const checkpoint = await checkpointAudit(db, ministrySigner(env.app.masterKey, env.clock), env.clock);
    const chain = longestChain();
    const last = chain.at(-1)!;
    expect(checkpoint!.heads).toMatchObject({ [last.chain]: { seq: last.chainSeq, hash: last.hash } });
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: snapshot.length });

    // a chain's newest entries removed: what is left verifies link by link, the checkpoint says it is short
    await tamper(sql`delete from audit_log where chain = ${last.chain} and chain_seq >= ${last.chainSeq - 1}`);
    expect(await verifyAudit(db)).toMatchObject({
      ok: false,
      firstBroken: { seq: last.chainSeq - 1, chain: last.chain, problem: 'tailLost' },
    });
    await restore();

    // a chain rewritten from its second entry with every later hash recomputed: only the signed head can tell
    const { sm3, canonicalJson } = await import('../lib/canonical.js');
    let prev = chain[0]!.hash;
    for (const row of chain.slice(1)) {
      const { hash: _h, prevHash: _p, ...fields } = { ...row, actorName: row.chainSeq === 2 ? 'forged' : row.actorName };
      const hash = sm3(prev + canonicalJson({ ...fields, at: fields.at.toISOString() }));
      await tamper(sql`update audit_log set actor_name = ${fields.actorName}, prev_hash = ${prev}, hash = ${hash} where seq = ${row.seq}`);
      prev = hash;
    }
    expect(await verifyAudit(db)).toMatchObject({ ok: false, firstBroken: { seq: last.seq, problem: 'checkpointMismatch' } });
    await restore();

    const published = (await env.anonymous().get('/api/public/audit-checkpoints')).json();
    expect(published.items[0]).toMatchObject({
      seq: checkpoint!.seq,
      format: 'smartcity-audit-checkpoint/2',
      heads: { [last.chain]: { seq: last.chainSeq, hash: last.hash } },
      signature: expect.stringMatching(/^[0-9a-f]+$/),
    });
  });
});

describe('chains per organisation', () => {
  // One chain behind one lock would make every audited change of every pilot wait for every other; each acting
  // organisation has its own chain, and the signed checkpoints anchor all of them at once.
  it.skipIf(!process.env.TEST_DATABASE_URL)('lets two organisations write audited changes at the same time', async () => {
    const db = env.database.db;
    const actorOf = async (username: string) => (await env.as(username)).get('/api/session').then((r) => r.json());
    const a = await actorOf('dept-320000.admin');
    const b = await actorOf('dept-110000.admin');
    const actor = (s: { user: { id: string; username: string }; organisation: { id: string } }) =>
      ({ userId: s.user.id, username: s.user.username, organisationId: s.organisation.id }) as Actor;
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstAppended!: () => void;
    const appended = new Promise<void>((resolve) => (firstAppended = resolve));
    const first = db.transaction(async (tx) => {
      await appendAudit(tx, actor(a), { action: 'test.first', targetType: 'test', targetId: '1' }, env.clock);
      firstAppended();
      await firstHolds; // still open: its chain is locked until it commits
    });
    await appended;
    const second = db.transaction((tx) =>
      appendAudit(tx, actor(b), { action: 'test.second', targetType: 'test', targetId: '2' }, env.clock),
    );
    const outcome = await Promise.race([second.then(() => 'committed'), new Promise((r) => setTimeout(() => r('waited'), 3000))]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(outcome).toBe('committed');
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });
});
