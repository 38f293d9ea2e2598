import {
  applicationLifecycle,
  callLifecycle,
  type ApplicationAction,
  type ApplicationGuardContext,
  type ApplicationStatus,
} from '@smartcity/domain';
import { appendAudit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { lockRecord } from '../../lifecycle/fire.js';
import { transition, type LifecycleRecord } from '../../lifecycle/transition.js';
import { reviewRepository } from '../../shared/reviews.js';
import { applicationRepository, type ApplicationHead } from './applications.repository.js';
import { getApplication, loadApplication, subjectOf } from './applications.service.js';
import { applicationGuards } from './applications.guards.js';

export interface ApplicationTransitionInput {
  action: string;
  reason?: string | undefined;
}

/** An application as the one transition path moves it. */
export const applicationRecord: LifecycleRecord<ApplicationStatus, ApplicationAction, ApplicationGuardContext, ApplicationHead> = {
  lifecycle: applicationLifecycle,
  load: (ctx, tx, id) => loadApplication(ctx, id, tx),
  // a forward spends the province's quota and a designation numbers the batch's pilots: both queue on the call row,
  // so two concurrent forwards cannot both take the last place
  alsoLock: async (tx, head, action) => {
    if (action === 'forward' || action === 'designate') await lockRecord(tx, callLifecycle, head.callId);
  },
  guards: (ctx, tx, head) => applicationGuards(tx, head, ctx.clock.now()),
  notice: (h) => ({
    subject: subjectOf(h),
    owner: h.organisationId,
    supervisor: h.supervisorOrgId,
    params: { name: h.name, year: h.callYear },
  }),
};

/** Fires one application action through the lifecycle engine, with its effects, in one transaction. */
export async function transitionApplication(ctx: Ctx, id: string, input: ApplicationTransitionInput) {
  await transition(ctx, applicationRecord, id, input, async (tx, head, action, reason) => {
    await reviewRepository.add(tx, subjectOf(head), ctx.actor, { action, reason, at: ctx.clock.now() });
    switch (action) {
      case 'forward': // the reason is the 初审 review report
        await applicationRepository.setOutcome(tx, head.id, { provinceReport: reason });
        break;
      case 'designate':
        await applicationRepository.setOutcome(tx, head.id, { pilotId: await designate(ctx, tx, head), decisionReason: reason });
        break;
      case 'decline':
        await applicationRepository.setOutcome(tx, head.id, { decisionReason: reason });
        break;
    }
  });
  return getApplication(ctx, id);
}

/**
 * 确定为试点: the pilot is created in the call's batch, numbered after the batch's last one, and the applicant
 * government becomes its government (乙方) — the same organisation and users, now of tier pilot.
 */
async function designate(ctx: Ctx, tx: Tx, head: ApplicationHead): Promise<string> {
  const seq = await applicationRepository.nextPilotSeq(tx, head.batchId);
  const pilotId = await applicationRepository.createPilot(tx, {
    organisationId: head.organisationId,
    supervisorOrgId: head.supervisorOrgId,
    batchId: head.batchId,
    provinceCode: head.provinceCode,
    seq,
    publishedName: head.name,
    adminCode: head.adminCode,
    kind: head.kind,
  });
  await applicationRepository.makePilotGovernment(tx, head.organisationId);
  await appendAudit(
    tx,
    ctx.actor,
    {
      action: 'pilot.designate',
      targetType: 'pilot',
      targetId: pilotId,
      after: { applicationId: head.id, organisationId: head.organisationId, batchYear: head.callYear, seq },
    },
    ctx.clock,
  );
  return pilotId;
}
