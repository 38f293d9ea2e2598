import { opinionOf, type Lifecycle, type NoticeParams, type NoticeParty } from '@smartcity/domain';
import type { Ctx } from '../context.js';
import type { Tx } from '../db/client.js';
import { appendAudit } from '../audit/audit.js';
import { beijingDate } from '../lib/clock.js';
import { AppError, forbidden } from '../lib/errors.js';
import { addSignature } from '../shared/signatures.js';
import type { MasterKey } from '../signing/keys.js';
import { ministryOrgId } from '../modules/organisations/organisations.repository.js';
import { notify } from '../shared/notify.js';
import type { Subject } from '../shared/subject.js';
import { fire, lockRecord } from './fire.js';

/**
 * A record a lifecycle moves, as the one transition path needs it. Each module states this once; the path
 * (lock → scoped load → guard → fire → audit → effects → notify) is `transition` below, for every lifecycle.
 */
export interface LifecycleRecord<S extends string, A extends string, C, H extends { status: S }> {
  lifecycle: Lifecycle<S, A, C>;
  /** the record in the actor's scope (404 outside it), read inside the transaction after the lock */
  load(ctx: Ctx, tx: Tx, id: string): Promise<H>;
  /** the guard context: the same the presenter computes its buttons with */
  guards(ctx: Ctx, tx: Tx, head: H): Promise<C>;
  /** the actor's party to the record, for tables whose actions name `parties` (e.g. a sharing request's provider) */
  partyOf?(actor: Ctx['actor'], head: H): string | null;
  /** what else an action queues on besides the record (e.g. the call whose quota a forward spends) */
  alsoLock?(tx: Tx, head: H, action: A): Promise<void>;
  /** what a notice about the record names: the record, its own and its supervising organisation, and the words' parameters
   * (needed when the table's actions name parties under `notifies`) */
  notice?(head: H): { subject: Pick<Subject, 'type' | 'id'>; owner: string; supervisor: string | null; params: NoticeParams };
}

export interface TransitionInput {
  action: string;
  reason?: string | null | undefined;
}

/**
 * Locks and loads a record for a change outside its lifecycle (a content save, a signature, a panel's scores): the
 * checks made on what this returns hold until the transaction commits, since every transition takes the same lock.
 */
export async function lockedLoad<S extends string, A extends string, C, H extends { status: S }>(
  ctx: Ctx,
  tx: Tx,
  record: LifecycleRecord<S, A, C, H>,
  id: string,
): Promise<H> {
  await lockRecord(tx, record.lifecycle, id);
  return record.load(ctx, tx, id);
}

/** `lockedLoad` of a record that must be in `state` (409 otherwise). */
export async function lockedIn<S extends string, A extends string, C, H extends { status: S }>(
  ctx: Ctx,
  tx: Tx,
  record: LifecycleRecord<S, A, C, H>,
  id: string,
  state: S,
): Promise<H> {
  const head = await lockedLoad(ctx, tx, record, id);
  if (head.status !== state) throw new AppError(409, 'wrong_state', 'status', { state: head.status });
  return head;
}

/**
 * Fires one action in one transaction: the record is locked, loaded in scope and guarded with its real context;
 * `fire` moves and audits it; `effects` does what the action means beyond the status (and may add parameters to
 * the notice); the parties the table names under `notifies` are told. Anything that throws rolls all of it back.
 * The reason is the decider's opinion: an approval or decision without one is recorded as "同意" (`opinionOf`),
 * and `effects` gets it as recorded, to keep with the record's reviews.
 */
export async function transition<S extends string, A extends string, C, H extends { status: S }>(
  ctx: Ctx,
  record: LifecycleRecord<S, A, C, H>,
  id: string,
  input: TransitionInput,
  effects?: (tx: Tx, head: H, action: A, reason: string | null) => Promise<NoticeParams | void>,
): Promise<H> {
  return ctx.db.transaction((tx) => transitionIn(ctx, tx, record, id, input, effects));
}

/** `transition` inside a transaction the caller holds (a bulk decision: all of it or none). */
export async function transitionIn<S extends string, A extends string, C, H extends { status: S }>(
  ctx: Ctx,
  tx: Tx,
  record: LifecycleRecord<S, A, C, H>,
  id: string,
  input: TransitionInput,
  effects?: (tx: Tx, head: H, action: A, reason: string | null) => Promise<NoticeParams | void>,
): Promise<H> {
  const reason = opinionOf(record.lifecycle, input.action, input.reason);
  await lockRecord(tx, record.lifecycle, id);
  const head = await record.load(ctx, tx, id);
  const action = input.action as A;
  if (Object.hasOwn(record.lifecycle.actions, action)) await record.alsoLock?.(tx, head, action);
  await fire(tx, partyActor(ctx, record, head), ctx.clock, {
    lifecycle: record.lifecycle,
    id,
    state: head.status,
    action,
    reason,
    guardContext: await record.guards(ctx, tx, head),
  });
  const extra = (await effects?.(tx, head, action, reason)) ?? {};
  await notifyNext(tx, record, head, action, extra);
  return head;
}

/** The actor with its party to the record, as the table's `parties` are checked against it. */
export function partyActor<S extends string, A extends string, C, H extends { status: S }>(
  ctx: Ctx,
  record: LifecycleRecord<S, A, C, H>,
  head: H,
): Ctx['actor'] & { party?: string | null } {
  return record.partyOf ? { ...ctx.actor, party: record.partyOf(ctx.actor, head) } : ctx.actor;
}

async function notifyNext<S extends string, A extends string, C, H extends { status: S }>(
  tx: Tx,
  record: LifecycleRecord<S, A, C, H>,
  head: H,
  action: A,
  extra: NoticeParams,
) {
  const parties = record.lifecycle.actions[action].notifies ?? [];
  if (parties.length === 0) return;
  if (!record.notice) throw new Error(`${record.lifecycle.name}.${action} notifies, but its record says nothing about notices`);
  const n = record.notice(head);
  const orgOf: Record<NoticeParty, () => Promise<string | null>> = {
    owner: async () => n.owner,
    supervisor: async () => n.supervisor,
    ministry: () => ministryOrgId(tx),
  };
  const orgs = new Set<string>();
  for (const p of parties) {
    const org = await orgOf[p]();
    if (org) orgs.add(org);
  }
  for (const org of orgs)
    await notify(tx, org, { kind: `${record.lifecycle.name}.${action}`, subject: n.subject, params: { ...n.params, ...extra } });
}

/** What a record's signing needs to know: which party the actor is, what was frozen and its digests, who must sign. */
export interface Signing<H> {
  partyOf(actor: Ctx['actor'], head: H): string | null;
  /** the frozen version: its number, the digest stored at freezing and the digest of its content now */
  frozen(tx: Tx, head: H): Promise<{ versionNumber: number; stored: string | null; recomputed: string }>;
  parties: readonly string[];
  subject(head: H): Pick<Subject, 'type' | 'id' | 'ownerOrgId'>;
  /** the guard context that lets `completeSigning` fire */
  complete: unknown;
  /** after the last signature (e.g. an amendment closes) */
  afterComplete?(tx: Tx, head: H): Promise<void>;
}

/**
 * A party signs the frozen version of a record in 'signing', once, with its organisation's SM2 key; the last party's
 * signature fires the table's `completeSigning`. Written once for task books and agreements; the route has checked the
 * password the signatory entered again (`confirmPassword`).
 */
export async function signFrozen<S extends string, A extends string, C, H extends { status: S }>(
  ctx: Ctx,
  masterKey: MasterKey,
  record: LifecycleRecord<S, A, C, H>,
  signing: Signing<NoInfer<H>>,
  id: string,
) {
  // the signatory is the account: its name and 职务, never typed at signing
  const signer = { name: ctx.actor.displayName, title: ctx.actor.title };
  await ctx.db.transaction(async (tx) => {
    const head = await lockedIn(ctx, tx, record, id, 'signing' as S);
    const party = signing.partyOf(ctx.actor, head);
    if (!party) throw forbidden('not_a_party');
    if (!signer.title) throw new AppError(422, 'title_missing', 'title');
    const frozen = await signing.frozen(tx, head);
    if (frozen.stored !== frozen.recomputed) throw new AppError(409, 'version_tampered', 'version');
    const signed = {
      versionNumber: frozen.versionNumber,
      digest: frozen.recomputed,
      party,
      signerName: signer.name,
      signerTitle: signer.title,
      signedOn: beijingDate(ctx.clock.now()),
    };
    const parties = await addSignature(tx, masterKey, ctx.clock, signing.subject(head), ctx.actor, signed);
    const name = record.lifecycle.name;
    await appendAudit(tx, ctx.actor, { action: `${name}.sign`, targetType: name, targetId: id, after: signed }, ctx.clock);
    if (!signing.parties.every((p) => parties.includes(p))) return;
    await fire(tx, ctx.actor, ctx.clock, {
      lifecycle: record.lifecycle,
      id,
      state: 'signing' as S,
      action: 'completeSigning',
      guardContext: signing.complete as C,
    });
    await signing.afterComplete?.(tx, head);
  });
}
