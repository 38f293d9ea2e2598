import { taskBookLifecycle, type SigningParty, type TaskBookStatus } from '@smartcity/domain';
import type { Actor } from '../../tenancy/actor.js';
import type { TaskBookHead } from './task-books.repository.js';

/** Which party of the task book (甲/乙/丙方) the actor's organisation is, if any. */
export function partyOf(actor: Actor, book: Pick<TaskBookHead, 'pilotId' | 'supervisorOrgId'>): SigningParty | null {
  if (actor.tier === 'ministry') return 'ministry';
  if (actor.tier === 'pilot' && actor.pilotId === book.pilotId) return 'pilot';
  if (actor.tier === 'province' && actor.organisationId === book.supervisorOrgId) return 'province';
  return null;
}

export function taskBookAbilities(
  actor: Actor,
  book: Pick<TaskBookHead, 'pilotId' | 'supervisorOrgId' | 'status'>,
  signedParties: readonly SigningParty[],
) {
  const party = partyOf(actor, book);
  const status: TaskBookStatus = book.status;
  return {
    editSections:
      taskBookLifecycle.states[status].editableBy.includes(actor.tier) &&
      party === 'pilot' &&
      actor.roles.some((r) => r === 'editor' || r === 'admin'),
    sign: status === 'signing' && party !== null && actor.roles.includes('signatory') && !signedParties.includes(party),
    amend: status === 'signed' && party === 'pilot' && actor.roles.some((r) => r === 'editor' || r === 'admin'),
    grantExtension: actor.tier === 'ministry' && actor.roles.some((r) => r === 'admin' || r === 'reviewer'),
  };
}
