import { acceptanceLifecycle, MIN_EXPERTS, owes, todoOf } from '@smartcity/domain';
import { RULES, satisfies } from '../../tenancy/abilities.js';
import type { Ctx } from '../../context.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { beijingDate } from '../../lib/clock.js';
import type { Todo } from '../todos/todo.js';
import { frozenTaskBook } from './acceptances.rating.js';
import { acceptanceRepository, type AcceptanceHead } from './acceptances.repository.js';
import { expertPanelRepository } from '../expert-panel/expert-panel.repository.js';

const todo = (kind: string, a: Pick<AcceptanceHead, 'pilotId' | 'pilotName' | 'taskBookId'> & { id: string | null }): Todo => ({
  kind,
  subjectType: 'acceptance',
  subjectId: a.id,
  pilotId: a.pilotId,
  pilotName: a.pilotName,
  taskBookId: a.taskBookId,
  dueDate: null,
  overdue: false,
});

/**
 * 验收: the pilot's admin submits once the creation period has ended; the Ministry's admin assigns experts,
 * confirms and publishes; each assigned expert scores.
 */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  const { actor } = ctx;
  return [
    // whoever submits a pilot's acceptance starts it
    ...(actor.pilotId && owes(acceptanceLifecycle, acceptanceLifecycle.initial, actor) ? await pilotTodos(ctx, actor.pilotId) : []),
    // only who assigns experts, confirms or publishes loads the list (not a pilot, who acts in 'draft' alone)
    ...(satisfies(actor, RULES.assignExperts) ||
    owes(acceptanceLifecycle, 'expertReview', actor) ||
    owes(acceptanceLifecycle, 'confirmed', actor)
      ? await ministryTodos(ctx)
      : []),
    ...(satisfies(actor, RULES.scoreAsExpert) ? await expertTodos(ctx) : []),
  ];
}

async function pilotTodos(ctx: Ctx, pilotId: string): Promise<Todo[]> {
  const book = await frozenTaskBook(ctx.db, ctx.scope, pilotId);
  if (!book || book.head.status !== 'signed') return [];
  if (Number(beijingDate(ctx.clock.now()).slice(0, 4)) <= book.content.period.endYear) return [];
  const acceptance = await acceptanceRepository.forPilot(ctx.db, pilotId);
  if (acceptance && acceptance.status !== 'draft') return [];
  const pilot = await pilotRepository.get(ctx.db, ctx.scope, pilotId);
  return [todo('startAcceptance', { id: acceptance?.id ?? null, pilotId, pilotName: pilot!.publishedName, taskBookId: book.head.id })];
}

/** What waits for the Ministry: experts to assign, ratings to confirm (enough scores) and to publish. */
async function ministryTodos(ctx: Ctx): Promise<Todo[]> {
  const { actor } = ctx;
  const assigns = satisfies(actor, RULES.assignExperts);
  const items: Todo[] = [];
  const all = await acceptanceRepository.list(ctx.db, ctx.scope, {});
  const counts = await expertPanelRepository.counts(
    ctx.db,
    'acceptance',
    all.filter((a) => a.status === 'expertReview').map((a) => a.id),
  );
  for (const a of all) {
    const kind = a.status === 'draft' ? null : todoOf(acceptanceLifecycle, a.status, actor);
    if (a.status !== 'expertReview') {
      if (kind) items.push(todo(kind, a));
      continue;
    }
    const c = counts.get(a.id) ?? { assigned: 0, submitted: 0 };
    if (assigns && c.assigned < MIN_EXPERTS) items.push(todo('assignAcceptance', a));
    else if (kind && c.submitted >= MIN_EXPERTS) items.push(todo(kind, a));
  }
  return items;
}

async function expertTodos(ctx: Ctx): Promise<Todo[]> {
  const pending = new Set(await expertPanelRepository.pendingFor(ctx.db, ctx.actor.userId, 'acceptance'));
  if (pending.size === 0) return [];
  const open = await acceptanceRepository.list(ctx.db, ctx.scope, { status: 'expertReview' });
  return open.filter((a) => pending.has(a.id)).map((a) => todo('scoreAcceptance', a));
}
