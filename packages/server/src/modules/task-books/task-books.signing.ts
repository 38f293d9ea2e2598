import { SIGNING_PARTIES, taskBookLifecycle, type SigningParty, type TaskBookContent } from '@smartcity/domain';
import { inArray } from 'drizzle-orm';
import type { Ctx } from '../../context.js';
import type { Queryable } from '../../db/client.js';
import { organisationKeys, taskBooks } from '../../db/schema.js';
import { appendAudit } from '../../audit/audit.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { fire } from '../../lifecycle/fire.js';
import { organisationKeyPair, signMessage, verifyMessage, type MasterKey } from '../../signing/keys.js';
import { partyOf } from './task-books.policy.js';
import { taskBookRepository } from './task-books.repository.js';
import { beijingDate, digestOfContent, loadHead } from './task-books.service.js';

interface SignedFields {
  taskBookId: string;
  versionNumber: number;
  digest: string;
  party: SigningParty;
  organisationId: string;
  signerName: string;
  signerTitle: string;
  signedOn: string;
}

/** What an SM2 signature covers: the version's SM3 digest and who signed it, when, for which party. */
const signedMessage = (f: SignedFields) =>
  [f.taskBookId, f.versionNumber, f.digest, f.party, f.organisationId, f.signerName, f.signerTitle, f.signedOn].join('|');

/** 甲方 / 乙方 / 丙方 signs the frozen version; the last of the three completes the task book. */
export async function signTaskBook(ctx: Ctx, masterKey: MasterKey, id: string, signer: { name: string; title: string }) {
  await ctx.db.transaction(async (tx) => {
    await taskBookRepository.lock(tx, id);
    const head = await loadHead(ctx, id, tx);
    const party = partyOf(ctx.actor, head);
    if (!party) throw forbidden('not_a_party');
    if (head.status !== 'signing') throw new AppError(409, 'wrong_state', 'status', { state: head.status });
    const already = await taskBookRepository.signatures(tx, id, head.currentVersion);
    if (already.some((s) => s.party === party)) throw new AppError(409, 'already_signed', 'party');
    const version = await taskBookRepository.version(tx, id, head.currentVersion);
    const digest = digestOfContent(version!.content as TaskBookContent);
    if (digest !== version!.digest) throw new AppError(409, 'version_tampered', 'version');
    const fields: SignedFields = {
      taskBookId: id,
      versionNumber: head.currentVersion,
      digest,
      party,
      organisationId: ctx.actor.organisationId,
      signerName: signer.name,
      signerTitle: signer.title,
      signedOn: beijingDate(ctx.clock.now()),
    };
    const { privateKey } = await organisationKeyPair(tx, masterKey, ctx.actor.organisationId);
    await taskBookRepository.insertSignature(tx, { ...fields, pilotId: head.pilotId, signerUserId: ctx.actor.userId, signature: signMessage(signedMessage(fields), privateKey) });
    await appendAudit(tx, ctx.actor, { action: 'taskBook.sign', targetType: 'taskBook', targetId: id, after: { ...fields } }, ctx.clock);
    const parties = new Set([...already.map((s) => s.party), party]);
    if (SIGNING_PARTIES.every((p) => parties.has(p))) {
      await fire(tx, ctx.actor, ctx.clock, {
        lifecycle: taskBookLifecycle,
        table: taskBooks,
        id,
        state: 'signing',
        action: 'completeSigning',
        guardContext: { problems: 0, pastDeadline: false, allSigned: true },
      });
      if (head.openAmendmentId) await taskBookRepository.closeAmendment(tx, id, head.openAmendmentId, head.currentVersion);
    }
  });
}

export interface Verification {
  ok: boolean;
  signed: boolean;
  versions: {
    number: number;
    digestOk: boolean;
    signatures: { party: SigningParty; signerName: string; signedOn: string; ok: boolean }[];
  }[];
}

/** Recomputes every frozen version's digest and checks every signature against the published public keys. */
export async function verifyTaskBook(ctx: Ctx, id: string): Promise<Verification> {
  const head = await loadHead(ctx, id);
  const signatures = await taskBookRepository.signatures(ctx.db, id);
  const keys = await publicKeys(ctx.db, [...new Set(signatures.map((s) => s.organisationId))]);
  const numbers = [...new Set(signatures.map((s) => s.versionNumber))];
  const versions = [];
  for (const number of numbers) {
    const version = await taskBookRepository.version(ctx.db, id, number);
    const digest = version ? digestOfContent(version.content as TaskBookContent) : null;
    const digestOk = version !== null && digest === version.digest;
    versions.push({
      number,
      digestOk,
      signatures: signatures
        .filter((s) => s.versionNumber === number)
        .map((s) => ({
          party: s.party,
          signerName: s.signerName,
          signedOn: s.signedOn,
          ok: digestOk && s.digest === digest && !!keys.get(s.organisationId) && verifyMessage(signedMessage({ ...s, taskBookId: id }), s.signature, keys.get(s.organisationId)!),
        })),
    });
  }
  const ok = versions.every((v) => v.digestOk && v.signatures.every((s) => s.ok));
  return { ok, signed: head.status === 'signed', versions };
}

async function publicKeys(db: Queryable, organisationIds: string[]) {
  if (organisationIds.length === 0) return new Map<string, string>();
  const rows = await db.select().from(organisationKeys).where(inArray(organisationKeys.organisationId, organisationIds));
  return new Map(rows.map((r) => [r.organisationId, r.publicKey]));
}

/** Public keys are published: anyone may check a signed task book. */
export async function listPublicKeys(db: Queryable) {
  return db.select({ organisationId: organisationKeys.organisationId, publicKey: organisationKeys.publicKey, createdAt: organisationKeys.createdAt }).from(organisationKeys);
}

