import {
  APPLICATION_ATTACHMENTS,
  applicationLifecycle,
  applicationSchema,
  actionsFor,
  type ApplicationAttachmentKind,
  type ApplicationGuardContext,
} from '@smartcity/domain';
import { z } from 'zod';
import type { presentAttachment } from '../../shared/attachments.js';
import type { ReviewRow } from '../../shared/reviews.js';
import type { Actor } from '../../tenancy/actor.js';
import { applicationAbilities } from './applications.policy.js';
import type { ApplicationHead } from './applications.repository.js';
import type { PanelMember } from '../expert-panel/expert-panel.repository.js';

/** The application as the API shows it, with the decisions so far (报送, 初审, 综合评审) and their reasons, newest first. */
export const applicationViewSchema = applicationSchema.extend({
  history: z.array(z.object({ action: z.string(), reason: z.string().nullable(), byName: z.string(), at: z.string() })),
});
export type ApplicationViewWithHistory = z.infer<typeof applicationViewSchema>;

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

export function presentApplication(head: ApplicationHead, parts: ApplicationParts, actor: Actor): ApplicationViewWithHistory {
  const myReview = parts.expertReviews.find((r) => r.expertUserId === actor.userId) ?? null;
  return {
    ...presentApplicationSummary(head),
    supervisorName: head.supervisorName,
    adminCode: head.adminCode,
    summary: head.summary,
    declarations: head.declarations,
    contact: head.contact,
    provinceReport: head.provinceReport,
    decisionReason: head.decisionReason,
    attachments: parts.attachments.map((a) => ({ id: a.id, kind: a.kind, filename: a.filename, size: a.size, sm3: a.sm3 })),
    missingAttachments: missingAttachments(head, new Set(parts.attachments.map((a) => a.kind))),
    actions: actionsFor(applicationLifecycle, head.status, actor, parts.guards),
    abilities: applicationAbilities(actor, head, myReview),
    history: parts.history.map((r) => ({ action: r.action, reason: r.reason, byName: r.byName, at: r.createdAt.toISOString() })),
  };
}
