import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { monthEnd, monthlyPartitions } from '../db/partitions.js';
import { auditRetention } from '../db/schema.js';
import { dailyJob } from '../jobs/daily.js';
import type { Clock } from '../lib/clock.js';
import { appendAudit, RETENTION_FORMAT, retentionMessage, type CheckpointSigner } from './audit.js';

/**
 * Drops the audit log's months that ended `months` months before `now`, oldest first, each with a signed retention
 * record of where every chain now starts (audit.ts verifies the kept part against it) and an audit entry saying so.
 * A month is kept while it is not the start of each of its chains — an entry of an earlier chain number still in a
 * later month (a clock set back) would otherwise be cut off from its predecessors. Returns the months dropped.
 */
export async function dropAuditMonths(tx: Tx, months: number, signer: CheckpointSigner, clock: Clock): Promise<string[]> {
  const now = clock.now();
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  const dropped: string[] = [];
  for (const month of await monthlyPartitions(tx, 'audit_log')) {
    if (monthEnd(month) > cutoff) break;
    const partition = sql.raw(`"audit_log_p${month}"`);
    const heads = await tx.execute<{ chain: string; chain_seq: string; hash: string }>(
      sql`select distinct on (chain) chain, chain_seq::text, hash from ${partition} order by chain, chain_seq desc`,
    );
    const cut = Object.fromEntries(heads.rows.map((h) => [h.chain, { seq: Number(h.chain_seq), hash: h.hash }]));
    const later = await tx.execute(sql`
      select 1 from audit_log a join jsonb_each(${JSON.stringify(cut)}::jsonb) c on a.chain = c.key
      where a.chain_seq <= (c.value->>'seq')::bigint and a.tableoid <> ${`audit_log_p${month}`}::regclass limit 1`);
    if (later.rows.length > 0) break;
    const count = await tx.execute<{ n: string }>(sql`select count(*)::text as n from ${partition}`);
    const key = await signer(tx);
    const seq = Number((await tx.execute<{ seq: string }>(sql`select nextval('audit_log_seq_seq')::text as seq`)).rows[0]!.seq);
    const record = { seq, format: RETENTION_FORMAT, month, cut, entries: Number(count.rows[0]!.n), droppedAt: new Date(now.getTime()) };
    await tx.insert(auditRetention).values({
      ...record,
      signerOrgId: key.organisationId,
      signerKeyNo: key.keyNo,
      signature: key.sign(retentionMessage(record)),
    });
    await tx.execute(sql`drop table ${partition}`);
    await appendAudit(tx, null, { action: 'audit.retention', targetType: 'auditMonth', targetId: month, after: record }, clock);
    dropped.push(month);
  }
  return dropped;
}

/** The daily job that applies SMARTCITY_AUDIT_RETENTION_MONTHS (none: the log is kept whole). */
export function auditRetentionJobs(months: number, signer: () => CheckpointSigner) {
  return dailyJob('audit.retention', '03:30', async (tx, _payload, clock) => {
    await dropAuditMonths(tx, months, signer(), clock);
  });
}
