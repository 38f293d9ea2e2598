import { dropPartitionsBefore, ensurePartitions } from '../../db/partitions.js';
import { dailyJob } from '../../jobs/daily.js';
import { deleteDataCallsBefore } from './metering.repository.js';
import { subscriptionRepository } from './subscriptions.repository.js';

const DAY = 86_400_000;

/**
 * 保存期限: the city platform keeps its metering, its log of personal-information reads and its webhook deliveries for
 * SMARTCITY_DATA_LOG_RETENTION_DAYS (docs/platform.md), then one job a day (one instance runs it) removes what is older:
 * a month past retention as a whole partition, the part of a month that is past it row by row. The same job makes the
 * coming months' partitions of every time-ordered table (db/partitions.ts).
 */
export function retentionJobs(days: number) {
  return dailyJob('platform.retention', '03:00', async (tx, _payload, clock) => {
    const before = new Date(clock.now().getTime() - days * DAY);
    await ensurePartitions(tx, clock.now());
    for (const table of ['platform_usage', 'personal_data_reads', 'platform_deliveries'] as const)
      await dropPartitionsBefore(tx, table, before);
    await deleteDataCallsBefore(tx, before);
    await subscriptionRepository.deleteDeliveredBefore(tx, before);
  });
}
