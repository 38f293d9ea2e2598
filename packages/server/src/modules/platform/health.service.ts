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
    items: rows.map(({ resources: res, requests: req, served, ...r }) => ({
      pilot: { id: r.pilotId, name: r.pilotName },
      departments: r.departments,
      connected: res.connected,
      published: { unconditional: res.unconditional, conditional: res.conditional, none: res.none },
      fresh: res.fresh,
      waiting: req.waiting,
      overdue: req.overdue,
      answerDays: { median: days(req.median), p90: days(req.p90) },
      calls: served.calls,
      consumers: served.consumers,
      rowsServed: served.rows,
    })),
  };
}
