import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAudit } from '../audit/audit.js';
import { retentionJobs } from '../modules/platform/retention.js';
import { createTestDatabase } from '../test/database.js';
import type { Database } from './client.js';
import { ensurePartitions, monthKey } from './partitions.js';
import { platformDeliveries, platformUsage } from './schema.js';

// The reviewed list (docs/scale-out.md, "Partitioned by month"): table → the column its months are cut by.
const doc = readFileSync(new URL('../../../../docs/scale-out.md', import.meta.url), 'utf8');
const PARTITIONED: Record<string, string> = Object.fromEntries(
  [...doc.matchAll(/^\| `(\w+)` \| `(\w+)` \|/gm)].map(([, table, column]) => [table!, column!]),
);

let database: Database;
const NOW = new Date('2026-12-02T10:00:00+08:00');
const clockAt = (d: Date) => ({ now: () => new Date(d) });

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction((tx) => ensurePartitions(tx, NOW));
});
afterAll(() => database.close());

const q = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => (await database.db.execute<T>(query)).rows;
const partitionsOf = async (table: string) =>
  (
    await q<{ name: string }>(sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = ${table}::regclass order by 1`)
  ).map((r) => r.name);
const usageRow = (at: string) => ({
  pilotId: randomUUID(),
  organisationId: randomUUID(),
  resourceId: randomUUID(),
  at: new Date(at),
  operation: 'query',
  rows: 1,
  bytes: 10,
  status: 200,
  latencyMs: 1,
});
const whereIs = async (table: string, id: string) =>
  (await q<{ part: string }>(sql`select tableoid::regclass::text as part from ${sql.raw(table)} where id = ${id}`))[0]?.part;

describe('monthly partitions of the time-ordered tables', () => {
  it('partitions each table by range of its time, with the time in its primary key and unique indexes', async () => {
    expect(Object.keys(PARTITIONED).sort()).toEqual(['audit_log', 'personal_data_reads', 'platform_deliveries', 'platform_usage']);
    const found = await q<{ table: string; column: string; strategy: string }>(sql`
      select c.relname as table, a.attname as column, p.partstrat as strategy
      from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
      join pg_attribute a on a.attrelid = c.oid and a.attnum = p.partattrs[0]
      where c.relnamespace = 'public'::regnamespace and not c.relispartition order by 1`);
    expect(Object.fromEntries(found.map((f) => [f.table, [f.column, f.strategy]]))).toEqual(
      Object.fromEntries(Object.entries(PARTITIONED).map(([t, c]) => [t, [c, 'r']])),
    );
    const unique = await q<{ table: string; index: string; columns: string }>(sql`
      select c.relname as table, i.indexrelid::regclass::text as index,
        array_to_string(array(select a.attname from pg_attribute a where a.attrelid = c.oid and a.attnum = any(i.indkey)), ',') as columns
      from pg_index i join pg_class c on c.oid = i.indrelid
      where i.indisunique and c.relname in (${sql.join(
        Object.keys(PARTITIONED).map((t) => sql`${t}`),
        sql`, `,
      )})`);
    expect(unique.length).toBeGreaterThanOrEqual(5);
    for (const u of unique) expect(u.columns.split(','), u.index).toContain(PARTITIONED[u.table]);
  });

  it('has this month and the next two ready, cut at midnight Beijing time', async () => {
    for (const table of Object.keys(PARTITIONED))
      expect(await partitionsOf(table)).toEqual(expect.arrayContaining([`${table}_p202612`, `${table}_p202701`, `${table}_p202702`]));
    const [last, first] = [usageRow('2026-12-01T15:59:59.999Z'), usageRow('2026-12-01T16:00:00Z')];
    const beforeMidnight = usageRow('2026-11-30T23:59:59+08:00');
    await database.db.insert(platformUsage).values([last, first, beforeMidnight]);
    const rows = await database.db.select().from(platformUsage);
    const idOf = (at: Date) => rows.find((r) => r.at.getTime() === at.getTime())!.id;
    expect(await whereIs('platform_usage', idOf(last.at))).toBe('platform_usage_p202612');
    expect(await whereIs('platform_usage', idOf(first.at))).toBe('platform_usage_p202612');
    // 2026-12-01 00:00 Beijing is 2026-11-30 16:00 UTC: a second before it is November's
    expect(await whereIs('platform_usage', idOf(beforeMidnight.at))).toBe('platform_usage_default');
    expect(monthKey(new Date('2026-11-30T16:00:00Z'))).toBe('202612');
    expect(monthKey(new Date('2026-11-30T15:59:59Z'))).toBe('202611');
  });

  it('moves rows of a month without its partition out of the default partition, the audit chain intact', async () => {
    const old = clockAt(new Date('2019-03-15T12:00:00+08:00'));
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await appendAudit(tx, null, { action: 'test.old', targetType: 'test', targetId: String(i) }, old);
    });
    expect((await q<{ n: string }>(sql`select count(*)::text as n from audit_log_default`))[0]!.n).toBe('3');
    const before = await q(sql`select * from audit_log order by seq`);
    await database.db.transaction((tx) => ensurePartitions(tx, NOW));
    expect((await q<{ n: string }>(sql`select count(*)::text as n from audit_log_default`))[0]!.n).toBe('0');
    expect((await q<{ n: string }>(sql`select count(*)::text as n from audit_log_p201903`))[0]!.n).toBe('3');
    expect(await partitionsOf('platform_usage')).toContain('platform_usage_p202611');
    expect(await q(sql`select * from audit_log order by seq`)).toEqual(before);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, entries: 3 });
    // still append-only: a moved row cannot be deleted
    await expect(database.db.execute(sql`delete from audit_log where action = 'test.old'`)).rejects.toThrow();
  });

  it('drops metering months past retention whole, keeps deliveries still owed, and removes the rest row by row', async () => {
    const far = usageRow('2025-06-10T12:00:00+08:00');
    const partly = usageRow('2025-12-20T12:00:00+08:00');
    const kept = usageRow('2026-11-20T12:00:00+08:00');
    await database.db.insert(platformUsage).values([far, partly, kept]);
    const delivery = (created: string, status: 'pending' | 'delivered') => ({
      pilotId: randomUUID(),
      subscriptionId: randomUUID(),
      eventId: randomUUID(),
      status,
      nextAt: new Date(created),
      createdAt: new Date(created),
      deliveredAt: status === 'delivered' ? new Date(created) : null,
    });
    await database.db
      .insert(platformDeliveries)
      .values([delivery('2025-05-03T12:00:00+08:00', 'pending'), delivery('2025-07-03T12:00:00+08:00', 'delivered')]);
    await database.db.transaction((tx) => ensurePartitions(tx, NOW));
    expect(await partitionsOf('platform_usage')).toEqual(expect.arrayContaining(['platform_usage_p202506', 'platform_usage_p202512']));
    // a year's retention on 2026-12-02: before 2025-12-02 — June 2025 goes whole, December 2025 stays (partly recent)
    const { handlers } = retentionJobs(365);
    await database.db.transaction((tx) => handlers['platform.retention']!(tx, {}, clockAt(NOW)));
    const usage = await partitionsOf('platform_usage');
    expect(usage).not.toContain('platform_usage_p202506');
    expect(usage).toContain('platform_usage_p202512');
    const left = (await database.db.select({ at: platformUsage.at }).from(platformUsage)).map((r) => r.at.toISOString()).sort();
    expect(left).toContain(partly.at.toISOString());
    expect(left).toContain(kept.at.toISOString());
    expect(left).not.toContain(far.at.toISOString());
    const deliveries = await partitionsOf('platform_deliveries');
    expect(deliveries).toContain('platform_deliveries_p202505'); // a pending delivery holds its month
    expect(deliveries).not.toContain('platform_deliveries_p202507');
    expect((await database.db.select().from(platformDeliveries)).map((d) => d.status)).toEqual(['pending']);
  });
});
