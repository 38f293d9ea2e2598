import type { AuditEventView } from '@smartcity/domain';
import type { NamedAuditRow } from './audit.repository.js';

/** An entry as people read it: who by name and organisation (as they are named now), what, about which record. */
export function presentAuditEvent({ entry, userName, organisationName }: NamedAuditRow): AuditEventView {
  return {
    seq: entry.seq,
    at: entry.at.toISOString(),
    actor: { userId: entry.actorUserId, username: entry.actorName, name: userName },
    organisation: entry.organisationId && organisationName ? { id: entry.organisationId, name: organisationName } : null,
    action: entry.action,
    subject: { type: entry.targetType, id: entry.targetId },
    beforeDigest: entry.beforeDigest,
    afterDigest: entry.afterDigest,
  };
}
