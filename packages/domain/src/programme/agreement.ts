import { z } from 'zod';
import type { Lifecycle } from '../lifecycle/engine.js';
import { longText } from '../text.js';

/** 共同推进智慧城市创建协议: the Ministry and a provincial government, each signing the frozen text. */
export const AGREEMENT_STATUSES = ['draft', 'signing', 'signed'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export type AgreementAction = 'freeze' | 'completeSigning';
export const AGREEMENT_PARTIES = ['ministry', 'provincialGovernment'] as const;
export type AgreementParty = (typeof AGREEMENT_PARTIES)[number];

export interface AgreementGuardContext {
  allSigned: boolean;
}

export const agreementLifecycle: Lifecycle<AgreementStatus, AgreementAction, AgreementGuardContext> = {
  name: 'agreement',
  initial: 'draft',
  states: { draft: { editableBy: ['ministry'] }, signing: { editableBy: [] }, signed: { editableBy: [], final: true } },
  actions: {
    freeze: { notifies: ['owner'], kind: 'manage', from: ['draft'], to: 'signing', by: ['ministry'], roles: ['admin'] },
    completeSigning: {
      kind: 'decide',
      system: true,
      from: ['signing'],
      to: 'signed',
      by: ['ministry', 'provincialGovernment'],
      roles: ['signatory'],
      guard: (c) => (c.allSigned ? null : 'signaturesMissing'),
    },
  },
};

export const agreementContentSchema = z.strictObject({
  goals: longText(10_000),
  ministryDuties: longText(10_000),
  provinceDuties: longText(10_000),
  support: longText(10_000),
  term: longText(2000),
});
export type AgreementContent = z.infer<typeof agreementContentSchema>;
