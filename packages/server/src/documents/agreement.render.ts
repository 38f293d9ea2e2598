import { agreementBlocks, agreementMeta, type AgreementDocument } from './agreement.model.js';
import { renderBlocksDocx } from './task-book.docx.js';
import { renderBlocksPdf } from './task-book.pdf.js';

export const renderAgreementDocx = (doc: AgreementDocument) => renderBlocksDocx(agreementBlocks(doc), agreementMeta(doc));
export const renderAgreementPdf = (doc: AgreementDocument) => renderBlocksPdf(agreementBlocks(doc), agreementMeta(doc));
