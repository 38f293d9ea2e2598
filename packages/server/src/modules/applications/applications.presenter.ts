import {
  APPLICATION_ATTACHMENTS,
  applicationLifecycle,
  actionsFor,
  type ApplicationAttachmentKind,
  type ApplicationDetail,
  type ApplicationGuardContext,
} from '@smartcity/domain';
import type { presentAttachment } from '../../shared/attachments.js';
import type { ReviewRow } from '../../shared/reviews.js';
import type { Actor } from '../../tenancy/actor.js';
import { applicationAbilities, seesContacts } from '../../tenancy/abilities.js';
import type { ApplicationHead } from './applications.repository.js';
import type { PanelMember } from '../expert-panel/expert-panel.repository.js';

export function presentApplicationSummary(head: ApplicationHead) {
  return {
    id: head.id,
    callId: head.callId,
    callYear: head.callYear,
    organisationId: head.organisationId,
    organisationName: head.organisationName,
    provinceCode: head.provinceCode,
    provinceName: head.provinceName,
    name: head.name,
    kind: head.kind,
    status: head.status,
    version: head.version,
    pilotId: head.pilotId,
    updatedAt: head.updatedAt.toISOString(),
  };
}

/** Required kinds of the call not yet uploaded, in the call's order. */
export function missingAttachments(head: Pick<ApplicationHead, 'requiredAttachments'>, present: Set<string>): ApplicationAttachmentKind[] {
  return APPLICATION_ATTACHMENTS.filter((k) => head.requiredAttachments.includes(k) && !present.has(k));
}

export interface ApplicationParts {
  attachments: ReturnType<typeof presentAttachment>[];
  history: ReviewRow[];
  expertReviews: PanelMember[];
  /** the same guard context the transition is fired with: buttons are disabled with its reasons */
  guards: ApplicationGuardContext;
}

export function presentApplication(head: ApplicationHead, parts: ApplicationParts, actor: Actor): ApplicationDetail {
  const myReview = parts.expertReviews.find((r) => r.expertUserId === actor.userId) ?? null;
  return {
    ...presentApplicationSummary(head),
    supervisorName: head.supervisorName,
    adminCode: head.adminCode,
    summary: head.summary,
    declarations: head.declarations,
    contact: seesContacts(actor) ? head.contact : null,
    provinceReport: head.provinceReport,
    decisionReason: head.decisionReason,
    attachments: parts.attachments.map((a) => ({ id: a.id, kind: a.kind, filename: a.filename, size: a.size, sm3: a.sm3 })),
    missingAttachments: missingAttachments(head, new Set(parts.attachments.map((a) => a.kind))),
    actions: actionsFor(applicationLifecycle, head.status, actor, parts.guards),
    abilities: applicationAbilities(actor, head, myReview),
    history: parts.history.map((r) => ({ action: r.action, reason: r.reason, byName: r.byName, at: r.createdAt.toISOString() })),
  };
}
