import type { Ctx } from '../../context.js';
import { RULES, satisfies } from '../../tenancy/abilities.js';
import type { Todo } from '../todos/todo.js';
import { applicantRepository } from './applicants.repository.js';

/** A province's admin owes a decision on each self-registered applicant government waiting in its province. */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  if (!satisfies(ctx.actor, RULES.approveApplicants)) return [];
  const pending = await applicantRepository.list(ctx.db, ctx.scope, 'pending');
  return pending.map((a) => ({
    kind: 'approveApplicant',
    subjectType: 'applicant',
    subjectId: null,
    pilotId: null,
    pilotName: a.name,
    taskBookId: null,
    dueDate: null,
    overdue: false,
  }));
}
