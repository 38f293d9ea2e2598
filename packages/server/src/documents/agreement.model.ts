import { AGREEMENT_PARTIES, type AgreementContent, type AgreementParty } from '@smartcity/domain';
import { BLANK_DATE, chineseDate, paragraphs, type Block, type SignatureParty } from './task-book.model.js';

export const AGREEMENT_TITLE = '共同推进智慧城市创建协议';
const PARTY_LABEL: Record<AgreementParty, string> = { ministry: '甲方', provincialGovernment: '乙方' };

/** What the DOCX and PDF of a co-promotion agreement print. */
export interface AgreementDocument {
  ministryName: string;
  /** 乙方, e.g. 江苏省人民政府 */
  governmentName: string;
  content: AgreementContent;
  signatures: Partial<Record<AgreementParty, { name: string; title: string; signedOn: string }>>;
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
  const dates = Object.values(doc.signatures)
    .map((s) => s.signedOn)
    .sort();
  const completed = dates.length === AGREEMENT_PARTIES.length ? dates.at(-1)! : null;
  return [
    {
      kind: 'cover',
      title: AGREEMENT_TITLE,
      lines: AGREEMENT_PARTIES.map((p) => `${names[p]}（${PARTY_LABEL[p]}）`),
      issuer: doc.ministryName,
      date: completed ? chineseDate(completed) : BLANK_DATE,
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
  ];
}

function signatureParty(name: string, label: string, signed: AgreementDocument['signatures'][AgreementParty]): SignatureParty {
  return {
    party: `${name}（${label}）：`,
    signLabel: '代表（签字）：',
    signatory: signed ? `${signed.name}（${signed.title}）` : null,
    seal: '（公 章）',
    date: signed ? chineseDate(signed.signedOn) : BLANK_DATE,
  };
}
