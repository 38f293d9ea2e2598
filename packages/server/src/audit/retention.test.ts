import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePartitions } from '../db/partitions.js';
import { auditLog, auditRetention } from '../db/schema.js';
import { ministrySigner } from '../signing/key-registry.js';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import type { Actor } from '../tenancy/actor.js';
import { appendAudit, checkpointAudit, verifyAudit } from './audit.js';
import { dropAuditMonths } from './retention.js';

// The harness's clock stands at 2013-02-01; with six months kept, the months up to July 2012 are past retention.
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const signer = () => ministrySigner(env.app.masterKey, env.clock);
/** An organisation of its own: a chain that starts with the entries written here. */
const newChain = (): Actor => ({ userId: randomUUID(), username: 'retention.test', organisationId: randomUUID() }) as Actor;
async function write(actor: Actor, at: string, n: number) {
  await env.database.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++)
      await appendAudit(tx, actor, { action: 'test.entry', targetType: 'test', targetId: at }, { now: () => new Date(at) });
  });
}
const partitions = async () =>
  (
    await env.database.db.execute<{ name: string }>(sql`
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'audit_log'::regclass`)
  ).rows.map((r) => r.name);
const entries = async () =>
  Number((await env.database.db.execute<{ n: string }>(sql`select count(*)::text as n from audit_log`)).rows[0]!.n);
const drop = () => env.database.db.transaction((tx) => dropAuditMonths(tx, 6, signer(), env.clock));

describe('audit log retention', () => {
  const early = newChain();
  const whole = newChain();
  const setBack = newChain();
  const victim = newChain();

  beforeAll(async () => {
    await write(early, '2012-01-10T10:00:00+08:00', 3);
    await write(whole, '2012-01-20T10:00:00+08:00', 2);
    await write(early, '2013-01-31T10:00:00+08:00', 2);
    // a clock set back: the chain's first entry in March, its second in February
    await write(setBack, '2012-03-05T10:00:00+08:00', 1);
    await write(setBack, '2012-02-05T10:00:00+08:00', 1);
    await write(victim, '2012-02-10T10:00:00+08:00', 2);
    await write(victim, '2013-01-31T11:00:00+08:00', 1);
    await env.database.db.transaction((tx) => ensurePartitions(tx, env.clock.now()));
    await checkpointAudit(env.database.db, signer(), env.clock);
  });

  it('drops a month past retention with a signed record, and the rest still verifies', async () => {
    const before = await entries();
    expect(await partitions()).toEqual(expect.arrayContaining(['audit_log_p201201', 'audit_log_p201202', 'audit_log_p201203']));
    // February is held back: dropping it would cut the set-back chain's second entry from its first (in March)
    expect(await drop()).toEqual(['201201']);
    expect(await partitions()).not.toContain('audit_log_p201201');
    const [record] = await env.database.db.select().from(auditRetention);
    expect(record).toMatchObject({
      month: '201201',
      entries: 5,
      cut: { [early.organisationId]: { seq: 3 }, [whole.organisationId]: { seq: 2 } },
    });
    // the drop is itself audited
    const said = await env.database.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'audit.retention'`);
    expect(said.map((s) => s.targetId)).toEqual(['201201']);
    expect(await entries()).toBe(before - 5 + 1);
    // the whole chain signed at its head by the checkpoint is gone by retention, not lost
    expect(await verifyAudit(env.database.db)).toMatchObject({ ok: true, firstBroken: null });
  });

  it('reads a month dropped by anyone else as a break', async () => {
    await env.database.db.execute(sql`drop table audit_log_p201202`);
    const result = await verifyAudit(env.database.db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ problem: 'gap' });
    expect([setBack.organisationId, victim.organisationId]).toContain(result.firstBroken!.chain);
  });

  it('refuses a retention record that the Ministry did not sign', async () => {
    const [record] = await env.database.db.select().from(auditRetention);
    await env.database.db
      .insert(auditRetention)
      .values({ ...record!, seq: record!.seq + 100_000, month: '201202', signature: record!.signature });
    expect((await verifyAudit(env.database.db)).firstBroken).toMatchObject({ problem: 'retentionForged' });
  });
});
