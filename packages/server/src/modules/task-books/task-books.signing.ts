import { SIGNING_PARTIES, taskBookLifecycle, type TaskBookContent } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { appendAudit } from '../../audit/audit.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { fire } from '../../lifecycle/fire.js';
import { addSignature, verifySignatures } from '../../shared/signatures.js';
import type { MasterKey } from '../../signing/keys.js';
import { taskBookPartyOf } from '../../tenancy/abilities.js';
import { taskBookRepository } from './task-books.repository.js';
import { loadHead, taskBookRecord } from './task-books.service.js';
import { lockedIn } from '../../lifecycle/transition.js';
import { beijingDate } from '../../lib/clock.js';
import { digestOfContent, subjectOf } from './task-books.subject.js';

/** 甲方 / 乙方 / 丙方 signs the frozen version; the last of the three completes the task book. */
export async function signTaskBook(ctx: Ctx, masterKey: MasterKey, id: string, signer: { name: string; title: string }) {
  await ctx.db.transaction(async (tx) => {
    const head = await lockedIn(ctx, tx, taskBookRecord, id, 'signing');
    const party = taskBookPartyOf(ctx.actor, head);
    if (!party) throw forbidden('not_a_party');
    const version = await taskBookRepository.version(tx, id, head.currentVersion);
    const digest = digestOfContent(version!.content as TaskBookContent);
    if (digest !== version!.digest) throw new AppError(409, 'version_tampered', 'version');
    const signed = {
      versionNumber: head.currentVersion,
      digest,
      party,
      signerName: signer.name,
      signerTitle: signer.title,
      signedOn: beijingDate(ctx.clock.now()),
    };
    const parties = await addSignature(tx, masterKey, subjectOf(head), ctx.actor, signed);
    await appendAudit(tx, ctx.actor, { action: 'taskBook.sign', targetType: 'taskBook', targetId: id, after: signed }, ctx.clock);
    if (SIGNING_PARTIES.every((p) => parties.includes(p))) {
      await fire(tx, ctx.actor, ctx.clock, {
        lifecycle: taskBookLifecycle,
        id,
        state: 'signing',
        action: 'completeSigning',
        guardContext: { problems: 0, pastDeadline: false, allSigned: true },
      });
      if (head.openAmendmentId) await taskBookRepository.closeAmendment(tx, id, head.openAmendmentId, head.currentVersion);
    }
  });
}

/** Recomputes every signed version's digest and checks every signature against the published public keys. */
export async function verifyTaskBook(ctx: Ctx, id: string) {
  const head = await loadHead(ctx, id);
  const versions = await verifySignatures(ctx.db, subjectOf(head), async (number) => {
    const version = await taskBookRepository.version(ctx.db, id, number);
    return version ? { stored: version.digest, recomputed: digestOfContent(version.content as TaskBookContent) } : null;
  });
  const ok = versions.every((v) => v.digestOk && v.signatures.every((s) => s.ok));
  return { ok, signed: head.status === 'signed', versions };
}
