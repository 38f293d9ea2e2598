import {
  AGREEMENT_PARTIES,
  SIGNING_PARTIES,
  TASK_BOOK_TITLE,
  type AgreementContent,
  type PublicVerification,
  type TaskBookContent,
  type VerificationResult,
} from '@smartcity/domain';
import type { Queryable } from '../../db/client.js';
import { AGREEMENT_TITLE } from '../../documents/agreement.model.js';
import { notFound } from '../../lib/errors.js';
import { signatureEvidence, verifySignatures } from '../../shared/signatures.js';
import { digestOfAgreement, SIGNED_VERSION } from '../agreements/agreements.service.js';
import { digestOfContent } from '../task-books/task-books.subject.js';
import { verificationRepository } from './verification.repository.js';

interface Signed {
  kind: PublicVerification['kind'];
  subjectId: string;
  title: string;
  pilot: string | null;
  version: number;
  current: boolean;
  digest: string;
  recomputed: string;
  parties: readonly string[];
}

/**
 * The public verification of the text a document's link names (a task book version or an agreement): its digest
 * recomputed from the stored text, each signature checked with the signer's published key, and the result — valid
 * only when every party has signed and every check passes.
 */
export async function publicVerification(db: Queryable, id: string): Promise<PublicVerification> {
  const signed = (await taskBookVersion(db, id)) ?? (await agreement(db, id));
  if (!signed) throw notFound();
  const subject = { type: signed.kind, id: signed.subjectId };
  const digestOk = signed.digest === signed.recomputed;
  const digests = async (n: number) => (n === signed.version ? { stored: signed.digest, recomputed: signed.recomputed } : null);
  const checks = (await verifySignatures(db, subject, digests)).find((v) => v.number === signed.version)?.signatures ?? [];
  const evidence = (await signatureEvidence(db, subject)).filter((e) => e.versionNumber === signed.version);
  const names = await verificationRepository.organisationNames(db, [...new Set(evidence.map((e) => e.organisationId))]);
  const signatures = evidence.map((e) => ({
    party: e.party,
    organisation: names.get(e.organisationId) ?? '',
    signerName: e.signerName,
    signerTitle: e.signerTitle,
    signedOn: e.signedOn,
    keyFingerprint: e.publicKeyFingerprint,
    ok: checks.some((c) => c.party === e.party && c.ok),
  }));
  const allSigned = signed.parties.every((p) => signatures.some((s) => s.party === p));
  const result: VerificationResult = !digestOk || signatures.some((s) => !s.ok) ? 'invalid' : allSigned ? 'valid' : 'notSigned';
  return {
    kind: signed.kind,
    title: signed.title,
    pilot: signed.pilot,
    version: signed.version,
    current: signed.current,
    digest: signed.digest,
    digestOk,
    parties: [...signed.parties],
    signatures,
    result,
  };
}

async function taskBookVersion(db: Queryable, id: string): Promise<Signed | null> {
  const v = await verificationRepository.taskBookVersion(db, id);
  return v
    ? {
        kind: 'taskBook',
        subjectId: v.taskBookId,
        title: `${v.pilotName}${TASK_BOOK_TITLE}`,
        pilot: v.pilotName,
        version: v.number,
        current: v.number === v.currentVersion,
        digest: v.digest,
        recomputed: digestOfContent(v.content as TaskBookContent),
        parties: SIGNING_PARTIES,
      }
    : null;
}

async function agreement(db: Queryable, id: string): Promise<Signed | null> {
  const a = await verificationRepository.frozenAgreement(db, id);
  return a
    ? {
        kind: 'agreement',
        subjectId: a.id,
        title: `${a.governmentName}${AGREEMENT_TITLE}`,
        pilot: null,
        version: SIGNED_VERSION,
        current: true,
        digest: a.digest,
        recomputed: digestOfAgreement(a.content as AgreementContent),
        parties: AGREEMENT_PARTIES,
      }
    : null;
}
