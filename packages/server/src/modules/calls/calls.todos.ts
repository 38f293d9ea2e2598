import { actsIn, callLifecycle, todoOf } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { beijingDate } from '../../lib/clock.js';
import type { Todo } from '../todos/todo.js';
import { callRepository } from './calls.repository.js';

/** Whoever closes and publishes calls (the table says: the Ministry's administrators) closes one whose window has passed and publishes a closed one. */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  if (!actsIn(callLifecycle, ctx.actor)) return [];
  const today = beijingDate(ctx.clock.now());
  return (await callRepository.list(ctx.db, ctx.scope)).flatMap((c) => {
    const kind = todoOf(callLifecycle, c.status, ctx.actor);
    // an open call is owed only once its window has passed
    if (!kind || (c.status === 'open' && c.closesOn >= today)) return [];
    const dueDate = c.status === 'open' ? c.closesOn : null;
    return [
      {
        kind,
        subjectType: 'call',
        subjectId: c.id,
        pilotId: null,
        pilotName: c.title,
        taskBookId: null,
        dueDate,
        overdue: dueDate !== null && dueDate < today,
      },
    ];
  });
}
