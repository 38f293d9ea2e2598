import { auditActionText, auditEventListQuery, auditSubjectText, exportQuery, langOf, type AuditEventView } from '@smartcity/domain';
import type { z } from 'zod';
import { exportTime, inWords, paged, type ExportSpec } from '../../shared/export.js';
import { organisationRepository } from '../organisations/organisations.repository.js';
import { listAuditEvents } from './audit.service.js';

const query = exportQuery(auditEventListQuery.omit({ page: true, pageSize: true }));

type Spec = ExportSpec<z.infer<typeof query>, AuditEventView>;

/** 审计日志: the filtered log in the list's order, page by page (it is the longest list there is); the Ministry's alone. */
export const auditLogExport = (access: Spec['access']): Spec => ({
  path: '/api/audit/events',
  list: 'auditLog',
  tags: ['audit'],
  access,
  querystring: query,
  columns: [
    { header: 'seq', value: (e) => e.seq, width: 10 },
    { header: 'at', value: (e) => exportTime(e.at) },
    { header: 'actor', value: (e) => e.actor.name ?? e.actor.username, width: 16 },
    { header: 'organisation', value: (e) => e.organisation?.name ?? null, width: 28 },
    { header: 'action', value: (e, m) => auditActionText(langOf(m), e.action), width: 16 },
    { header: 'subject', value: (e, m) => auditSubjectText(langOf(m), e.subject.type), width: 14 },
    { header: 'subjectId', value: (e) => e.subject.id, width: 38 },
    { header: 'beforeDigest', value: (e) => e.beforeDigest, width: 66 },
    { header: 'afterDigest', value: (e) => e.afterDigest, width: 66 },
  ],
  pages: (ctx, { lang: _lang, ...q }) => paged(async (page, pageSize) => (await listAuditEvents(ctx.db, { ...q, page, pageSize })).items),
  filters: async (ctx, q, m) => {
    const organisation = q.organisationId ? await organisationRepository.get(ctx.db, ctx.scope, q.organisationId) : null;
    return inWords(m, [
      ['organisation', organisation?.name ?? q.organisationId],
      ['user', q.userId],
      ['action', q.action && auditActionText(langOf(m), q.action)],
      ['subjectType', q.subjectType && auditSubjectText(langOf(m), q.subjectType)],
      ['subjectId', q.subjectId],
      ['dateFrom', q.dateFrom],
      ['dateTo', q.dateTo],
    ]);
  },
});
