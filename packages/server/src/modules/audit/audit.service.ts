import type { AuditEventListQuery } from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { presentAuditEvent } from './audit.presenter.js';
import { auditEventRepository } from './audit.repository.js';

/** A page of the filtered log (the Ministry's: the route admits no one else) and how many entries match. */
export async function listAuditEvents(db: Queryable, q: AuditEventListQuery) {
  const { rows, total } = await auditEventRepository.list(db, q);
  return { items: rows.map(presentAuditEvent), total };
}
