import type { Queryable } from '../db/client.js';
import { agreementRepository } from '../modules/agreements/agreements.repository.js';
import { agreementDigests } from '../modules/agreements/agreements.service.js';
import { taskBookDigests } from '../modules/task-books/task-books.signing.js';
import { signedSubjects, verifySignatures } from '../shared/signatures.js';
import type { Subject } from '../shared/subject.js';
import { EVERYTHING } from '../tenancy/scope.js';
import { verifyAudit, type AuditVerification } from './audit.js';

/** How to recompute a signed record's digests, per kind of signed record. */
const DIGESTS: Partial<
  Record<Subject['type'], (db: Queryable, id: string) => Promise<(n: number) => Promise<{ stored: string; recomputed: string } | null>>>
> = {
  taskBook: async (db, id) => taskBookDigests(db, id),
  agreement: async (db, id) => {
    const head = await agreementRepository.get(db, EVERYTHING, id);
    return head ? agreementDigests(head) : async () => null;
  },
};

export interface IntegrityReport {
  ok: boolean;
  audit: AuditVerification;
  signatures: { checked: number; failed: { subjectType: string; subjectId: string; versionNumber: number; party: string }[] };
}

/** The whole database: the audit chain against its signed checkpoints, and every signature of every signed record. */
export async function verifyIntegrity(db: Queryable): Promise<IntegrityReport> {
  const audit = await verifyAudit(db);
  const subjects = await signedSubjects(db);
  const failed: IntegrityReport['signatures']['failed'] = [];
  let checked = 0;
  for (const s of subjects) {
    const digests = DIGESTS[s.type];
    const versions = await verifySignatures(db, s, digests ? await digests(db, s.id) : async () => null);
    for (const v of versions)
      for (const sig of v.signatures) {
        checked++;
        if (!sig.ok) failed.push({ subjectType: s.type, subjectId: s.id, versionNumber: v.number, party: sig.party });
      }
  }
  return { ok: audit.ok && failed.length === 0, audit, signatures: { checked, failed } };
}
