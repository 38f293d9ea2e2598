import { actsIn, annualReportLifecycle, owes, REPORT_STATUSES, reportDueDate, reportVisibleFrom, todoOf } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { extensionRepository } from '../extensions/extensions.repository.js';
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
  if (!actsIn(annualReportLifecycle, actor)) return [];
  const today = beijingDate(ctx.clock.now());
  // only the reports in a state that makes a to-do for this reader (the lifecycle table says which)
  const statuses = REPORT_STATUSES.filter((s) => todoOf(annualReportLifecycle, s, actor));
  const reports = statuses.length ? await annualReportRepository.summaries(ctx.db, ctx.scope, { statuses }) : [];
  const items: Todo[] = [];
  for (const r of reports) {
    const base = {
      subjectType: 'annualReport',
      subjectId: r.id,
      pilotId: r.pilotId,
      pilotName: r.pilotName,
      taskBookId: r.taskBookId,
      year: r.year,
    };
    const kind = todoOf(annualReportLifecycle, r.status, actor);
    if (!kind) continue;
    if (r.status !== 'draft') items.push({ ...base, kind, dueDate: null, overdue: false });
    // a draft is owed from 1 November of its year, or at once when it was returned
    else if (today >= reportVisibleFrom(r.year) || r.returned)
      items.push({ ...base, kind, dueDate: r.dueDate, overdue: isOverdue(r, today) });
  }
  // whoever drafts a pilot's reports starts the ones not begun
  if (actor.pilotId && owes(annualReportLifecycle, annualReportLifecycle.initial, actor))
    items.push(
      ...(await reportsToStart(
        ctx,
        actor.pilotId,
        (await annualReportRepository.ofPilot(ctx.db, actor.pilotId)).map((r) => r.year),
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
  const extended = await extensionRepository.grantedReportDeadlines(ctx.db, pilotId);
  return book.years
    .filter((y) => today >= reportVisibleFrom(y) && !started.includes(y))
    .map((year) => {
      const due = extended.get(year) ?? reportDueDate(year);
      return {
        kind: 'startAnnualReport',
        subjectType: 'annualReport',
        subjectId: null,
        pilotId,
        pilotName,
        taskBookId: book.taskBookId,
        year,
        dueDate: due,
        overdue: today > due,
      };
    });
}
