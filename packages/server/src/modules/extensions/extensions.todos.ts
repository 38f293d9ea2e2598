import { actsIn, extensionLifecycle, todoOf } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import type { Todo } from '../todos/todo.js';
import { extensionRepository } from './extensions.repository.js';

/** The Ministry decides every extension request waiting for it (the table's to-do). */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  if (!actsIn(extensionLifecycle, ctx.actor)) return [];
  const open = await extensionRepository.listInState(ctx.db, ctx.scope, ['requested']);
  return open.flatMap((r) => {
    const kind = todoOf(extensionLifecycle, r.status, ctx.actor);
    if (!kind) return [];
    return [
      {
        kind,
        subjectType: 'extension',
        subjectId: r.id,
        pilotId: r.pilotId,
        pilotName: r.pilotName,
        taskBookId: r.taskBookId,
        dueDate: null,
        overdue: false,
      },
    ];
  });
}
