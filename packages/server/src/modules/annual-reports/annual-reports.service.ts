import type { VersionedChanges } from '../audit/history.js';
import {
  diffValues,
  taskBookLabeller,
  annualReportLifecycle,
  isKind,
  platformValues,
  reportProblems,
  type ReportAction,
  type ReportGuardContext,
  type ReportContent,
  type ReportListQuery,
  type ReportStatus,
} from '@smartcity/domain';
import { audited, type Ctx } from '../../context.js';
import { together, type Queryable, type Tx } from '../../db/client.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { transition as transitionRecord, type LifecycleRecord } from '../../lifecycle/transition.js';
import { attachmentStore } from '../../shared/attachments.js';
import { reviewRepository, type ItemReason } from '../../shared/reviews.js';
import type { Subject } from '../../shared/subject.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { beijingDate } from '../../lib/clock.js';
import { reportAbilities } from '../../tenancy/abilities.js';
import { presentReport, presentReportSummary } from './annual-reports.presenter.js';
import { annualReportRepository, type ReportHead } from './annual-reports.repository.js';
import { prefill, signedTaskBookOf } from './signed-task-book.js';
import { platformYear, traceOf } from '../platform/health.service.js';

export const EVIDENCE_KIND = 'evidence';

/** The report as the subject of reviews and evidence files; its tenant is the pilot's government. */
export const reportSubject = (head: Pick<ReportHead, 'id' | 'pilotOrgId'>): Subject => ({
  type: 'annualReport',
  id: head.id,
  ownerOrgId: head.pilotOrgId,
});

export async function loadReport(ctx: Pick<Ctx, 'db' | 'scope'>, id: string, db: Queryable = ctx.db): Promise<ReportHead> {
  const head = await annualReportRepository.get(db, ctx.scope, id);
  if (!head) throw notFound();
  return head;
}

/** Edits (content, evidence) only by the pilot's editors while a draft: 409 naming the state otherwise. */
export function assertEditable(ctx: Ctx, head: ReportHead, field: string) {
  if (reportAbilities(ctx.actor, head).edit) return;
  if (head.status !== 'draft') throw new AppError(409, 'wrong_state', field, { state: head.status });
  throw forbidden('wrongParty');
}

/** Starts the report of `year`, prefilled from the latest signed version of the pilot's task book. */
export async function createReport(ctx: Ctx, pilotId: string, year: number) {
  const pilot = await pilotRepository.get(ctx.db, ctx.scope, pilotId);
  if (!pilot) throw notFound();
  const book = await signedTaskBookOf(ctx.db, pilotId, ctx.scope);
  if (!book) throw new AppError(409, 'task_book_not_signed', 'pilot');
  if (!book.years.includes(year)) throw new AppError(400, 'not_in_period', 'year');
  const existing = await annualReportRepository.findForYear(ctx.db, pilotId, year);
  if (existing) throw new AppError(409, 'report_exists', 'year', { id: existing.id });
  const content = prefill(book.content, year);
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const id = await annualReportRepository.create(tx, { pilotId, taskBookId: book.taskBookId, year, content });
    return {
      result: id,
      audit: {
        action: 'annualReport.create',
        targetType: 'annualReport',
        targetId: id,
        after: { pilotId, year, taskBookVersion: book.versionNumber },
      },
    };
  });
}

/**
 * The items of a report are those prefilled from the task book: the pilot reports on them, it does not add,
 * drop or rename them, nor change their targets. Evidence must be files attached to this report.
 */
function checkItems(stored: ReportContent, next: ReportContent, evidenceIds: Set<string>) {
  const fixed = ['name', 'category', 'unit', 'target'] as const;
  const storedIndicators = new Map(stored.indicators.map((i) => [i.id, i]));
  const seen = new Set<string>();
  next.indicators.forEach((item, i) => {
    const before = storedIndicators.get(item.id);
    if (!before || seen.has(item.id)) throw new AppError(400, 'invalid_value', `indicators.${i}.id`);
    seen.add(item.id);
    for (const key of fixed) if (item[key] !== before[key]) throw new AppError(400, 'invalid_value', `indicators.${i}.${key}`);
    item.evidence.forEach((e, j) => {
      if (!evidenceIds.has(e)) throw new AppError(400, 'invalid_value', `indicators.${i}.evidence.${j}`);
    });
  });
  if (seen.size !== storedIndicators.size) throw new AppError(400, 'invalid_value', 'indicators');
  const storedProjects = new Map(stored.projects.map((p) => [p.id, p]));
  seen.clear();
  next.projects.forEach((p, i) => {
    const before = storedProjects.get(p.id);
    if (!before || seen.has(p.id)) throw new AppError(400, 'invalid_value', `projects.${i}.id`);
    if (p.name !== before.name) throw new AppError(400, 'invalid_value', `projects.${i}.name`);
    seen.add(p.id);
  });
  if (seen.size !== storedProjects.size) throw new AppError(400, 'invalid_value', 'projects');
}

export async function saveContent(ctx: Ctx, id: string, ifMatch: number, content: ReportContent) {
  const head = await loadReport(ctx, id);
  assertEditable(ctx, head, 'status');
  const evidence = await attachmentStore.list(ctx.db, reportSubject(head));
  checkItems(head.content, content, new Set(evidence.filter((f) => f.kind === EVIDENCE_KIND).map((f) => f.id)));
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const version = await annualReportRepository.saveContent(tx, id, ifMatch, content, ctx.clock.now());
    if (version === null) throw new AppError(409, 'stale_version', 'if-match');
    return { result: version, audit: { action: 'annualReport.saveContent', targetType: 'annualReport', targetId: id, after: { content } } };
  });
}

export interface ReportTransitionInput {
  action: string;
  reason?: string | undefined;
  itemReasons?: ItemReason[] | undefined;
}

function checkItemReasons(head: ReportHead, itemReasons: ItemReason[]) {
  const items = new Set([...head.content.indicators.map((i) => i.id), ...head.content.projects.map((p) => p.id)]);
  itemReasons.forEach((r, i) => {
    if (r.item !== null && !items.has(r.item)) throw new AppError(400, 'invalid_value', `itemReasons.${i}.item`);
  });
}

/** An annual report as the one transition path moves it. */
export const annualReportRecord: LifecycleRecord<ReportStatus, ReportAction, ReportGuardContext, ReportHead> = {
  lifecycle: annualReportLifecycle,
  load: (ctx, tx, id) => loadReport(ctx, id, tx),
  guards: async (_ctx, _tx, head) => ({ problems: reportProblems(head.content).length }),
  notice: (h) => ({
    subject: reportSubject(h),
    owner: h.pilotOrgId,
    supervisor: h.supervisorOrgId,
    params: { pilot: h.pilotName, year: h.year },
  }),
};

/** Fires one report action through the lifecycle engine, with its effects and notifications, in one transaction. */
export async function transition(ctx: Ctx, id: string, input: ReportTransitionInput) {
  const itemReasons = input.itemReasons ?? [];
  const reason = input.reason ?? (itemReasons.length ? itemReasons.map((r) => r.text).join('；') : undefined);
  await transitionRecord(ctx, annualReportRecord, id, { action: input.action, reason }, async (tx, head, action, recorded) => {
    // after the party and state checks, so a refused actor hears 403/409 first; a bad item rolls the move back
    checkItemReasons(head, itemReasons);
    // the review keeps the general reason apart from the item reasons, which are shown beside their items
    await effects(ctx, tx, head, action, input.reason ?? (itemReasons.length ? null : recorded), itemReasons);
  });
}

async function effects(ctx: Ctx, tx: Tx, head: ReportHead, action: ReportAction, reason: string | null, itemReasons: ItemReason[]) {
  const subject = reportSubject(head);
  if (action === 'submit') await annualReportRepository.setSubmittedContent(tx, head.id, head.content);
  const returned = isKind(annualReportLifecycle, action, 'return');
  if (returned) {
    // what was sent back: the resubmission is compared with it
    await annualReportRepository.returnedSnapshot.save(tx, head, head.submittedContent ?? head.content);
  }
  // reviews (approvals and returns, with their reasons) are the record's history
  if (returned || isKind(annualReportLifecycle, action, 'approve'))
    await reviewRepository.add(tx, subject, ctx.actor, { action, versionNumber: head.version, reason, itemReasons, at: ctx.clock.now() });
}

export async function getReport(ctx: Ctx, id: string) {
  const head = await loadReport(ctx, id);
  const [reviews, files] = await Promise.all([
    reviewRepository.list(ctx.db, reportSubject(head)),
    attachmentStore.list(ctx.db, reportSubject(head)),
  ]);
  const last = reviews[0];
  const lastReturn = last && isKind(annualReportLifecycle, last.action, 'return') ? last : null;
  // after a return: what the pilot changed in the content that was sent back (while redrafting, and once resubmitted)
  const returned = lastReturn ? await annualReportRepository.returnedSnapshot.latest(ctx.db, id) : null;
  const changedSinceReturn = returned ? diffValues(returned, head.content) : null;
  const evidence = files.filter((f) => f.kind === EVIDENCE_KIND).map((f) => ({ id: f.id, filename: f.filename }));
  return presentReport(head, { reviews, lastReturn, changedSinceReturn, evidence }, ctx.actor, beijingDate(ctx.clock.now()));
}

/**
 * For the history: reports keep no versions, but what the last return sent back: the redraft's changes since (pending
 * while a draft, then the resubmission's).
 */
export async function reportChanges(
  ctx: Ctx,
  id: string,
  entries: { entry: { seq: number; action: string } }[],
): Promise<VersionedChanges> {
  const head = await loadReport(ctx, id);
  const returned = await annualReportRepository.returnedSnapshot.latest(ctx.db, id);
  if (!returned) return { byEntry: new Map(), pending: null };
  const changes = diffValues(returned, head.content, taskBookLabeller(ctx.lang, []), 'annualReport');
  if (head.status === 'draft') return { byEntry: new Map(), pending: { version: null, changes } };
  const resubmit = entries.findLast((e) => e.entry.action === 'annualReport.submit');
  return { byEntry: new Map(resubmit ? [[resubmit.entry.seq, { version: null, changes }]] : []), pending: null };
}

export async function listReports(ctx: Ctx, q: ReportListQuery) {
  const today = beijingDate(ctx.clock.now());
  const { items, ...total } = await annualReportRepository.page(ctx.db, ctx.scope, q);
  return { items: items.map((h) => presentReportSummary(h, today)), ...total };
}

export interface YearReport {
  year: number;
  id: string | null;
  status: ReportStatus | null;
  content: ReportContent | null;
}

/**
 * Every creation year of the pilot's signed task book with its report (or nulls where none was started), for
 * acceptance. Unscoped: the caller has loaded the pilot in its scope.
 */
export async function latestReports(db: Queryable, pilotId: string): Promise<YearReport[]> {
  const [book, reports] = await together(
    db,
    () => signedTaskBookOf(db, pilotId),
    () => annualReportRepository.ofPilot(db, pilotId),
  );
  const years = [...new Set([...(book?.years ?? []), ...reports.map((r) => r.year)])].sort((a, b) => a - b);
  return years.map((year) => {
    const r = reports.find((x) => x.year === year);
    return { year, id: r?.id ?? null, status: r?.status ?? null, content: r?.content ?? null };
  });
}

/**
 * What the city platform offers as the report's actual values (1.3.1, 1.3.2 and indicators resources are linked to),
 * with their evidence: the pilot adopts them in the form, the source naming the evidence.
 */
export async function reportPlatformValues(ctx: Ctx, id: string) {
  const head = await loadReport(ctx, id);
  const [book, figures] = await Promise.all([
    signedTaskBookOf(ctx.db, head.pilotId),
    platformYear(ctx.db, head.pilotId, head.year, ctx.clock.now()),
  ]);
  const reported = new Set(head.content.indicators.map((i) => i.id));
  const indicators = (book?.content.indicators.items ?? []).filter((i) => reported.has(i.id));
  return {
    pilot: { id: head.pilotId, name: head.pilotName },
    year: head.year,
    figures,
    items: figures ? platformValues(figures, indicators) : [],
  };
}

/** Key project → indicators → resources → yearly values, over the pilot's signed task book (404 before it is signed). */
export async function pilotTrace(ctx: Ctx, pilotId: string) {
  const pilot = await pilotRepository.get(ctx.db, ctx.scope, pilotId);
  if (!pilot) throw notFound();
  const book = await signedTaskBookOf(ctx.db, pilotId);
  if (!book) throw new AppError(409, 'task_book_not_signed', 'pilot');
  return traceOf(
    ctx.db,
    { id: pilotId, name: pilot.publishedName },
    { years: book.years, indicators: book.content.indicators.items, projects: book.content.tasks.projects },
    ctx.clock.now(),
  );
}
