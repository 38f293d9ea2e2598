import type { Ctx } from '../../context.js';
import { todos as acceptanceTodos } from '../acceptances/acceptances.todos.js';
import { todos as agreementTodos } from '../agreements/agreements.todos.js';
import { todos as annualReportTodos } from '../annual-reports/annual-reports.todos.js';
import { todos as applicationTodos } from '../applications/applications.todos.js';
import { todos as callTodos } from '../calls/calls.todos.js';
import { todos as inspectionTodos } from '../inspections/inspections.todos.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { taskBookRepository } from '../task-books/task-books.repository.js';
import { partyOf } from '../task-books/task-books.policy.js';
import { signaturesOf } from '../../shared/signatures.js';
import { beijingDate } from '../../lib/clock.js';
import { subjectOf } from '../task-books/task-books.subject.js';
import type { Todo } from './todo.js';

const PROVIDERS = [taskBookTodos, callTodos, applicationTodos, annualReportTodos, inspectionTodos, acceptanceTodos, agreementTodos];

/**
 * What the actor's organisation owes now, across every lifecycle, overdue first: derived from the states,
 * so a to-do appears and disappears with the transition that creates or settles it.
 */
export async function listTodos(ctx: Ctx): Promise<{ items: Todo[] }> {
  const items = (await Promise.all(PROVIDERS.map((p) => p(ctx)))).flat();
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  return { items };
}

/** The task book's obligations: start it, draft it by the deadline, review it, sign it. */
async function taskBookTodos(ctx: Ctx): Promise<Todo[]> {
  const { actor } = ctx;
  const today = beijingDate(ctx.clock.now());
  const can = (...roles: string[]) => actor.roles.some((r) => roles.includes(r));
  const items: Todo[] = [];
  const push = (t: Omit<Todo, 'overdue' | 'subjectType' | 'subjectId'>) =>
    items.push({ ...t, subjectType: 'taskBook', subjectId: t.taskBookId, overdue: t.dueDate !== null && t.dueDate < today });
  const books = await taskBookRepository.list(ctx.db, ctx.scope, {});
  const signed = new Map<string, string[]>();
  for (const b of books.filter((x) => x.status === 'signing')) {
    signed.set(
      b.id,
      (await signaturesOf(ctx.db, subjectOf(b), b.currentVersion)).map((s) => s.party),
    );
  }
  for (const b of books) {
    const party = partyOf(actor, b);
    const due = b.currentVersion === 0 ? (b.deadlineExtendedTo ?? b.deadline) : null;
    const base = { pilotId: b.pilotId, pilotName: b.pilotName, taskBookId: b.id };
    if (b.status === 'draft' && party === 'pilot' && can('editor', 'admin')) push({ ...base, kind: 'draftTaskBook', dueDate: due });
    if (b.status === 'provinceReview' && party === 'province' && can('reviewer', 'admin'))
      push({ ...base, kind: 'reviewTaskBook', dueDate: null });
    if (b.status === 'ministryReview' && party === 'ministry' && can('reviewer', 'admin'))
      push({ ...base, kind: 'reviewTaskBook', dueDate: null });
    if (b.status === 'signing' && party && can('signatory') && !signed.get(b.id)!.includes(party)) {
      push({ ...base, kind: 'signTaskBook', dueDate: null });
    }
  }
  // a pilot without a task book for its batch owes one by the deadline
  if (actor.tier === 'pilot' && can('editor', 'admin') && !books.some((b) => b.pilotId === actor.pilotId)) {
    const pilot = await pilotRepository.get(ctx.db, ctx.scope, actor.pilotId!);
    const deadline = pilot ? await taskBookRepository.deadlineOfBatch(ctx.db, pilot.batchYear) : null;
    if (pilot) push({ kind: 'startTaskBook', pilotId: pilot.id, pilotName: pilot.publishedName, taskBookId: null, dueDate: deadline });
  }
  return items;
}
