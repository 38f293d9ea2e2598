import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from './client.js';

/**
 * 按月分区: the time-ordered tables and the column each is partitioned by (migration 0031, docs/scale-out.md). A month
 * is a month of Beijing time (UTC+8 all year, so an offset, not a zone: PGlite carries no zone database).
 */
export const MONTHLY = {
  platform_usage: 'at',
  personal_data_reads: 'at',
  platform_deliveries: 'created_at',
  audit_log: 'at',
} as const;
export type MonthlyTable = keyof typeof MONTHLY;

/** Months made ahead of time, so rows never wait in the default partition in normal running. */
const AHEAD = 2;

/** 'YYYYMM' of the Beijing month `d` falls in, `plus` months on. */
export function monthKey(d: Date, plus = 0): string {
  const beijing = new Date(d.getTime() + 8 * 3_600_000);
  const m = beijing.getUTCFullYear() * 12 + beijing.getUTCMonth() + plus;
  return `${Math.floor(m / 12)}${String((m % 12) + 1).padStart(2, '0')}`;
}
/** A month's first instant. */
export const monthStart = (key: string) => new Date(`${key.slice(0, 4)}-${key.slice(4)}-01T00:00:00+08:00`);
const next = (key: string) => monthKey(monthStart(key), 1);
/** The instant a month ends: the next one's first. */
export const monthEnd = (key: string) => monthStart(next(key));
const literal = (d: Date) => sql.raw(`'${d.toISOString()}'`);

const partitionName = (table: MonthlyTable, key: string) => `${table}_p${key}`;
const ident = (name: string) => sql.raw(`"${name}"`);

/** A table's monthly partitions, as month keys, oldest first. */
export async function monthlyPartitions(db: Queryable, table: MonthlyTable): Promise<string[]> {
  const res = await db.execute<{ name: string }>(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = ${table}::regclass order by c.relname`);
  const pattern = new RegExp(`^${table}_p(\\d{6})$`);
  return res.rows.flatMap((r) => pattern.exec(r.name)?.slice(1) ?? []);
}

/**
 * Makes every table's partitions exist from this month to AHEAD months on, and moves the rows waiting in a default
 * partition — rows of a month that had no partition: the migration's, a restored backup's, a clock's that jumped —
 * into their months. The default partition is swapped for an empty one and dropped, never deleted from: the audit
 * log's append-only trigger is not asked to let a row go. Run inside a transaction; instances take turns.
 */
export async function ensurePartitions(tx: Queryable, now: Date) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('smartcity:partitions'))`);
  for (const [table, column] of Object.entries(MONTHLY) as [MonthlyTable, string][]) {
    const existing = new Set(await monthlyPartitions(tx, table));
    const waiting = await tx.execute<{ key: string }>(sql`
      select distinct to_char((${ident(column)} at time zone 'UTC') + interval '8 hours', 'YYYYMM') as key
      from ${ident(`${table}_default`)}`);
    const wanted = new Set([...Array.from({ length: AHEAD + 1 }, (_, i) => monthKey(now, i)), ...waiting.rows.map((r) => r.key)]);
    const missing = [...wanted].filter((k) => !existing.has(k)).sort();
    if (missing.length === 0) continue;
    const moving = `${table}_default_moving`;
    if (waiting.rows.length > 0) {
      await tx.execute(sql`alter table ${ident(table)} detach partition ${ident(`${table}_default`)}`);
      await tx.execute(sql`alter table ${ident(`${table}_default`)} rename to ${ident(moving)}`);
      await tx.execute(sql`create table ${ident(`${table}_default`)} partition of ${ident(table)} default`);
    }
    for (const key of missing)
      await tx.execute(
        sql`create table ${ident(partitionName(table, key))} partition of ${ident(table)}
          for values from (${literal(monthStart(key))}) to (${literal(monthEnd(key))})`,
      );
    if (waiting.rows.length > 0) {
      await tx.execute(sql`insert into ${ident(table)} select * from ${ident(moving)}`);
      await tx.execute(sql`drop table ${ident(moving)}`);
    }
  }
}

/** A month past retention is kept while it holds a row matching this: a webhook delivery still owed. */
const HOLD: Partial<Record<MonthlyTable, (before: Date) => SQL>> = {
  platform_deliveries: (before) => sql`status = 'pending' or delivered_at >= ${before.toISOString()}`,
};

/**
 * Drops a table's monthly partitions whose whole month ended before `before` (retention by the month, not row by
 * row), except those HOLD keeps. Returns the months dropped. (The audit log's have their own: audit/retention.ts.)
 */
export async function dropPartitionsBefore(tx: Queryable, table: Exclude<MonthlyTable, 'audit_log'>, before: Date): Promise<string[]> {
  const dropped: string[] = [];
  const hold = HOLD[table]?.(before);
  for (const key of await monthlyPartitions(tx, table)) {
    if (monthEnd(key) > before) break;
    const partition = ident(partitionName(table, key));
    if (hold && (await tx.execute(sql`select 1 from ${partition} where ${hold} limit 1`)).rows.length > 0) continue;
    await tx.execute(sql`drop table ${partition}`);
    dropped.push(key);
  }
  return dropped;
}
