import { reportDueDate, reportVisibleFrom } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { beijingDate } from '../../lib/clock.js';
import type { Todo } from '../todos/todo.js';
import { isOverdue } from './annual-reports.presenter.js';
import { annualReportRepository } from './annual-reports.repository.js';
import { signedTaskBookOf } from './signed-task-book.js';

/**
 * The pilot owes the report of year Y from 1 November of Y (started or not) until it submits it, overdue after
 * 31 December; a returned report is owed again at once. Province and Ministry owe a decision on what waits for them.
 */
export async function todos(ctx: Ctx): Promise<Todo[]> {
  const { actor } = ctx;
  const today = beijingDate(ctx.clock.now());
  const can = (...roles: string[]) => actor.roles.some((r) => roles.includes(r));
  // only the pilot's editors and the reviewers of province and Ministry owe anything here
  const actsHere =
    (actor.tier === 'pilot' && can('editor', 'admin')) ||
    ((actor.tier === 'province' || actor.tier === 'ministry') && can('reviewer', 'admin'));
  if (!actsHere) return [];
  const reports = await annualReportRepository.list(ctx.db, ctx.scope, {});
  const items: Todo[] = [];
  for (const r of reports) {
    const base = { subjectType: 'annualReport', subjectId: r.id, pilotId: r.pilotId, pilotName: r.pilotName, taskBookId: r.taskBookId };
    const owedByPilot = r.status === 'draft' && (today >= reportVisibleFrom(r.year) || r.submittedContent !== null);
    if (owedByPilot && actor.tier === 'pilot' && can('editor', 'admin')) {
      items.push({ ...base, kind: 'draftAnnualReport', dueDate: reportDueDate(r.year), overdue: isOverdue(r, today) });
    }
    const waiting =
      (r.status === 'provinceReview' && actor.tier === 'province') || (r.status === 'ministryReview' && actor.tier === 'ministry');
    if (waiting && can('reviewer', 'admin')) items.push({ ...base, kind: 'reviewAnnualReport', dueDate: null, overdue: false });
  }
  if (actor.tier === 'pilot' && can('editor', 'admin'))
    items.push(
      ...(await reportsToStart(
        ctx,
        actor.pilotId!,
        reports.map((r) => r.year),
        today,
      )),
    );
  return items;
}

/** Creation years whose report is already owed (from 1 November) but not yet started. */
async function reportsToStart(ctx: Ctx, pilotId: string, started: number[], today: string): Promise<Todo[]> {
  const book = await signedTaskBookOf(ctx.db, pilotId, ctx.scope);
  if (!book) return [];
  const pilotName = (await pilotRepository.get(ctx.db, ctx.scope, pilotId))?.publishedName ?? '';
  return book.years
    .filter((y) => today >= reportVisibleFrom(y) && !started.includes(y))
    .map((y) => ({
      kind: 'startAnnualReport',
      subjectType: 'annualReport',
      subjectId: null,
      pilotId,
      pilotName,
      taskBookId: book.taskBookId,
      dueDate: reportDueDate(y),
      overdue: today > reportDueDate(y),
    }));
}
