import { rectificationLifecycle, type RectificationAction, type RectificationStatus } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { transition as transitionRecord, type LifecycleRecord } from '../../lifecycle/transition.js';
import { reviewRepository } from '../../shared/reviews.js';
import type { Subject } from '../../shared/subject.js';
import { beijingDate } from '../../lib/clock.js';
import { findingAbilities } from '../../tenancy/abilities.js';
import { presentFinding } from './inspections.presenter.js';
import { inspectionRepository, type FindingHead } from './inspections.repository.js';

/** A finding as the subject of rectification evidence and of its history (answers, closing, reopening). */
export const findingSubject = (f: Pick<FindingHead, 'id' | 'pilotOrgId'>): Subject => ({
  type: 'finding',
  id: f.id,
  ownerOrgId: f.pilotOrgId,
});

export async function loadFinding(ctx: Pick<Ctx, 'db' | 'scope'>, id: string, db: Queryable = ctx.db): Promise<FindingHead> {
  const head = await inspectionRepository.finding(db, ctx.scope, id);
  if (!head) throw notFound();
  return head;
}

/** Evidence is added by the pilot's editors while the rectification is open: 409 (no rectification, or its state) otherwise. */
export function assertEvidenceOpen(ctx: Ctx, f: FindingHead, field: string) {
  if (f.status === null) throw new AppError(409, 'no_rectification', field);
  if (findingAbilities(ctx.actor, f).addEvidence) return;
  if (f.status !== 'open') throw new AppError(409, 'wrong_state', field, { state: f.status });
  throw forbidden('wrongParty');
}

type Rectification = FindingHead & { status: RectificationStatus };

/** A finding's rectification as the one transition path moves it (a finding that ordered none has no lifecycle: 409). */
export const rectificationRecord: LifecycleRecord<RectificationStatus, RectificationAction, undefined, Rectification> = {
  lifecycle: rectificationLifecycle,
  async load(ctx, tx, id) {
    const f = await loadFinding(ctx, id, tx);
    if (f.status === null) throw new AppError(409, 'no_rectification', 'action');
    return { ...f, status: f.status };
  },
  guards: async () => undefined,
  notice: (f) => ({
    subject: findingSubject(f),
    owner: f.pilotOrgId,
    supervisor: f.supervisorOrgId,
    params: { pilot: f.pilotName, title: f.title },
  }),
};

/** answer (the reason is the answer text), close (closedOn = today), reopen (with a reason); one transaction. */
export async function transition(ctx: Ctx, id: string, input: { action: string; reason?: string | undefined }) {
  await transitionRecord(ctx, rectificationRecord, id, input, async (tx, f, action, reason) => {
    if (action === 'answer') await inspectionRepository.updateFinding(tx, f.id, { answer: reason, closedOn: null });
    if (action === 'close') await inspectionRepository.updateFinding(tx, f.id, { closedOn: beijingDate(ctx.clock.now()) });
    if (action === 'reopen') await inspectionRepository.updateFinding(tx, f.id, { closedOn: null });
    // the history keeps every answer and every reason to reopen, which the finding row overwrites
    await reviewRepository.add(tx, findingSubject(f), ctx.actor, { action, reason, at: ctx.clock.now() });
  });
}

export async function getFinding(ctx: Ctx, id: string) {
  const f = await loadFinding(ctx, id);
  const history = await reviewRepository.list(ctx.db, findingSubject(f));
  return presentFinding(f, ctx.actor, beijingDate(ctx.clock.now()), history);
}
