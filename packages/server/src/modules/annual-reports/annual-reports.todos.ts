import { actsIn, annualReportLifecycle, owes, REPORT_STATUSES, reportDueDate, reportVisibleFrom, todoOf } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { extensionRepository } from '../extensions/extensions.repository.js';
import { together } from '../../db/client.js';
import { beijingDate } from '../../lib/clock.js';
import { countsOf, type Provided, type Todo } from '../todos/todo.js';
import type { Actor } from '../../tenancy/actor.js';
import { isOverdue } from './annual-reports.presenter.js';
import { annualReportRepository, type ReportSummaryRow } from './annual-reports.repository.js';
import { signedTaskBookOf } from './signed-task-book.js';

/**
 * The pilot owes the report of year Y from 1 November of Y (started or not) until it submits it, overdue after
 * 31 December; a returned report is owed again at once. Province and Ministry owe a decision on what waits for them —
 * thousands at scale (a year of the programme for the Ministry): the first `upTo` in the registry's order and the count
 * of each state from SQL, instead of every report read to be cut to one page.
 */
export async function todos(ctx: Ctx, upTo: number): Promise<Provided> {
  const { actor } = ctx;
  if (!actsIn(annualReportLifecycle, actor)) return [];
  const today = beijingDate(ctx.clock.now());
  // only the reports in a state that makes a to-do for this reader (the lifecycle table says which)
  const statuses = REPORT_STATUSES.filter((s) => todoOf(annualReportLifecycle, s, actor));
  const deciding = statuses.filter((s) => s !== 'draft');
  const owed: Todo[] = [];
  const starts = actor.pilotId !== null && owes(annualReportLifecycle, annualReportLifecycle.initial, actor);
  // a pilot's own reports are a handful, read once: the drafts it owes and the years it has begun
  const own =
    statuses.includes('draft') || starts
      ? await annualReportRepository.summaries(ctx.db, ctx.scope, actor.pilotId ? { pilot: actor.pilotId } : { statuses: ['draft'] })
      : [];
  // a draft is owed from 1 November of its year, or at once when it was returned
  if (statuses.includes('draft'))
    for (const r of own)
      if (r.status === 'draft' && (today >= reportVisibleFrom(r.year) || r.returned))
        owed.push({ ...reportTodo(r, actor), dueDate: r.dueDate, overdue: isOverdue(r, today) });
  // whoever drafts a pilot's reports starts the ones not begun
  if (starts)
    owed.push(
      ...(await reportsToStart(
        ctx,
        actor.pilotId!,
        own.map((r) => r.year),
        today,
      )),
    );
  if (deciding.length === 0) return owed;
  // a decision has no due date: all alike in the list's order, so the registry's order is theirs
  const [first, counts] = await Promise.all([
    annualReportRepository.firstInStates(ctx.db, ctx.scope, deciding, upTo),
    annualReportRepository.countByStatus(ctx.db, ctx.scope, deciding),
  ]);
  return {
    first: [...owed, ...first.map((r) => ({ ...reportTodo(r, actor), dueDate: null, overdue: false }))],
    kinds: [
      ...countsOf(owed),
      ...counts.map((c) => ({ kind: todoOf(annualReportLifecycle, c.status, actor)!, count: c.count, overdue: 0 })),
    ],
  };
}

/** A report's to-do of the kind its state makes for the reader (in a state the lifecycle gives them one). */
const reportTodo = (r: ReportSummaryRow, actor: Actor) => ({
  kind: todoOf(annualReportLifecycle, r.status, actor)!,
  subjectType: 'annualReport',
  subjectId: r.id,
  pilotId: r.pilotId,
  pilotName: r.pilotName,
  taskBookId: r.taskBookId,
  year: r.year,
});

/** Creation years whose report is already owed (from 1 November) but not yet started. */
async function reportsToStart(ctx: Ctx, pilotId: string, started: number[], today: string): Promise<Todo[]> {
  const [book, extended] = await together(
    ctx.db,
    () => signedTaskBookOf(ctx.db, pilotId, ctx.scope),
    () => extensionRepository.grantedReportDeadlines(ctx.db, pilotId),
  );
  if (!book) return [];
  return book.years
    .filter((y) => today >= reportVisibleFrom(y) && !started.includes(y))
    .map((year) => {
      const due = extended.get(year) ?? reportDueDate(year);
      return {
        kind: 'startAnnualReport',
        subjectType: 'annualReport',
        subjectId: null,
        pilotId,
        pilotName: book.pilotName,
        taskBookId: book.taskBookId,
        year,
        dueDate: due,
        overdue: today > due,
      };
    });
}
