import type { Ctx } from '../../context.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { taskBookRepository } from '../task-books/task-books.repository.js';
import { partyOf } from '../task-books/task-books.policy.js';
import { signaturesOf } from '../../shared/signatures.js';
import { beijingDate, subjectOf } from '../task-books/task-books.service.js';

export interface Todo {
  kind: 'startTaskBook' | 'draftTaskBook' | 'reviewTaskBook' | 'signTaskBook';
  pilotId: string;
  pilotName: string;
  taskBookId: string | null;
  dueDate: string | null;
  overdue: boolean;
}

/**
 * What the actor's organisation owes now, across the task-book lifecycle: derived from the states,
 * so a to-do appears and disappears with the transition that creates or settles it.
 */
export async function listTodos(ctx: Ctx): Promise<{ items: Todo[] }> {
  const { actor } = ctx;
  const today = beijingDate(ctx.clock.now());
  const can = (...roles: string[]) => actor.roles.some((r) => roles.includes(r));
  const items: Todo[] = [];
  const push = (t: Omit<Todo, 'overdue'>) => items.push({ ...t, overdue: t.dueDate !== null && t.dueDate < today });
  const books = await taskBookRepository.list(ctx.db, ctx.scope, {});
  const signed = new Map<string, string[]>();
  for (const b of books.filter((x) => x.status === 'signing')) {
    signed.set(b.id, (await signaturesOf(ctx.db, subjectOf(b), b.currentVersion)).map((s) => s.party));
  }
  for (const b of books) {
    const party = partyOf(actor, b);
    const due = b.currentVersion === 0 ? (b.deadlineExtendedTo ?? b.deadline) : null;
    const base = { pilotId: b.pilotId, pilotName: b.pilotName, taskBookId: b.id };
    if (b.status === 'draft' && party === 'pilot' && can('editor', 'admin')) push({ ...base, kind: 'draftTaskBook', dueDate: due });
    if (b.status === 'provinceReview' && party === 'province' && can('reviewer', 'admin')) push({ ...base, kind: 'reviewTaskBook', dueDate: null });
    if (b.status === 'ministryReview' && party === 'ministry' && can('reviewer', 'admin')) push({ ...base, kind: 'reviewTaskBook', dueDate: null });
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
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  return { items };
}
