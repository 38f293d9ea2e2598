import { AppError } from '../../lib/errors.js';
import { fileRoutes } from '../../shared/file-routes.js';
import { assertEditable, EVIDENCE_KIND, loadReport, reportSubject } from './annual-reports.service.js';

/** 佐证材料: evidence files of a report, referenced by its indicators (content.indicators[].evidence). */
export const evidenceRoutes = fileRoutes([
  {
    base: '/api/annual-reports/:id/evidence',
    resource: 'annualReport',
    tags: ['annual-reports'],
    label: '佐证材料',
    kind: { fixed: EVIDENCE_KIND },
    writers: { tiers: ['pilot'], roles: ['editor', 'admin'] },
    subject: async (ctx, id, change) => {
      const head = await loadReport(ctx, id);
      if (change) assertEditable(ctx, head, 'file');
      return reportSubject(head);
    },
    // an indicator still cites it: the pilot unlinks it in the content first
    beforeRemove: async (ctx, subject, attachmentId) => {
      const head = await loadReport(ctx, subject.id);
      if (head.content.indicators.some((i) => i.evidence.includes(attachmentId))) throw new AppError(409, 'conflict', 'attachmentId');
    },
  },
]);
