import type { OverdueRow } from '@smartcity/domain';
import { appendAudit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { beijingDate } from '../../lib/clock.js';
import { notify } from '../../shared/notify.js';
import type { Due } from './deadlines.js';
import { duesOfRows } from './extensions.service.js';

const DAY = 86_400_000;
const daysUntil = (date: string, today: string) => Math.round((Date.parse(date) - Date.parse(today)) / DAY);

/** The notice of a date owed by: the scheduled jobs' words, before the date (days left) or after it (overdue). */
export function dueNotice(due: Due, deadline: string, today: string, days = daysUntil(deadline, today)) {
  return days < 0
    ? { kind: 'deadline.overdue', subject: due.subject, params: { ...due.params, deadline } }
    : { kind: 'deadline.reminder', subject: due.subject, params: { ...due.params, deadline, days } };
}

/**
 * 催办: a province or the Ministry reminds the pilots of the selected rows of what they owe — a notification (and
 * e-mail) to each pilot per row, audited; all of them or, when a row owes nothing or is out of view, none.
 */
export async function remindDeadlines(ctx: Ctx, input: { rows: OverdueRow[] }) {
  const today = beijingDate(ctx.clock.now());
  const notified = await ctx.db.transaction(async (tx) => {
    const dues = await duesOfRows(ctx, tx, input.rows, (_, d) => (d?.current == null ? 'notOwed' : null));
    const seen = new Set<string>();
    for (const due of dues) {
      const notice = dueNotice(due, due.current!, today);
      const key = JSON.stringify([notice.subject, notice.params]);
      if (seen.has(key)) continue; // a row named twice is reminded once
      seen.add(key);
      await notify(tx, due.pilotOrgId, notice);
      await appendAudit(
        tx,
        ctx.actor,
        {
          action: 'deadline.remind',
          targetType: notice.subject.type,
          targetId: notice.subject.id,
          after: { kind: notice.kind, ...notice.params },
        },
        ctx.clock,
      );
    }
    return seen.size;
  });
  return { notified };
}
