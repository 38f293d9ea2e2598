import { APPLICATION_ATTACHMENTS } from '@smartcity/domain';
import { fileRoutes } from '../../shared/file-routes.js';
import { assertEditable, loadApplication, subjectOf } from './applications.service.js';

/** 申报材料: 申报书, 发展规划纲要, 实施方案, 投融资方案 — uploaded by the applicant while the application is a draft. */
export const applicationAttachmentRoutes = fileRoutes([
  {
    base: '/api/applications/:id/attachments',
    resource: 'application',
    tags: ['applications'],
    label: '申报材料',
    kind: { choose: APPLICATION_ATTACHMENTS },
    writers: { tiers: ['applicant'], roles: ['editor', 'admin'] },
    subject: async (ctx, id, change) => {
      const head = await loadApplication(ctx, id);
      if (change) assertEditable(ctx, head, 'file');
      return subjectOf(head);
    },
  },
]);
