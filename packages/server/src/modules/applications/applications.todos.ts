import { MIN_EXPERTS } from '@smartcity/domain';
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
  const can = (...roles: string[]) => actor.roles.some((r) => roles.includes(r));
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
  switch (actor.tier) {
    case 'applicant': {
      if (!can('editor', 'admin')) return [];
      const drafts = await applicationRepository.list(db, scope, { status: 'draft' });
      return drafts.filter((a) => a.callStatus === 'open').map((a) => item(a, 'draftApplication', a.callClosesOn));
    }
    case 'province': {
      if (!can('reviewer', 'admin')) return [];
      return (await applicationRepository.list(db, scope, { status: 'provinceReview' })).map((a) => item(a, 'reviewApplication'));
    }
    case 'ministry': {
      if (!can('admin')) return [];
      const inReview = await applicationRepository.list(db, scope, { status: 'expertReview' });
      const counts = await expertPanelRepository.counts(
        db,
        'application',
        inReview.map((a) => a.id),
      );
      return inReview.flatMap((a) => {
        const c = counts.get(a.id) ?? { assigned: 0, submitted: 0 };
        if (c.assigned < MIN_EXPERTS) return [item(a, 'assignExperts')];
        return c.submitted >= MIN_EXPERTS ? [item(a, 'decideApplication')] : [];
      });
    }
    case 'expert': {
      if (!can('reviewer')) return [];
      const open = new Set(await expertPanelRepository.pendingFor(db, actor.userId, 'application'));
      return (await applicationRepository.list(db, scope, { status: 'expertReview' }))
        .filter((a) => open.has(a.id))
        .map((a) => item(a, 'scoreApplication'));
    }
    default:
      return [];
  }
}
