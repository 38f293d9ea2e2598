import type { Ctx } from '../../context.js';
import { todos as acceptanceTodos } from '../acceptances/acceptances.todos.js';
import { todos as agreementTodos } from '../agreements/agreements.todos.js';
import { todos as annualReportTodos } from '../annual-reports/annual-reports.todos.js';
import { todos as applicantTodos } from '../applications/applicants.todos.js';
import { todos as applicationTodos } from '../applications/applications.todos.js';
import { todos as callTodos } from '../calls/calls.todos.js';
import { todos as extensionTodos } from '../extensions/extensions.todos.js';
import { todos as inspectionTodos } from '../inspections/inspections.todos.js';
import { todos as platformTodos } from '../platform/platform.todos.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { taskBookRepository } from '../task-books/task-books.repository.js';
import {
  owes,
  submissionDeadline,
  TASK_BOOK_STATUSES,
  taskBookLifecycle,
  todoOf,
  type SigningParty,
  type TodoList,
  type TodoListQuery,
} from '@smartcity/domain';
import { chasesOverdue, ownPilotOf, taskBookAbilities } from '../../tenancy/abilities.js';
import { partiesSigned } from '../../shared/signatures.js';
import { beijingDate } from '../../lib/clock.js';
import { countsOf, type KindCount, type Todo } from './todo.js';

const PROVIDERS = [
  taskBookTodos,
  extensionTodos,
  callTodos,
  applicantTodos,
  applicationTodos,
  annualReportTodos,
  inspectionTodos,
  acceptanceTodos,
  agreementTodos,
  platformTodos,
];

/**
 * What the actor's organisation owes now, across every lifecycle, overdue first, a page of it with the count of each
 * kind: derived from the states, so a to-do appears and disappears with the transition that creates or settles it.
 */
export async function listTodos(ctx: Ctx, q: TodoListQuery): Promise<TodoList> {
  // the page is among each module's first page × size to-dos in this order: a module that can owe thousands sends no more
  const upTo = q.page * q.pageSize;
  const provided = await Promise.all(PROVIDERS.map((p) => p(ctx, upTo)));
  const all = provided.flatMap((p) => (Array.isArray(p) ? p : p.first));
  // stable: to-dos alike keep the modules' order, and each module's own
  all.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  const kinds = new Map<string, KindCount>();
  for (const { kind, count, overdue } of provided.flatMap((p) => (Array.isArray(p) ? countsOf(p) : p.kinds))) {
    const k = kinds.get(kind) ?? kinds.set(kind, { kind, count: 0, overdue: 0 }).get(kind)!;
    k.count += count;
    k.overdue += overdue;
  }
  const start = (q.page - 1) * q.pageSize;
  return {
    items: all.slice(start, start + q.pageSize),
    total: [...kinds.values()].reduce((n, k) => n + k.count, 0),
    overdue: [...kinds.values()].reduce((n, k) => n + k.overdue, 0),
    kinds: [...kinds.values()],
  };
}

/** The task book's obligations: start it, draft it by the deadline, review it (the table's to-dos), sign it. */
async function taskBookTodos(ctx: Ctx): Promise<Todo[]> {
  const { actor } = ctx;
  const today = beijingDate(ctx.clock.now());
  const items: Todo[] = [];
  const push = (t: Omit<Todo, 'overdue' | 'subjectType' | 'subjectId'>) =>
    items.push({ ...t, subjectType: 'taskBook', subjectId: t.taskBookId, overdue: t.dueDate !== null && t.dueDate < today });
  // only the books in a state that can make a to-do for this reader: the table's own, signing, drafts for who chases
  const statuses = TASK_BOOK_STATUSES.filter(
    (s) => todoOf(taskBookLifecycle, s, actor) || s === 'signing' || (s === 'draft' && chasesOverdue(actor)),
  );
  // a pilot's users see its own books only: read once, for the states that make a to-do and for whether it has one
  const ownPilot = ownPilotOf(actor);
  const own = ownPilot ? await taskBookRepository.list(ctx.db, ctx.scope, { pilot: ownPilot }) : null;
  const books = own?.filter((b) => statuses.includes(b.status)) ?? (await taskBookRepository.list(ctx.db, ctx.scope, { statuses }));
  const signing = books.filter((b) => b.status === 'signing');
  const signed = await partiesSigned(ctx.db, 'taskBook', new Map(signing.map((b) => [b.id, b.currentVersion])));
  for (const b of books) {
    const base = { pilotId: b.pilotId, pilotName: b.pilotName, taskBookId: b.id };
    const kind = todoOf(taskBookLifecycle, b.status, actor);
    if (kind) push({ ...base, kind, dueDate: submissionDeadline(b) });
    if (taskBookAbilities(actor, b, (signed.get(b.id) ?? []) as SigningParty[]).sign)
      push({ ...base, kind: 'signTaskBook', dueDate: null });
    // escalation: the supervising province chases a first submission past its deadline
    const due = submissionDeadline(b);
    if (chasesOverdue(actor) && due !== null && due < today) push({ ...base, kind: 'chaseTaskBook', dueDate: due });
  }
  // a pilot without a task book for its batch owes one by the deadline: whoever drafts one starts it
  if (
    actor.pilotId &&
    owes(taskBookLifecycle, taskBookLifecycle.initial, actor) &&
    (own ?? (await taskBookRepository.list(ctx.db, ctx.scope, { pilot: actor.pilotId }))).length === 0
  ) {
    const pilot = await pilotRepository.get(ctx.db, ctx.scope, actor.pilotId);
    const deadline = pilot ? await taskBookRepository.deadlineOfBatch(ctx.db, pilot.batchYear) : null;
    if (pilot) push({ kind: 'startTaskBook', pilotId: pilot.id, pilotName: pilot.publishedName, taskBookId: null, dueDate: deadline });
  }
  return items;
}
