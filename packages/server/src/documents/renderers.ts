import { renderAgreementDocx, renderAgreementPdf } from './agreement.render.js';
import { renderTaskBookDocx } from './task-book.docx.js';
import { renderTaskBookPdf } from './task-book.pdf.js';

/** Every official document renderer, by the name a worker thread is asked to run (functions cannot cross threads). */
export const RENDERERS = {
  taskBookDocx: renderTaskBookDocx,
  taskBookPdf: renderTaskBookPdf,
  agreementDocx: renderAgreementDocx,
  agreementPdf: renderAgreementPdf,
} as const;
export type RendererName = keyof typeof RENDERERS;
/** The document model a renderer takes. */
export type DocumentOf<N extends RendererName> = Parameters<(typeof RENDERERS)[N]>[0];
