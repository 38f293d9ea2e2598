import {
  actionsFor,
  extensionLifecycle,
  type ExtensionAction,
  type ExtensionStatus,
  type ExtensionView,
  type NoticeParams,
  type OverdueRow,
} from '@smartcity/domain';
import { appendAudit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { beijingDate } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { transition, transitionIn, type LifecycleRecord } from '../../lifecycle/transition.js';
import { notify } from '../../shared/notify.js';
import { ministryOrgId } from '../organisations/organisations.repository.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import { requestsExtensions } from '../../tenancy/abilities.js';
import { dueOfRow, extendDeadline, loadDeadline, lockDeadline, type Deadline, type DeadlineAt, type Due } from './deadlines.js';
import { extensionRepository, refOf, type ExtensionHead } from './extensions.repository.js';

const subjectOf = (h: Pick<ExtensionHead, 'id'>) => ({ type: 'extension' as const, id: h.id });
const today = (ctx: Ctx) => beijingDate(ctx.clock.now());
/** what a notice names: the pilot, and the report's year (notices without `of` are about a task book) */
const paramsOf = (h: Pick<ExtensionHead, 'pilotName' | 'subject' | 'year'>): NoticeParams =>
  h.subject === 'annualReport' ? { pilot: h.pilotName, of: h.subject, year: h.year! } : { pilot: h.pilotName };
const atOf = (h: ExtensionHead): DeadlineAt =>
  h.subject === 'taskBook'
    ? { subject: 'taskBook', taskBookId: h.taskBookId! }
    : { subject: 'annualReport', pilotId: h.pilotId, year: h.year! };

async function load(ctx: Ctx, tx: Tx | Ctx['db'], id: string) {
  const head = await extensionRepository.get(tx, ctx.scope, id);
  if (!head) throw notFound();
  return head;
}

/** An extension request as the one transition path moves it: the Ministry approves or refuses, the pilot is told. */
export const extensionRecord: LifecycleRecord<ExtensionStatus, ExtensionAction, undefined, ExtensionHead> = {
  lifecycle: extensionLifecycle,
  load: (ctx, tx, id) => load(ctx, tx, id),
  guards: async () => undefined,
  // the deadline is what an approval moves: two decisions on one deadline queue on it
  alsoLock: (tx, head) => lockDeadline(tx, refOf(head)),
  notice: (h) => ({ subject: subjectOf(h), owner: h.pilotOrgId, supervisor: h.supervisorOrgId, params: paramsOf(h) }),
};

export function presentExtension(ctx: Ctx, h: ExtensionHead): ExtensionView {
  return {
    id: h.id,
    status: h.status,
    version: h.version,
    pilot: { id: h.pilotId, name: h.pilotName },
    subject: h.subject,
    taskBookId: h.taskBookId,
    year: h.year,
    annualReportId: h.annualReportId,
    deadline: h.deadline,
    proposedUntil: h.proposedUntil,
    reason: h.reason,
    requestedBy: h.requestedBy,
    requestedAt: h.requestedAt.toISOString(),
    grantedUntil: h.grantedUntil,
    decisionReason: h.decisionReason,
    decidedBy: h.decidedBy,
    decidedAt: h.decidedAt?.toISOString() ?? null,
    actions: actionsFor(extensionLifecycle, h.status, ctx.actor, undefined),
  };
}

export const getExtension = async (ctx: Ctx, id: string) => presentExtension(ctx, await load(ctx, ctx.db, id));

async function deadlineAt(ctx: Ctx, db: Tx | Ctx['db'], at: DeadlineAt) {
  const deadline = await loadDeadline(db, ctx.scope, at, today(ctx));
  if (!deadline) throw notFound();
  return deadline;
}

/** Owed and past its date (the date holds to the end of its Beijing day). */
const isPast = (d: Deadline, day: string) => d.current !== null && day > d.current;

export async function listExtensions(ctx: Ctx, at: DeadlineAt) {
  const deadline = await deadlineAt(ctx, ctx.db, at);
  const rows = await extensionRepository.listFor(ctx.db, ctx.scope, deadline.ref);
  const requestable = requestsExtensions(ctx.actor) && isPast(deadline, today(ctx)) && !rows.some((r) => r.status === 'requested');
  return { items: rows.map((r) => presentExtension(ctx, r)), requestable };
}

/** A new deadline must be later than the one it replaces (and, checked once for all, not in the past). */
const laterThanCurrent = (d: Deadline, until: string) => d.current === null || until > d.current;
function checkUntil(d: Deadline, until: string, day: string) {
  if (!laterThanCurrent(d, until) || until < day) throw new AppError(400, 'until_not_later', 'until');
}

/**
 * 申请延期: past the deadline of its task book's first submission or of a year's report, the pilot asks for a later
 * one. One open request per deadline (a second waits for the decision); the Ministry is told and finds it on its
 * to-do list.
 */
export async function requestExtension(ctx: Ctx, at: DeadlineAt, input: { reason: string; until: string }) {
  const id = await ctx.db.transaction(async (tx) => {
    const found = await deadlineAt(ctx, tx, at);
    await lockDeadline(tx, found.ref);
    const deadline = await deadlineAt(ctx, tx, at); // as it stands under the lock
    if (!isPast(deadline, today(ctx))) throw new AppError(409, 'not_past_deadline', 'until');
    if (await extensionRepository.openFor(tx, deadline.ref)) throw new AppError(409, 'extension_pending', 'until');
    checkUntil(deadline, input.until, today(ctx));
    const created = await extensionRepository.insert(tx, {
      ref: deadline.ref,
      deadline: deadline.current,
      proposedUntil: input.until,
      reason: input.reason,
      requestedBy: ctx.actor.userId,
      at: ctx.clock.now(),
    });
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'extension.request', targetType: 'extension', targetId: created, after: { ...deadline.ref, ...input } },
      ctx.clock,
    );
    await notify(tx, await ministryOrgId(tx), {
      kind: 'extension.requested',
      subject: { type: 'extension', id: created },
      params: { ...deadline.params, until: input.until },
    });
    return created;
  });
  return getExtension(ctx, id);
}

/** What an approval does beyond the status: the deadline moves to the date granted. */
async function applyDecision(
  ctx: Ctx,
  tx: Tx,
  head: ExtensionHead,
  action: ExtensionAction,
  input: { reason?: string | undefined; until?: string | undefined },
) {
  const grantedUntil = action === 'approve' ? (input.until ?? head.proposedUntil) : null;
  if (grantedUntil !== null) {
    checkUntil(await deadlineAt(ctx, tx, atOf(head)), grantedUntil, today(ctx));
    await extendDeadline(tx, refOf(head), grantedUntil);
  }
  await extensionRepository.decide(tx, head.id, {
    grantedUntil,
    decisionReason: input.reason ?? null,
    decidedBy: ctx.actor.userId,
    at: ctx.clock.now(),
  });
  return { until: grantedUntil ?? head.proposedUntil };
}

/** 同意延期 (with an opinion and the new deadline, the proposed one unless given) or 不予延期 (with a reason). */
export async function transitionExtension(
  ctx: Ctx,
  id: string,
  input: { action: string; reason?: string | undefined; until?: string | undefined },
) {
  await transition(ctx, extensionRecord, id, input, (tx, head, action) => applyDecision(ctx, tx, head, action, input));
}

/**
 * What the rows are owed by, in the actor's scope, each deadline locked — or a refusal naming every row that cannot be
 * acted on (what `refusal` says of the row and what it owes, or a pilot out of view), thrown inside the caller's
 * transaction so nothing of the action remains.
 */
export async function duesOfRows(
  ctx: Ctx,
  tx: Tx,
  rows: OverdueRow[],
  refusal: (row: OverdueRow, due: Deadline | Due | null) => string | null,
) {
  const found: (Deadline | Due)[] = [];
  const refused: { index: number; code: string }[] = [];
  for (const [index, row] of rows.entries()) {
    const first = await dueOfRow(tx, ctx.scope, row, today(ctx));
    if (first && 'ref' in first) await lockDeadline(tx, first.ref);
    const due = first && (await dueOfRow(tx, ctx.scope, row, today(ctx))); // as it stands under the lock
    // a pilot out of view does not exist; one in view with nothing of that kind owes nothing
    const code = due || (await pilotRepository.get(tx, ctx.scope, row.pilotId)) ? refusal(row, due) : 'notFound';
    if (code) refused.push({ index, code });
    else found.push(due!);
  }
  if (refused.length) throw new AppError(409, 'rows_refused', 'rows', {}, { rows: refused });
  return found;
}

/**
 * The Ministry extends several deadlines — task books' first submissions, years' reports — to one date with one reason
 * (the dashboard's bulk action, the task-book page's single grant): each is recorded as a request it approved at once
 * — or, where the pilot has asked already, as the approval of that request — audited and told to the pilot. All in one
 * transaction: a row that cannot be extended refuses the whole, with each such row's reason.
 */
export async function grantExtensions(ctx: Ctx, input: { rows: OverdueRow[]; until: string; reason: string }) {
  if (input.until < today(ctx)) throw new AppError(400, 'until_not_later', 'until');
  const granted = await ctx.db.transaction(async (tx) => {
    const found = await duesOfRows(ctx, tx, input.rows, (row, d) => {
      if (row.kind === 'rectification') return 'notExtendable';
      if (d?.current == null) return 'notOwed';
      if (!('ref' in d)) return 'notStarted';
      return laterThanCurrent(d, input.until) ? null : 'untilNotLater';
    });
    const done: { pilotId: string; extensionId: string }[] = [];
    const seen = new Set<string>();
    for (const deadline of found as Deadline[]) {
      const key = JSON.stringify(deadline.ref);
      if (seen.has(key)) continue; // a row named twice is one extension
      seen.add(key);
      done.push({ pilotId: deadline.ref.pilotId, extensionId: await grantOne(ctx, tx, deadline, input) });
    }
    return done;
  });
  return { granted };
}

async function grantOne(ctx: Ctx, tx: Tx, deadline: Deadline, input: { until: string; reason: string }) {
  const open = await extensionRepository.openFor(tx, deadline.ref);
  const id =
    open ??
    (await extensionRepository.insert(tx, {
      ref: deadline.ref,
      deadline: deadline.current,
      proposedUntil: input.until,
      reason: input.reason,
      requestedBy: ctx.actor.userId,
      at: ctx.clock.now(),
    }));
  if (!open)
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'extension.grant', targetType: 'extension', targetId: id, after: { ...deadline.ref, until: input.until } },
      ctx.clock,
    );
  // the same path as a decision on the pilot's own request: fired, audited, applied, told
  const decision = { action: 'approve' as const, reason: input.reason, until: input.until };
  await transitionIn(ctx, tx, extensionRecord, id, decision, (tx, head, action) => applyDecision(ctx, tx, head, action, decision));
  return id;
}
