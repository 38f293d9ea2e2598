import type { PlatformHealth } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { beijingDate } from '../../lib/clock.js';
import { healthRepository } from './health.repository.js';

const days = (d: number | null) => (d === null ? null : Math.round(d * 10) / 10);

/** 平台运行情况 of every platform the reader sees: its own city's, its province's pilots', or all of them. */
export async function platformHealth(ctx: Ctx): Promise<{ items: PlatformHealth[] }> {
  const now = ctx.clock.now();
  const rows = await healthRepository.byPilot(ctx.db, ctx.scope, now, beijingDate(now));
  return {
    items: rows.map((r) => ({
      pilot: { id: r.pilotId, name: r.pilotName },
      departments: r.departments,
      connected: r.connected,
      published: { unconditional: r.unconditional, conditional: r.conditional, none: r.none },
      fresh: r.fresh,
      waiting: r.waiting,
      overdue: r.overdue,
      answerDays: { median: days(r.answerMedian), p90: days(r.answerP90) },
      calls: r.calls,
      consumers: r.consumers,
      rowsServed: r.rowsServed,
    })),
  };
}
