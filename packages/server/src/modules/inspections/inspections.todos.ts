import { actsIn, owes, rectificationLifecycle, todoOf } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { beijingDate } from '../../lib/clock.js';
import type { Todo } from '../todos/todo.js';
import { isOverdue } from './inspections.presenter.js';
import { inspectionRepository } from './inspections.repository.js';

/**
 * Open rectifications: the pilot answers them by their due date; the province closes (or reopens) the answered
 * ones, and — as the party that closes them — chases the overdue open ones.
 */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  const { actor } = ctx;
  if (!actsIn(rectificationLifecycle, actor)) return [];
  const today = beijingDate(ctx.clock.now());
  const chases = owes(rectificationLifecycle, 'answered', actor);
  const items: Todo[] = [];
  for (const f of await inspectionRepository.rectifications(ctx.db, ctx.scope)) {
    const base = { subjectType: 'finding', subjectId: f.id, pilotId: f.pilotId, pilotName: f.pilotName, taskBookId: null };
    const overdue = isOverdue(f, today);
    const kind = f.status && todoOf(rectificationLifecycle, f.status, actor);
    if (kind === 'answerRectification') items.push({ ...base, kind, dueDate: f.rectificationDue, overdue });
    if (kind === 'closeRectification') items.push({ ...base, kind, dueDate: null, overdue: false });
    if (chases && f.status === 'open' && overdue) items.push({ ...base, kind: 'chaseRectification', dueDate: f.rectificationDue, overdue });
  }
  return items;
}
