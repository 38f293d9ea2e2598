import {
  MESSAGES,
  rate,
  ratingLineText,
  ratingParts,
  type Lang,
  type Rating,
  type RatingInput,
  type RatingRule,
  type TargetValue,
  type TaskBookContent,
} from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { together, type Queryable } from '../../db/client.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Scope } from '../../tenancy/scope.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { taskBookRepository } from '../task-books/task-books.repository.js';
import { latestReports, rectificationRecord, type ReportOfYear } from './acceptances.sources.js';
import { currentRule } from './rating-rules.service.js';

/** The pilot's task book as last frozen (the version the parties signed, or the one under review). */
export async function frozenTaskBook(db: Queryable, scope: Scope, pilotId: string) {
  const books = await taskBookRepository.list(db, scope, { pilot: pilotId });
  const head = books.at(-1); // the latest batch's book
  if (!head || head.currentVersion === 0) return null;
  const version = await taskBookRepository.version(db, head.id, head.currentVersion);
  return { head, versionNumber: head.currentVersion, content: version!.content as TaskBookContent };
}
export type FrozenTaskBook = NonNullable<Awaited<ReturnType<typeof frozenTaskBook>>>;

/**
 * What the rule is applied to, as things stand: the task book's indicators (category, baseline and the final
 * year's target), each with the actual value of the latest report that has one (reports in any state, the latest
 * year first); key projects with their latest reported completion; the rectification record.
 */
export function ratingInput(content: TaskBookContent, reports: ReportOfYear[], rectifications: RatingInput['rectifications']): RatingInput {
  const endYear = String(content.period.endYear);
  const actualOf = (id: string) => {
    for (const r of reports) {
      const found = r.content.indicators.find((i) => i.id === id && i.actual !== null);
      if (found) return found.actual;
    }
    return null;
  };
  const completionOf = (id: string) => {
    for (const r of reports) {
      const found = r.content.projects.find((p) => p.id === id);
      if (found) return found.percentComplete;
    }
    return 0; // never reported: nothing to show for it
  };
  const finalTarget = (i: TaskBookContent['indicators']['items'][number]) => i.targetsByYear[endYear] ?? i.target;
  const numeric = (v: TargetValue | undefined) => (typeof v === 'number' ? v : null);
  return {
    // a qualitative indicator (yes/no or text target) has no completion ratio: the experts judge it, the rule does not
    indicators: content.indicators.items
      .filter((i) => finalTarget(i) === null || typeof finalTarget(i) === 'number')
      .map((i) => ({
        id: i.id,
        name: i.indicatorCode ? `${i.indicatorCode} ${i.name}` : i.name,
        category: i.category,
        baseline: i.baseline.value,
        // a signed task book has its targets (completeness checks them); a missing one can only be met by reporting 0
        target: numeric(i.targetsByYear[endYear]) ?? numeric(i.target) ?? 0,
        actual: actualOf(i.id),
      })),
    projects: content.tasks.projects.map((p) => ({ id: p.id, name: p.name, percentComplete: completionOf(p.id) })),
    rectifications,
  };
}

/** The rating with its rule, part by part, and each line in words (domain `ratingLineText`, in the reader's language), so the pilot sees where every point came from. */
export function presentRating(rating: Rating, rule: RatingRule, lang: Lang) {
  return {
    ruleVersion: rating.ruleVersion,
    rule,
    parts: ratingParts(rule, rating),
    score: rating.score,
    stars: rating.stars,
    label: MESSAGES[lang].stars[rating.stars],
    vetoes: rating.vetoes,
    lines: rating.lines.map((l) => ({ ...l, text: ratingLineText(lang, l, rule) })),
  };
}
export type RatingView = ReturnType<typeof presentRating>;

/** The rating the pilot gets now under `rule` (read before any transaction: the first read may seed it). */
export async function computeRating(ctx: Pick<Ctx, 'scope'>, db: Queryable, pilotId: string, rule: RatingRule) {
  const book = await frozenTaskBook(db, ctx.scope, pilotId);
  if (!book) throw new AppError(409, 'task_book_not_signed', 'pilot');
  const [reports, rectifications] = await together(
    db,
    () => latestReports(db, pilotId),
    () => rectificationRecord(db, pilotId),
  );
  return { rating: rate(rule, ratingInput(book.content, reports, rectifications)), book, reports };
}

export async function ratingPreview(ctx: Ctx, pilotId: string) {
  if (!(await pilotRepository.get(ctx.db, ctx.scope, pilotId))) throw notFound();
  const { rule } = await currentRule(ctx.db, ctx.clock);
  const { rating, book, reports } = await computeRating(ctx, ctx.db, pilotId, rule);
  return {
    ...presentRating(rating, rule, ctx.lang),
    basis: {
      taskBookId: book.head.id,
      taskBookVersion: book.versionNumber,
      reports: reports.map((r) => ({ year: r.year, status: r.status })),
    },
  };
}
