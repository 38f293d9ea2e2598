import type { Ctx } from '../../context.js';
import { beijingDate } from '../../lib/clock.js';
import type { Todo } from '../todos/todo.js';
import { isOverdue } from './inspections.presenter.js';
import { inspectionRepository } from './inspections.repository.js';

/**
 * Open rectifications: the pilot answers them by their due date; the province chases the overdue ones and
 * closes (or reopens) the answered ones.
 */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  const { actor } = ctx;
  const today = beijingDate(ctx.clock.now());
  const can = (...roles: string[]) => actor.roles.some((r) => roles.includes(r));
  const pilotActs = actor.tier === 'pilot' && can('editor', 'admin');
  const provinceActs = actor.tier === 'province' && can('reviewer', 'admin');
  if (!pilotActs && !provinceActs) return [];
  const items: Todo[] = [];
  for (const f of await inspectionRepository.rectifications(ctx.db, ctx.scope)) {
    const base = { subjectType: 'finding', subjectId: f.id, pilotId: f.pilotId, pilotName: f.pilotName, taskBookId: null };
    const overdue = isOverdue(f, today);
    if (pilotActs && f.status === 'open') items.push({ ...base, kind: 'answerRectification', dueDate: f.rectificationDue, overdue });
    if (provinceActs && f.status === 'open' && overdue)
      items.push({ ...base, kind: 'chaseRectification', dueDate: f.rectificationDue, overdue });
    if (provinceActs && f.status === 'answered') items.push({ ...base, kind: 'closeRectification', dueDate: null, overdue: false });
  }
  return items;
}
