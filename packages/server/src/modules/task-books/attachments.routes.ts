import { ATTACHMENT_KINDS } from '@smartcity/domain';
import { fileRoutes } from '../../shared/file-routes.js';
import { assertEditable, loadHead } from './task-books.service.js';
import { subjectOf } from './task-books.subject.js';

/** 附件: the revised 实施方案 and others, added by the pilot's editors while the task book is a draft. */
export const attachmentRoutes = fileRoutes([
  {
    base: '/api/task-books/:id/attachments',
    resource: 'taskBook',
    tags: ['task-books'],
    label: '任务书附件',
    kind: { choose: ATTACHMENT_KINDS },
    writers: { tiers: ['pilot'], roles: ['editor', 'admin'] },
    subject: async (ctx, id, change) => {
      const head = await loadHead(ctx, id);
      if (change) assertEditable(ctx, head, 'file');
      return subjectOf(head);
    },
  },
]);
