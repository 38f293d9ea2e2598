import { DECLARATIONS, type ApplicationGuardContext } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { attachmentStore } from '../../shared/attachments.js';
import { expertPanelRepository } from '../expert-panel/expert-panel.repository.js';
import { beijingDate } from '../../lib/clock.js';
import { missingAttachments } from './applications.presenter.js';
import { applicationRepository, type ApplicationHead } from './applications.repository.js';
import { subjectOf } from './applications.service.js';

/** What the application's guards look at, from what is loaded: the same for firing an action and for showing its buttons. */
export function applicationGuardsOf(
  head: ApplicationHead,
  loaded: { attachmentKinds: Set<string>; forwarded: number; submittedScores: number },
  now: Date,
): ApplicationGuardContext {
  const today = beijingDate(now);
  return {
    windowOpen: head.callStatus === 'open' && head.callOpensOn <= today && today <= head.callClosesOn,
    declarationsComplete: DECLARATIONS.every((d) => head.declarations[d] === true),
    attachmentsMissing: missingAttachments(head, loaded.attachmentKinds).length,
    quotaLeft: head.quotaPerProvince - loaded.forwarded,
    submittedScores: loaded.submittedScores,
  };
}

/** The guard context loaded for a transition (one query after another: a transaction is one connection). */
export async function applicationGuards(db: Queryable, head: ApplicationHead, now: Date): Promise<ApplicationGuardContext> {
  const attachmentKinds = await attachmentStore.kinds(db, subjectOf(head));
  const forwarded = await applicationRepository.forwardedBy(db, head.callId, head.supervisorOrgId);
  const submittedScores = await expertPanelRepository.submittedCount(db, subjectOf(head));
  return applicationGuardsOf(head, { attachmentKinds, forwarded, submittedScores }, now);
}
