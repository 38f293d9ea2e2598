import { applicationLifecycle, MIN_EXPERTS, todoOf } from '@smartcity/domain';
import { RULES, satisfies } from '../../tenancy/abilities.js';
import type { Ctx } from '../../context.js';
import { beijingDate } from '../../lib/clock.js';
import type { Todo } from '../todos/todo.js';
import { applicationRepository, type ApplicationHead } from './applications.repository.js';
import { expertPanelRepository } from '../expert-panel/expert-panel.repository.js';

/**
 * What each party owes on applications: the applicant its drafts while the call is open (by the call's closing
 * date), the province its 初审, the Ministry experts to assign and decisions to take, each expert their scores.
 */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  const { actor, db, scope } = ctx;
  const today = beijingDate(ctx.clock.now());
  const item = (a: ApplicationHead, kind: string, dueDate: string | null = null): Todo => ({
    kind,
    subjectType: 'application',
    subjectId: a.id,
    pilotId: null,
    pilotName: a.name,
    taskBookId: null,
    dueDate,
    overdue: dueDate !== null && dueDate < today,
  });
  const owed = async (status: 'draft' | 'provinceReview', keep: (a: ApplicationHead) => boolean = () => true) =>
    todoOf(applicationLifecycle, status, actor)
      ? (await applicationRepository.list(db, scope, { status }))
          .filter(keep)
          .map((a) => item(a, applicationLifecycle.states[status].todo!, status === 'draft' ? a.callClosesOn : null))
      : [];
  // the applicant drafts while the call is open (by its closing date); the province reviews what was submitted
  const drafts = await owed('draft', (a) => a.callStatus === 'open');
  const reviews = await owed('provinceReview');
  // 综合评审: the Ministry assigns experts until there are enough, and decides once enough have scored
  const panel: Todo[] = [];
  const assigns = satisfies(actor, RULES.assignExperts);
  const decides = todoOf(applicationLifecycle, 'expertReview', actor);
  if (assigns || decides) {
    const inReview = await applicationRepository.list(db, scope, { status: 'expertReview' });
    const counts = await expertPanelRepository.counts(
      db,
      'application',
      inReview.map((a) => a.id),
    );
    for (const a of inReview) {
      const c = counts.get(a.id) ?? { assigned: 0, submitted: 0 };
      if (assigns && c.assigned < MIN_EXPERTS) panel.push(item(a, 'assignExperts'));
      else if (decides && c.submitted >= MIN_EXPERTS) panel.push(item(a, decides));
    }
  }
  // each expert scores what it is assigned and has not scored
  if (satisfies(actor, RULES.scoreAsExpert)) {
    const open = new Set(await expertPanelRepository.pendingFor(db, actor.userId, 'application'));
    if (open.size)
      panel.push(
        ...(await applicationRepository.list(db, scope, { status: 'expertReview' }))
          .filter((a) => open.has(a.id))
          .map((a) => item(a, 'scoreApplication')),
      );
  }
  return [...drafts, ...reviews, ...panel];
}
