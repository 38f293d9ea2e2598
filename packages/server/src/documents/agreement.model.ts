import { AGREEMENT_PARTIES, type AgreementContent, type AgreementParty, type DocumentVerification } from '@smartcity/domain';
import {
  BLANK_DATE,
  chineseDate,
  paragraphs,
  verificationBlocks,
  type Block,
  type DocumentMeta,
  type SignatureParty,
} from './task-book.model.js';

export const AGREEMENT_TITLE = '共同推进智慧城市创建协议';
const PARTY_LABEL: Record<AgreementParty, string> = { ministry: '甲方', provincialGovernment: '乙方' };

/** What the DOCX and PDF of a co-promotion agreement print. */
export interface AgreementDocument {
  ministryName: string;
  /** 乙方, e.g. 江苏省人民政府 */
  governmentName: string;
  content: AgreementContent;
  signatures: Partial<Record<AgreementParty, { name: string; title: string; signedOn: string }>>;
  /** printed on the cover: the day the last party signed, else the day it was last changed */
  date: string;
  /** once both parties have signed; until then the document is a draft and watermarked 草稿 */
  verification: DocumentVerification | null;
}

/** The five parts of the agreement, in the order they are printed. */
const SECTIONS: { key: keyof AgreementContent; heading: string }[] = [
  { key: 'goals', heading: '一、创建目标' },
  { key: 'ministryDuties', heading: '二、甲方职责' },
  { key: 'provinceDuties', heading: '三、乙方职责' },
  { key: 'support', heading: '四、支持政策' },
  { key: 'term', heading: '五、协议期限' },
];

/** The agreement in the task book's block model, so it prints through the same DOCX and PDF renderers. */
export function agreementBlocks(doc: AgreementDocument): Block[] {
  const names: Record<AgreementParty, string> = { ministry: doc.ministryName, provincialGovernment: doc.governmentName };
  return [
    {
      kind: 'cover',
      title: AGREEMENT_TITLE,
      lines: AGREEMENT_PARTIES.map((p) => `${names[p]}（${PARTY_LABEL[p]}）`),
      issuer: doc.ministryName,
      date: chineseDate(doc.date),
    },
    ...AGREEMENT_PARTIES.map((p): Block => ({ kind: 'paragraph', text: `${PARTY_LABEL[p]}：${names[p]}` })),
    {
      kind: 'paragraph',
      text: '为贯彻落实国家智慧城市试点工作部署，推进本省智慧城市创建，甲乙双方本着平等协商、共同推进的原则，达成如下协议：',
    },
    ...SECTIONS.flatMap(({ key, heading }): Block[] => [
      { kind: 'heading', level: 1, text: heading },
      ...paragraphs(doc.content[key] || '—'),
    ]),
    { kind: 'paragraph', text: '本协议一式两份，甲乙双方各执一份，自双方签署之日起生效。' },
    { kind: 'signatures', parties: AGREEMENT_PARTIES.map((p) => signatureParty(names[p], PARTY_LABEL[p], doc.signatures[p])) },
    ...verificationBlocks(doc.verification),
  ];
}

export const agreementMeta = (doc: AgreementDocument): DocumentMeta => ({
  title: `${doc.governmentName}${AGREEMENT_TITLE}`,
  author: doc.ministryName,
  draft: doc.verification === null,
});

function signatureParty(name: string, label: string, signed: AgreementDocument['signatures'][AgreementParty]): SignatureParty {
  return {
    party: `${name}（${label}）：`,
    signLabel: '代表（签字）：',
    signatory: signed ? `${signed.name}（${signed.title}）` : null,
    seal: '（公 章）',
    date: signed ? chineseDate(signed.signedOn) : BLANK_DATE,
  };
}
