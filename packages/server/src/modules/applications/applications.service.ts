import type { ApplicationInput, ApplicationStatus } from '@smartcity/domain';
import { audited, type Ctx } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { attachmentStore } from '../../shared/attachments.js';
import { reviewRepository } from '../../shared/reviews.js';
import type { Subject } from '../../shared/subject.js';
import { loadCall } from '../calls/calls.service.js';
import { organisationRepository } from '../organisations/organisations.repository.js';
import { canEditApplication } from '../../tenancy/abilities.js';
import { presentApplication, presentApplicationSummary } from './applications.presenter.js';
import { applicationRepository, type ApplicationHead } from './applications.repository.js';
import { expertPanelRepository } from '../expert-panel/expert-panel.repository.js';
import { applicationGuardsOf } from './applications.guards.js';

export async function loadApplication(ctx: Pick<Ctx, 'db' | 'scope'>, id: string, db: Queryable = ctx.db): Promise<ApplicationHead> {
  const head = await applicationRepository.get(db, ctx.scope, id);
  if (!head) throw notFound();
  return head;
}

/** The application as the subject of reviews, attachments and expert scores; its tenant is the applicant government. */
export const subjectOf = (head: Pick<ApplicationHead, 'id' | 'organisationId'>): Subject => ({
  type: 'application',
  id: head.id,
  ownerOrgId: head.organisationId,
});

/** Only the applicant's editors change an application, and only while it is a draft: 409 otherwise, naming the state. */
export function assertEditable(ctx: Ctx, head: ApplicationHead, field: string) {
  if (canEditApplication(ctx.actor, head)) return;
  if (head.status !== 'draft') throw new AppError(409, 'wrong_state', field, { state: head.status });
  throw forbidden();
}

/** An applicant government applies once per call, while the call is open; its province's department reviews it first (初审). */
export async function createApplication(ctx: Ctx, callId: string, input: ApplicationInput) {
  const call = await loadCall(ctx, callId);
  if (call.status !== 'open') throw new AppError(409, 'wrong_state', 'id', { state: call.status });
  const org = await organisationRepository.get(ctx.db, ctx.scope, ctx.actor.organisationId);
  if (!org?.provinceCode || !org.parentId) throw forbidden();
  const existing = await applicationRepository.findForOrganisation(ctx.db, callId, org.id);
  if (existing) throw new AppError(409, 'application_exists', 'id', { id: existing.id });
  const id = await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const created = await applicationRepository.create(tx, {
      ...input,
      callId,
      organisationId: org.id,
      provinceCode: org.provinceCode!,
      supervisorOrgId: org.parentId!,
    });
    // a concurrent request of the same organisation got there first
    if (!created) throw new AppError(409, 'application_exists', 'id');
    return {
      result: created,
      audit: { action: 'application.create', targetType: 'application', targetId: created, after: { callId, ...input } },
    };
  });
  return getApplication(ctx, id);
}

export async function updateApplication(ctx: Ctx, id: string, ifMatch: number, input: ApplicationInput) {
  const before = await loadApplication(ctx, id);
  assertEditable(ctx, before, 'id');
  await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const version = await applicationRepository.update(tx, id, ifMatch, input, ctx.clock.now());
    if (version === null) throw new AppError(409, 'stale_version', 'if-match');
    return {
      result: version,
      audit: {
        action: 'application.update',
        targetType: 'application',
        targetId: id,
        before: presentApplicationSummary(before),
        after: input,
      },
    };
  });
  return getApplication(ctx, id);
}

export async function getApplication(ctx: Ctx, id: string) {
  const head = await loadApplication(ctx, id);
  const attachments = await attachmentStore.list(ctx.db, subjectOf(head));
  const history = await reviewRepository.list(ctx.db, subjectOf(head));
  const expertReviews = await expertPanelRepository.members(ctx.db, subjectOf(head));
  // the guards from what is loaded anyway; only the province's forwards in this call need a query
  const guards = applicationGuardsOf(
    head,
    {
      attachmentKinds: new Set(attachments.map((a) => a.kind)),
      forwarded: await applicationRepository.forwardedBy(ctx.db, head.callId, head.supervisorOrgId),
      submittedScores: expertReviews.filter((r) => r.submittedAt !== null).length,
    },
    ctx.clock.now(),
  );
  return presentApplication(head, { attachments, history, expertReviews, guards }, ctx.actor);
}

export async function listApplications(ctx: Ctx, filter: { call?: string | undefined; status?: ApplicationStatus | undefined }) {
  return { items: (await applicationRepository.list(ctx.db, ctx.scope, filter)).map(presentApplicationSummary) };
}
