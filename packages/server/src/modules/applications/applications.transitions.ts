import { applicationLifecycle, MESSAGES, type ApplicationAction } from '@smartcity/domain';
import { appendAudit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { Tx } from '../../db/client.js';
import { fire } from '../../lifecycle/fire.js';
import { notify } from '../../shared/notify.js';
import { reviewRepository } from '../../shared/reviews.js';
import { callRepository } from '../calls/calls.repository.js';
import { applicationRepository, type ApplicationHead } from './applications.repository.js';
import { getApplication, loadApplication, subjectOf } from './applications.service.js';
import { applicationGuards } from './applications.guards.js';

export interface ApplicationTransitionInput {
  action: string;
  reason?: string | undefined;
}

/** Fires one application action through the lifecycle engine, with its effects, in one transaction. */
export async function transitionApplication(ctx: Ctx, id: string, input: ApplicationTransitionInput) {
  const reason = input.reason?.trim() || null;
  await ctx.db.transaction(async (tx) => {
    await applicationRepository.lock(tx, id);
    const head = await loadApplication(ctx, id, tx);
    // a forward spends the province's quota and a designation numbers the batch's pilots: both queue on the call row,
    // so two concurrent forwards cannot both take the last place
    if (input.action === 'forward' || input.action === 'designate') await callRepository.lock(tx, head.callId);
    await fire(tx, ctx.actor, ctx.clock, {
      lifecycle: applicationLifecycle,
      id,
      state: head.status,
      action: input.action,
      reason,
      guardContext: await applicationGuards(tx, head, ctx.clock.now()),
    });
    await effects(ctx, tx, head, input.action as ApplicationAction, reason);
  });
  return getApplication(ctx, id);
}

async function effects(ctx: Ctx, tx: Tx, head: ApplicationHead, action: ApplicationAction, reason: string | null) {
  await reviewRepository.add(tx, subjectOf(head), ctx.actor, { action, reason });
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
  const next = await actsNext(tx, head, action);
  if (next) {
    const label = MESSAGES['zh-CN'].applicationAction[action];
    await notify(tx, next, {
      kind: `application.${action}`,
      subject: subjectOf(head),
      title: `${label}：${head.name}（${head.callYear}年度申报）`,
    });
  }
}

/** Who must act after each action: the province reviews a submission, the Ministry a recommendation, the applicant the rest. */
async function actsNext(tx: Tx, head: ApplicationHead, action: ApplicationAction): Promise<string | null> {
  switch (action) {
    case 'submit':
      return head.supervisorOrgId;
    case 'forward':
      return applicationRepository.organisationOfType(tx, 'ministry');
    default:
      return head.organisationId;
  }
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
