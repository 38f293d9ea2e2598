import type { VersionedChanges } from '../audit/history.js';
import {
  submissionDeadline,
  verificationUrl,
  completeness,
  diffContent,
  emptyContent,
  isKind,
  taskBookLabeller,
  reshapeForPeriod,
  SECTION_SCHEMAS,
  SIGNING_PARTIES,
  TASK_BOOK_SECTIONS,
  taskBookLifecycle,
  type AmendmentType,
  type TaskBookContent,
  type TaskBookAction,
  type TaskBookDocument,
  type Problem,
  type TaskBookGuardContext,
  type TaskBookStatus,
  type TargetValue,
} from '@smartcity/domain';
import { audited, type Ctx } from '../../context.js';
import type { Queryable, Tx } from '../../db/client.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { lockedLoad, transition as transitionRecord, type LifecycleRecord } from '../../lifecycle/transition.js';
import { defaultRequiredCodes } from '../batches/batches.service.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { referenceRepository } from '../reference/reference.repository.js';
import { taskBookAbilities } from '../../tenancy/abilities.js';
import { reviewRepository } from '../../shared/reviews.js';
import { signaturesOf, verifySignatures } from '../../shared/signatures.js';
import { presentTaskBook, presentTaskBookSummary } from './task-books.presenter.js';
import { taskBookRepository, type TaskBookHead } from './task-books.repository.js';
import { contentOf, digestOfContent, subjectOf } from './task-books.subject.js';
import { beijingDate, endOfBeijingDay } from '../../lib/clock.js';

export async function loadHead(ctx: Pick<Ctx, 'db' | 'scope'>, id: string, db: Queryable = ctx.db): Promise<TaskBookHead> {
  const head = await taskBookRepository.get(db, ctx.scope, id);
  if (!head) throw notFound();
  return head;
}

/** 规定项 of the book's batch: set by the Ministry, or every level-3 indicator under 保障体系与基础设施 (code 1). */
export const requiredIndicatorCodes = (head: TaskBookHead): string[] =>
  head.requiredIndicatorCodes ?? defaultRequiredCodes(head.level3Codes ?? []);

export async function createTaskBook(ctx: Ctx, pilotId: string) {
  const pilot = await pilotRepository.get(ctx.db, ctx.scope, pilotId);
  if (!pilot) throw notFound();
  const batch = await referenceRepository.batchByYear(ctx.db, pilot.batchYear);
  const existing = await taskBookRepository.findForPilot(ctx.db, pilotId, batch!.id);
  if (existing) throw new AppError(409, 'task_book_exists', 'pilot', { id: existing.id });
  // a batch's creation period starts the year after its year of application
  const content = emptyContent(pilot.batchYear + 1);
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const id = await taskBookRepository.create(tx, pilotId, batch!.id, reshapeForPeriod(content), ctx.actor.userId);
    return { result: id, audit: { action: 'taskBook.create', targetType: 'taskBook', targetId: id, after: { pilotId } } };
  });
}

/** Only the pilot's editors change a task book, and only while it is a draft: 409 otherwise, naming the state. */
export function assertEditable(ctx: Ctx, head: TaskBookHead, field: string) {
  if (taskBookAbilities(ctx.actor, head, []).editSections) return;
  if (head.status !== 'draft') throw new AppError(409, 'wrong_state', field, { state: head.status });
  throw forbidden();
}

/**
 * Saves one section. Editability is checked on the row locked for the write, so a save and a submission of the
 * same book serialise: a save either lands before the version is frozen or is refused (409) after it.
 */
export async function saveSection(ctx: Ctx, id: string, n: number, ifMatch: number, body: unknown) {
  const def = TASK_BOOK_SECTIONS[n - 1]!;
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const head = await lockedLoad(ctx, tx, taskBookRecord, id);
    assertEditable(ctx, head, 'n');
    const content = SECTION_SCHEMAS[def.key].parse(body);
    if (def.key === 'indicators') await checkIndicators(tx, head, content as TaskBookContent['indicators']);
    const now = ctx.clock.now();
    const version = await taskBookRepository.saveSection(tx, id, n, ifMatch, content, ctx.actor.userId, now);
    if (version === null) throw new AppError(409, 'stale_version', 'if-match');
    if (def.key === 'period') await reshapeYears(tx, id, ctx.actor.userId, now);
    await taskBookRepository.touch(tx, id, now);
    return { result: version, audit: { action: 'taskBook.saveSection', targetType: 'taskBook', targetId: id, after: { n, content } } };
  });
}

/** A new creation period reshapes the per-year fields of 三 and 五, keeping what remains. */
async function reshapeYears(tx: Tx, id: string, userId: string, now: Date) {
  const sections = await taskBookRepository.sections(tx, id);
  const reshaped = reshapeForPeriod(contentOf(sections));
  for (const key of ['indicators', 'plan'] as const) {
    const def = TASK_BOOK_SECTIONS.find((s) => s.key === key)!;
    const current = sections.find((s) => s.n === def.n)!;
    await taskBookRepository.saveSection(tx, id, def.n, current.version, reshaped[key], userId, now);
  }
}

/**
 * 三 against the indicator system: codes exist; a qualitative indicator's targets are yes/no or a text and a
 * quantitative one's are numbers (创新项 are the pilot's own: either); every 规定项 of the batch stays in (a row the
 * form shows undeletable cannot be dropped by a request either). Every problem, by field: a save refuses with the
 * first, an import lists them all by row.
 */
export async function indicatorProblems(db: Queryable, head: TaskBookHead, section: TaskBookContent['indicators']) {
  const problems: { field: string; code: string; vars?: Record<string, string> }[] = [];
  const system = await referenceRepository.indicatorSystem(db, head.indicatorSystemCode);
  const level3 = new Map(
    (system ? await referenceRepository.indicatorsOf(db, system.id) : []).filter((r) => r.level === 3).map((r) => [r.code, r.qualitative]),
  );
  section.items.forEach((item, i) => {
    if (item.indicatorCode === null) return;
    const qualitative = level3.get(item.indicatorCode);
    if (qualitative === undefined) return problems.push({ field: `items.${i}.indicatorCode`, code: 'unknown_indicator' });
    const wrongKind = (v: TargetValue) => v !== null && (typeof v === 'number') === qualitative;
    const code = qualitative ? 'qualitative_target' : 'quantitative_target';
    if (wrongKind(item.target)) problems.push({ field: `items.${i}.target`, code });
    for (const [year, v] of Object.entries(item.targetsByYear))
      if (wrongKind(v)) problems.push({ field: `items.${i}.targetsByYear.${year}`, code });
  });
  const present = new Set(section.items.map((item) => item.indicatorCode));
  const saved = contentOf(await taskBookRepository.sections(db, head.id)).indicators.items.map((item) => item.indicatorCode);
  for (const code of requiredIndicatorCodes(head))
    if (saved.includes(code) && !present.has(code)) problems.push({ field: 'items', code: 'required_indicator_removed', vars: { code } });
  return problems;
}

async function checkIndicators(db: Queryable, head: TaskBookHead, section: TaskBookContent['indicators']) {
  const [first] = await indicatorProblems(db, head, section);
  if (first) throw new AppError(400, first.code, first.field, first.vars);
}

export interface TransitionInput {
  action: string;
  reason?: string | undefined;
  sectionReasons?: { section: number | null; text: string }[] | undefined;
  amendmentType?: AmendmentType | undefined;
}

/** Whether the first submission's deadline (extended or not) has passed: submitting waits for an extension. */
export function isPastDeadline(head: TaskBookHead, now: Date) {
  const deadline = submissionDeadline(head);
  return deadline !== null && now > endOfBeijingDay(deadline);
}

/** What the guards look at, from what is loaded anyway: for firing an action and for showing its buttons. */
function taskBookGuards(
  head: TaskBookHead,
  problems: Problem[],
  signatures: { party: string; versionNumber: number }[],
  now: Date,
): TaskBookGuardContext {
  const pastDeadline = isPastDeadline(head, now);
  const current = signatures.filter((s) => s.versionNumber === head.currentVersion);
  const allSigned = SIGNING_PARTIES.every((p) => current.some((s) => s.party === p));
  return { problems: problems.length, pastDeadline, allSigned };
}

/** A task book as the one transition path moves it. */
export const taskBookRecord: LifecycleRecord<TaskBookStatus, TaskBookAction, TaskBookGuardContext, TaskBookHead> = {
  lifecycle: taskBookLifecycle,
  load: (ctx, tx, id) => loadHead(ctx, id, tx),
  async guards(ctx, tx, head) {
    const sections = await taskBookRepository.sections(tx, head.id);
    const problems = completeness(contentOf(sections), requiredIndicatorCodes(head));
    return taskBookGuards(head, problems, await signaturesOf(tx, subjectOf(head), head.currentVersion), ctx.clock.now());
  },
  notice: (h) => ({ subject: subjectOf(h), owner: h.pilotOrgId, supervisor: h.supervisorOrgId, params: { pilot: h.pilotName } }),
};

/** Fires one task-book action through the lifecycle engine, with its effects, in one transaction. */
export async function transition(ctx: Ctx, id: string, input: TransitionInput) {
  const reason = input.reason ?? input.sectionReasons?.map((r) => r.text).join('；');
  if (input.action === 'amend' && !input.amendmentType) throw new AppError(400, 'validation', 'type');
  await transitionRecord(ctx, taskBookRecord, id, { action: input.action, reason }, (tx, head, _action, recorded) =>
    effects(ctx, tx, head, input, recorded),
  );
}

async function effects(ctx: Ctx, tx: Tx, head: TaskBookHead, input: TransitionInput, reason: string | null) {
  switch (input.action) {
    case 'submit': {
      // every submission freezes a version: what the reviewers see and the parties sign
      const content = contentOf(await taskBookRepository.sections(tx, head.id));
      const number = await taskBookRepository.nextVersionNumber(tx, head.id);
      await taskBookRepository.insertVersion(tx, {
        taskBookId: head.id,
        pilotId: head.pilotId,
        number,
        content,
        digest: digestOfContent(content),
        amendmentId: head.openAmendmentId,
        createdBy: ctx.actor.userId,
        createdAt: ctx.clock.now(), // the platform's clock: the demo's 2013 versions are dated 2013
      });
      return;
    }
    case 'provinceApprove':
    case 'provinceReturn':
    case 'ministryApprove':
    case 'ministryReturn':
      await reviewRepository.add(tx, subjectOf(head), ctx.actor, {
        action: input.action,
        versionNumber: head.currentVersion,
        reason,
        itemReasons: (input.sectionReasons ?? []).map((r) => ({ item: r.section === null ? null : String(r.section), text: r.text })),
        at: ctx.clock.now(),
      });
      return;
    case 'amend':
      await taskBookRepository.openAmendment(tx, {
        taskBookId: head.id,
        pilotId: head.pilotId,
        type: input.amendmentType!,
        reason: reason ?? '',
        fromVersion: head.currentVersion,
        createdBy: ctx.actor.userId,
      });
      return;
  }
}

export async function versionContent(ctx: Ctx, id: string, ref: number | 'draft') {
  await loadHead(ctx, id);
  if (ref === 'draft') return contentOf(await taskBookRepository.sections(ctx.db, id));
  const version = await taskBookRepository.version(ctx.db, id, ref);
  if (!version) throw new AppError(404, 'not_found', 'version');
  return version.content as TaskBookContent;
}

/** Level-3 indicator names by code in the book's indicator system. */
async function indicatorNames(db: Queryable, systemCode: string): Promise<Record<string, string>> {
  const system = await referenceRepository.indicatorSystem(db, systemCode);
  const indicators = system ? await referenceRepository.indicatorsOf(db, system.id) : [];
  return Object.fromEntries(indicators.map((i) => [i.code, i.name]));
}

/** Two versions compared field by field, each change named as the form names it, in the reader's language. */
export async function diffVersions(ctx: Ctx, id: string, from: number | 'draft', to: number | 'draft') {
  const head = await loadHead(ctx, id);
  const [a, b] = [await versionContent(ctx, id, from), await versionContent(ctx, id, to)];
  const labeller = taskBookLabeller(ctx.lang, [a, b], await indicatorNames(ctx.db, head.indicatorSystemCode));
  return { from, to, sections: diffContent(a, b, labeller) };
}

/** A diff's changes in one list (each change's label names its field). */
const changedFields = async (ctx: Ctx, id: string, from: number | 'draft', to: number | 'draft') =>
  (await diffVersions(ctx, id, from, to)).sections.flatMap((s) => s.changes);

/**
 * For the history: every submission froze the next version, so the k-th submit entry froze version k and changed what
 * version k-1 had; a draft after a version shows what it changed since.
 */
export async function versionChanges(
  ctx: Ctx,
  id: string,
  entries: { entry: { seq: number; action: string } }[],
): Promise<VersionedChanges> {
  const head = await loadHead(ctx, id);
  const submits = entries.filter((e) => e.entry.action === 'taskBook.submit').slice(0, head.currentVersion);
  const byEntry: VersionedChanges['byEntry'] = new Map();
  for (const [i, e] of submits.entries())
    byEntry.set(e.entry.seq, { version: i + 1, changes: i === 0 ? null : await changedFields(ctx, id, i, i + 1) });
  const draft = head.status === 'draft' && head.currentVersion > 0;
  return {
    byEntry,
    pending: draft ? { version: head.currentVersion, changes: await changedFields(ctx, id, head.currentVersion, 'draft') } : null,
  };
}

/**
 * For the reviewer of a re-submission: the version the last return sent back and the sections changed since (null when
 * the book is not under review again after a return).
 */
async function changesSinceReturn(db: Queryable, head: TaskBookHead, reviews: { action: string; versionNumber: number }[]) {
  if (head.status !== 'provinceReview' && head.status !== 'ministryReview') return null;
  const lastReturn = reviews.find((r) => isKind(taskBookLifecycle, r.action, 'return'));
  if (!lastReturn || lastReturn.versionNumber >= head.currentVersion) return null;
  const [returned, current] = await Promise.all([
    taskBookRepository.version(db, head.id, lastReturn.versionNumber),
    taskBookRepository.version(db, head.id, head.currentVersion),
  ]);
  if (!returned || !current) return null;
  const sections = diffContent(returned.content as TaskBookContent, current.content as TaskBookContent).map((d) => d.section);
  return { version: lastReturn.versionNumber, sections };
}

export async function getTaskBook(ctx: Ctx, id: string) {
  const page = await taskBookRepository.page(ctx.db, ctx.scope, id);
  if (!page) throw notFound();
  const { sections, reviews, signatures, amendments, ...head } = page;
  const required = requiredIndicatorCodes(head);
  const problems = completeness(contentOf(sections), required);
  const guards = taskBookGuards(head, problems, signatures, ctx.clock.now());
  const sinceReturn = await changesSinceReturn(ctx.db, head, reviews);
  return presentTaskBook(
    head,
    { sections, reviews, signatures, amendments, requiredIndicatorCodes: required, completeness: problems, guards, sinceReturn },
    ctx.actor,
  );
}

export async function listTaskBooks(ctx: Ctx, filter: { status?: TaskBookStatus | undefined; pilot?: string | undefined }) {
  return { items: (await taskBookRepository.list(ctx.db, ctx.scope, filter)).map(presentTaskBookSummary) };
}

export async function listVersions(ctx: Ctx, id: string) {
  await loadHead(ctx, id);
  const versions = await taskBookRepository.versions(ctx.db, id);
  return {
    items: versions.map((v) => ({
      number: v.number,
      digest: v.digest,
      createdAt: v.createdAt.toISOString(),
      amendment: v.amendmentId !== null,
    })),
  };
}

/** What the official documents print: the latest frozen version (or the draft before any), its signatures. */
/**
 * The content of the current frozen version, only if it is what was frozen (its SM3 digest) and what was signed (every
 * signature of it verifies): an altered version is never issued as the official text (409 with the reason).
 */
async function intactVersion(ctx: Ctx, head: TaskBookHead) {
  const version = (await taskBookRepository.version(ctx.db, head.id, head.currentVersion))!;
  const content = version.content as TaskBookContent;
  const digests = { stored: version.digest, recomputed: digestOfContent(content) };
  if (digests.stored !== digests.recomputed) throw new AppError(409, 'version_tampered', 'version');
  const checks = await verifySignatures(ctx.db, subjectOf(head), async (n) => (n === head.currentVersion ? digests : null));
  if (checks.some((c) => c.number === head.currentVersion && c.signatures.some((sig) => !sig.ok)))
    throw new AppError(409, 'signature_invalid', 'version');
  return { ...version, content };
}

/**
 * The document model of the current version (or of the draft before the first submission). Signed by all three
 * parties, it carries the version's digest and its public verification link under `publicUrl`; otherwise it is a draft.
 */
export async function taskBookDocument(ctx: Ctx, id: string, publicUrl: string): Promise<TaskBookDocument> {
  const head = await loadHead(ctx, id);
  const version = head.currentVersion > 0 ? await intactVersion(ctx, head) : null;
  const content = version?.content ?? (await versionContent(ctx, id, 'draft'));
  const signatures = await signaturesOf(ctx.db, subjectOf(head), head.currentVersion);
  const allSigned = version !== null && SIGNING_PARTIES.every((p) => signatures.some((s) => s.party === p));
  return {
    pilotName: head.pilotName,
    governmentName: head.pilotOrgName,
    provinceDeptName: head.supervisorName,
    ministryName: '住房和城乡建设部',
    version: head.currentVersion,
    content,
    indicatorNames: await indicatorNames(ctx.db, head.indicatorSystemCode),
    signatures: Object.fromEntries(
      signatures.map((s) => [s.party, { name: s.signerName, title: s.signerTitle, signedOn: s.signedOn }]),
    ) as TaskBookDocument['signatures'],
    date: allSigned
      ? signatures
          .map((s) => s.signedOn)
          .sort()
          .at(-1)!
      : beijingDate(version?.createdAt ?? head.updatedAt),
    verification: allSigned ? { digest: version.digest, url: verificationUrl(publicUrl, version.id) } : null,
  };
}
