import {
  verificationUrl,
  AGREEMENT_PARTIES,
  agreementLifecycle,
  type AgreementAction,
  type AgreementContent,
  type AgreementGuardContext,
  type AgreementStatus,
} from '@smartcity/domain';
import { audited, type Ctx } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import type { AgreementDocument } from '../../documents/agreement.model.js';
import { canonicalJson, sm3 } from '../../lib/canonical.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { signFrozen, transition, type LifecycleRecord } from '../../lifecycle/transition.js';
import { signatureEvidence, signaturesOf, verifySignatures } from '../../shared/signatures.js';
import type { Subject } from '../../shared/subject.js';
import type { MasterKey } from '../../signing/keys.js';
import { agreementAbilities, agreementPartyOf } from '../../tenancy/abilities.js';
import { beijingDate } from '../../lib/clock.js';
import { presentAgreement, presentAgreementSummary } from './agreements.presenter.js';
import { agreementRepository, type AgreementHead } from './agreements.repository.js';

/** An agreement is signed once, as frozen: its one version. */
export const SIGNED_VERSION = 1;
const MINISTRY_NAME = '住房和城乡建设部';

export const digestOfAgreement = (content: AgreementContent) => sm3(canonicalJson(content));

/** The agreement as the subject of signatures; its tenant is the provincial government. */
export const agreementSubject = (a: Pick<AgreementHead, 'id' | 'organisationId'>): Subject => ({
  type: 'agreement',
  id: a.id,
  ownerOrgId: a.organisationId,
});

export async function loadAgreement(ctx: Pick<Ctx, 'scope'>, db: Queryable, id: string) {
  const head = await agreementRepository.get(db, ctx.scope, id);
  if (!head) throw notFound();
  return head;
}

export async function createAgreement(ctx: Ctx, input: { provinceCode: string; content: AgreementContent }) {
  const province = await agreementRepository.province(ctx.db, input.provinceCode);
  // only the 31 mainland provinces have a 省级人民政府 to sign with
  if (!province?.governmentId) throw new AppError(400, 'invalid_value', 'provinceCode');
  if (province.pilots === 0) throw new AppError(422, 'province_without_pilots', 'provinceCode');
  const existing = await agreementRepository.forProvince(ctx.db, input.provinceCode);
  if (existing) throw new AppError(409, 'agreement_exists', 'provinceCode', { id: existing.id });
  const id = await audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const created = await agreementRepository.create(tx, {
      provinceCode: input.provinceCode,
      organisationId: province.governmentId!,
      content: input.content,
    });
    // a concurrent create of the same province won the unique index
    if (!created) throw new AppError(409, 'agreement_exists', 'provinceCode');
    return { result: created, audit: { action: 'agreement.create', targetType: 'agreement', targetId: created, after: input } };
  });
  return getAgreement(ctx, id);
}

export async function listAgreements(ctx: Ctx, filter: { status?: AgreementStatus | undefined }) {
  return { items: (await agreementRepository.list(ctx.db, ctx.scope, filter)).map(presentAgreementSummary) };
}

export async function getAgreement(ctx: Ctx, id: string) {
  const head = await loadAgreement(ctx, ctx.db, id);
  const signatures = await signaturesOf(ctx.db, agreementSubject(head), SIGNED_VERSION);
  return presentAgreement(head, signatures, ctx.actor);
}

export async function updateAgreement(ctx: Ctx, id: string, ifMatch: number, content: AgreementContent) {
  const head = await loadAgreement(ctx, ctx.db, id);
  if (!agreementAbilities(ctx.actor, head, []).edit) {
    if (head.status !== 'draft') throw new AppError(409, 'wrong_state', 'content', { state: head.status });
    throw forbidden();
  }
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const version = await agreementRepository.saveContent(tx, id, ifMatch, content, ctx.clock.now());
    if (version === null) throw new AppError(409, 'stale_version', 'if-match');
    return {
      result: version,
      audit: { action: 'agreement.update', targetType: 'agreement', targetId: id, before: head.content, after: content },
    };
  });
}

/** An agreement as the one transition path moves it; its own organisation is the provincial government. */
export const agreementRecord: LifecycleRecord<AgreementStatus, AgreementAction, AgreementGuardContext, AgreementHead> = {
  lifecycle: agreementLifecycle,
  load: (ctx, tx, id) => loadAgreement(ctx, tx, id),
  guards: async (_ctx, tx, head) => {
    const signed = await signaturesOf(tx, agreementSubject(head), SIGNED_VERSION);
    return { allSigned: AGREEMENT_PARTIES.every((p) => signed.some((s) => s.party === p)) };
  },
  notice: (h) => ({ subject: agreementSubject(h), owner: h.organisationId, supervisor: null, params: { province: h.provinceName } }),
};

/** Fires one agreement action (in practice 'freeze'), with its effects, in one transaction. */
export async function transitionAgreement(ctx: Ctx, id: string, action: string) {
  await transition(ctx, agreementRecord, id, { action }, async (tx, head) => {
    // the digest both parties sign: any later change of the content breaks verification
    if (action === 'freeze') await agreementRepository.setDigest(tx, id, digestOfAgreement(head.content));
  });
}

/** 甲方 or 乙方 signs the frozen text; the second signature completes the agreement. */
export const signAgreement = (ctx: Ctx, masterKey: MasterKey, id: string) =>
  signFrozen(
    ctx,
    masterKey,
    agreementRecord,
    {
      partyOf: agreementPartyOf,
      frozen: async (_tx, head) => ({ versionNumber: SIGNED_VERSION, stored: head.digest, recomputed: digestOfAgreement(head.content) }),
      parties: AGREEMENT_PARTIES,
      subject: agreementSubject,
      complete: { allSigned: true },
    },
    id,
  );

/** The evidence to verify both signatures with standard tools. */
export async function agreementSignatureEvidence(ctx: Ctx, id: string) {
  const head = await loadAgreement(ctx, ctx.db, id);
  return { items: await signatureEvidence(ctx.db, agreementSubject(head)) };
}

/** The signed version's stored digest and the digest of the stored content, which must match. */
export const agreementDigests = (head: Pick<AgreementHead, 'digest' | 'content'>) => async (n: number) =>
  n === SIGNED_VERSION && head.digest ? { stored: head.digest, recomputed: digestOfAgreement(head.content) } : null;

/** Recomputes the content's digest and checks both signatures against the published public keys. */
export async function verifyAgreement(ctx: Ctx, id: string) {
  const head = await loadAgreement(ctx, ctx.db, id);
  const versions = await verifySignatures(ctx.db, agreementSubject(head), agreementDigests(head));
  const ok = versions.every((v) => v.digestOk && v.signatures.every((s) => s.ok));
  return { ok, signed: head.status === 'signed', versions };
}

/** The official text, once frozen only as frozen (its digest) and signed (every signature verifies): 409 otherwise. */
export async function agreementDocument(ctx: Ctx, id: string, publicUrl: string): Promise<AgreementDocument> {
  const head = await loadAgreement(ctx, ctx.db, id);
  if (head.digest !== null) {
    const digests = { stored: head.digest, recomputed: digestOfAgreement(head.content) };
    if (digests.stored !== digests.recomputed) throw new AppError(409, 'version_tampered', 'content');
    const checks = await verifySignatures(ctx.db, agreementSubject(head), async () => digests);
    if (checks.some((c) => c.signatures.some((sig) => !sig.ok))) throw new AppError(409, 'signature_invalid', 'content');
  }
  const signatures = await signaturesOf(ctx.db, agreementSubject(head), SIGNED_VERSION);
  const allSigned = head.digest !== null && AGREEMENT_PARTIES.every((p) => signatures.some((s) => s.party === p));
  return {
    ministryName: MINISTRY_NAME,
    governmentName: head.governmentName,
    content: head.content,
    signatures: Object.fromEntries(signatures.map((s) => [s.party, { name: s.signerName, title: s.signerTitle, signedOn: s.signedOn }])),
    date: allSigned
      ? signatures
          .map((s) => s.signedOn)
          .sort()
          .at(-1)!
      : beijingDate(head.updatedAt),
    verification: allSigned ? { digest: head.digest!, url: verificationUrl(publicUrl, head.id) } : null,
  };
}
