import type { Ctx } from '../../context.js';
import { beijingDate } from '../../lib/clock.js';
import type { Todo } from '../todos/todo.js';
import { callRepository, type CallRow } from './calls.repository.js';

/** The Ministry's administrators close a call whose window has passed and publish a closed call's result. */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  if (ctx.actor.tier !== 'ministry' || !ctx.actor.roles.includes('admin')) return [];
  const today = beijingDate(ctx.clock.now());
  const item = (c: CallRow, kind: string, dueDate: string | null): Todo => ({
    kind,
    subjectType: 'call',
    subjectId: c.id,
    pilotId: null,
    pilotName: c.title,
    taskBookId: null,
    dueDate,
    overdue: dueDate !== null && dueDate < today,
  });
  const calls = await callRepository.list(ctx.db, ctx.scope);
  return [
    ...calls.filter((c) => c.status === 'open' && c.closesOn < today).map((c) => item(c, 'closeCall', c.closesOn)),
    ...calls.filter((c) => c.status === 'closed').map((c) => item(c, 'publishCall', null)),
  ];
}
