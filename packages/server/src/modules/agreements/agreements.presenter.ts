import { actionsFor, AGREEMENT_PARTIES, agreementLifecycle, agreementSchema, agreementSummarySchema } from '@smartcity/domain';
import { z } from 'zod';
import type { SignatureRow } from '../../shared/signatures.js';
import type { Actor } from '../../tenancy/actor.js';
import { agreementAbilities } from '../../tenancy/abilities.js';
import type { AgreementHead } from './agreements.repository.js';

export function presentAgreementSummary(a: AgreementHead): z.infer<typeof agreementSummarySchema> {
  return {
    id: a.id,
    province: { code: a.provinceCode, name: a.provinceName },
    government: { id: a.organisationId, name: a.governmentName },
    status: a.status,
    version: a.version,
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function presentAgreement(a: AgreementHead, signatures: SignatureRow[], actor: Actor): z.infer<typeof agreementSchema> {
  return {
    ...presentAgreementSummary(a),
    content: a.content,
    digest: a.digest,
    signatures: signatures.map((s) => ({ party: s.party, signerName: s.signerName, signerTitle: s.signerTitle, signedOn: s.signedOn })),
    actions: actionsFor(agreementLifecycle, a.status, actor, {
      allSigned: AGREEMENT_PARTIES.every((p) => signatures.some((s) => s.party === p)),
    }),
    abilities: agreementAbilities(
      actor,
      a,
      signatures.map((s) => s.party),
    ),
  };
}
