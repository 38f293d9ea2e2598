import { AGREEMENT_TITLE, agreementBlocks, type AgreementDocument } from './agreement.model.js';
import { renderBlocksDocx } from './task-book.docx.js';
import { renderBlocksPdf } from './task-book.pdf.js';

const titleOf = (doc: AgreementDocument) => `${doc.governmentName}${AGREEMENT_TITLE}`;

export const renderAgreementDocx = (doc: AgreementDocument) => renderBlocksDocx(agreementBlocks(doc), { title: titleOf(doc) });
export const renderAgreementPdf = (doc: AgreementDocument) =>
  renderBlocksPdf(agreementBlocks(doc), { title: titleOf(doc), author: doc.ministryName });
