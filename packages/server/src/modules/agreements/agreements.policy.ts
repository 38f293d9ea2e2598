import { AGREEMENT_PARTIES, agreementLifecycle } from '@smartcity/domain';
import type { Actor } from '../../tenancy/actor.js';
import type { AgreementHead } from './agreements.repository.js';

export type AgreementParty = (typeof AGREEMENT_PARTIES)[number];

/** 甲方 is the Ministry; 乙方 the provincial government the agreement names. */
export function agreementPartyOf(actor: Actor, agreement: Pick<AgreementHead, 'organisationId'>): AgreementParty | null {
  if (actor.tier === 'ministry') return 'ministry';
  if (actor.tier === 'provincialGovernment' && actor.organisationId === agreement.organisationId) return 'provincialGovernment';
  return null;
}

export function agreementAbilities(
  actor: Actor,
  agreement: Pick<AgreementHead, 'organisationId' | 'status'>,
  signedParties: readonly string[],
) {
  const party = agreementPartyOf(actor, agreement);
  return {
    edit:
      agreementLifecycle.states[agreement.status].editableBy.includes(actor.tier) &&
      actor.roles.some((r) => r === 'editor' || r === 'admin'),
    sign: agreement.status === 'signing' && party !== null && actor.roles.includes('signatory') && !signedParties.includes(party),
  };
}
