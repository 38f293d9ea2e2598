import {
  actionsFor,
  actionViewSchema,
  AGREEMENT_PARTIES,
  agreementContentSchema,
  AGREEMENT_STATUSES,
  agreementLifecycle,
} from '@smartcity/domain';
import { z } from 'zod';
import type { SignatureRow } from '../../shared/signatures.js';
import type { Actor } from '../../tenancy/actor.js';
import { agreementAbilities } from './agreements.policy.js';
import type { AgreementHead } from './agreements.repository.js';

export const agreementSummarySchema = z.object({
  id: z.uuid(),
  province: z.object({ code: z.string(), name: z.string() }),
  government: z.object({ id: z.uuid(), name: z.string() }),
  status: z.enum(AGREEMENT_STATUSES),
  version: z.number(),
  updatedAt: z.string(),
});

export const agreementSchema = agreementSummarySchema.extend({
  content: agreementContentSchema,
  digest: z.string().nullable(),
  signatures: z.array(z.object({ party: z.string(), signerName: z.string(), signerTitle: z.string(), signedOn: z.string() })),
  actions: z.array(actionViewSchema),
  abilities: z.object({ edit: z.boolean(), sign: z.boolean() }),
});

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
