import { applicationLifecycle } from '@smartcity/domain';
import type { Actor } from '../../tenancy/actor.js';
import type { ApplicationHead } from './applications.repository.js';

type Head = Pick<ApplicationHead, 'organisationId' | 'status'>;

const hasRole = (actor: Actor, ...roles: string[]) => actor.roles.some((r) => roles.includes(r));

/** The applicant's own editors change its application (and its files) while it is a draft. */
export const canEdit = (actor: Actor, head: Head) =>
  applicationLifecycle.states[head.status].editableBy.includes(actor.tier) &&
  actor.organisationId === head.organisationId &&
  hasRole(actor, 'editor', 'admin');

/** `myReview`: the actor's own expert assignment on this application, if any. */
export function applicationAbilities(actor: Actor, head: Head, myReview: { submittedAt: Date | null } | null) {
  const inExpertReview = head.status === 'expertReview';
  return {
    edit: canEdit(actor, head),
    assign: inExpertReview && actor.tier === 'ministry' && hasRole(actor, 'admin'),
    score: inExpertReview && actor.tier === 'expert' && hasRole(actor, 'reviewer') && myReview !== null && myReview.submittedAt === null,
  };
}
