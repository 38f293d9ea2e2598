import { actsIn, sharingLifecycle, todoOf } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { beijingDate } from '../../lib/clock.js';
import type { Todo } from '../todos/todo.js';
import { sharingRepository } from './sharing.repository.js';
import { sharingPartyOf } from '../../tenancy/abilities.js';

/**
 * 共享申请 waiting for an answer: the provider's to answer by its date; once past it, also the platform
 * administrator's (the table's `platformAdmin` party exists only for an escalated request), overdue.
 */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  if (!actsIn(sharingLifecycle, ctx.actor)) return [];
  const day = beijingDate(ctx.clock.now());
  const open = await sharingRepository.list(ctx.db, ctx.scope, day, { status: 'requested' });
  return open.flatMap((r) => {
    const kind = todoOf(sharingLifecycle, r.status, { ...ctx.actor, party: sharingPartyOf(ctx.actor, r) });
    if (!kind) return [];
    return [
      {
        kind,
        subjectType: 'sharingRequest',
        subjectId: r.id,
        pilotId: r.pilotId,
        pilotName: `${r.consumerName} · ${r.resourceName}`,
        taskBookId: null,
        dueDate: r.dueOn,
        overdue: r.escalated,
      },
    ];
  });
}
