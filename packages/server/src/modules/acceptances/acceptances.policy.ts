import type { Actor } from '../../tenancy/actor.js';
import type { AcceptanceHead } from './acceptances.repository.js';
import type { PanelMember } from '../expert-panel/expert-panel.repository.js';

/** What an actor may do with an acceptance it can already see (scope decided that); transitions come from the lifecycle. */
export function acceptanceAbilities(actor: Actor, a: Pick<AcceptanceHead, 'pilotId' | 'status'>, mine: PanelMember | undefined) {
  const has = (...roles: string[]) => actor.roles.some((r) => roles.includes(r));
  return {
    edit: a.status === 'draft' && actor.tier === 'pilot' && actor.pilotId === a.pilotId && has('editor', 'admin'),
    assign: a.status === 'expertReview' && actor.tier === 'ministry' && has('admin'),
    score: a.status === 'expertReview' && actor.tier === 'expert' && mine !== undefined && mine.submittedAt === null,
  };
}
