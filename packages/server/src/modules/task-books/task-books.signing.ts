import { pilotLifecycle, SIGNING_PARTIES, type TaskBookContent } from '@smartcity/domain';
import { fire, lockRecord } from '../../lifecycle/fire.js';
import { pilotRepository } from '../pilots/pilots.repository.js';
import type { Ctx } from '../../context.js';
import type { Queryable, Tx } from '../../db/client.js';
import { signatureEvidence, verifySignatures } from '../../shared/signatures.js';
import type { MasterKey } from '../../signing/keys.js';
import { taskBookPartyOf } from '../../tenancy/abilities.js';
import { taskBookRepository } from './task-books.repository.js';
import { loadHead, taskBookRecord } from './task-books.service.js';
import { signFrozen } from '../../lifecycle/transition.js';
import { digestOfContent, subjectOf } from './task-books.subject.js';

/** 甲方 / 乙方 / 丙方 signs the frozen version; the last of the three completes the task book (and closes an amendment). */
export const signTaskBook = (ctx: Ctx, masterKey: MasterKey, id: string) =>
  signFrozen(
    ctx,
    masterKey,
    taskBookRecord,
    {
      partyOf: taskBookPartyOf,
      async frozen(tx, head) {
        const version = await taskBookRepository.version(tx, head.id, head.currentVersion);
        return {
          versionNumber: head.currentVersion,
          stored: version!.digest,
          recomputed: digestOfContent(version!.content as TaskBookContent),
        };
      },
      parties: SIGNING_PARTIES,
      subject: subjectOf,
      complete: { problems: 0, pastDeadline: false, allSigned: true },
      async afterComplete(tx, head) {
        await startCreation(ctx, tx, head.pilotId);
        if (head.openAmendmentId) await taskBookRepository.closeAmendment(tx, head.id, head.openAmendmentId, head.currentVersion);
      },
    },
    id,
  );

/**
 * The first signed task book puts its pilot into 创建期, in the signature's transaction and audited as the signatory's
 * act; an amendment's signature finds it there already (or further on) and leaves it.
 */
async function startCreation(ctx: Ctx, tx: Tx, pilotId: string) {
  await lockRecord(tx, pilotLifecycle, pilotId);
  const pilot = await pilotRepository.get(tx, ctx.scope, pilotId);
  if (pilot?.status !== 'designated') return;
  await fire(tx, ctx.actor, ctx.clock, {
    lifecycle: pilotLifecycle,
    id: pilotId,
    state: 'designated',
    action: 'startCreation',
    guardContext: undefined,
  });
}

/** A signed version's stored digest and the digest of its stored content, which must match. */
export const taskBookDigests = (db: Queryable, id: string) => async (number: number) => {
  const version = await taskBookRepository.version(db, id, number);
  return version ? { stored: version.digest, recomputed: digestOfContent(version.content as TaskBookContent) } : null;
};

/** Recomputes every signed version's digest and checks every signature against the published public keys. */
export async function verifyTaskBook(ctx: Ctx, id: string) {
  const head = await loadHead(ctx, id);
  const versions = await verifySignatures(ctx.db, subjectOf(head), taskBookDigests(ctx.db, id));
  const ok = versions.every((v) => v.digestOk && v.signatures.every((s) => s.ok));
  return { ok, signed: head.status === 'signed', versions };
}

/** The evidence to verify every signature of the task book with standard tools. */
export async function taskBookSignatureEvidence(ctx: Ctx, id: string) {
  const head = await loadHead(ctx, id);
  return { items: await signatureEvidence(ctx.db, subjectOf(head)) };
}
