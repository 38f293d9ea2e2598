import {
  actionsFor,
  subscriptionLifecycle,
  type SubscriptionAction,
  type SubscriptionStatus,
  type SubscriptionView,
} from '@smartcity/domain';
import { createHash, randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.js';
import type { Queryable, Tx } from '../../db/client.js';
import { transition, type LifecycleRecord } from '../../lifecycle/transition.js';
import { appendAudit } from '../../audit/audit.js';
import { notFound } from '../../lib/errors.js';
import { readable, type Caller } from './records.service.js';
import { subscriptionRepository, type Change, type SubscriptionRow } from './subscriptions.repository.js';

/*
 * 变更订阅: a department (or its consuming system, by API key) that may read a resource subscribes a webhook to its
 * changes; every load and incremental write queues an event for each subscription (webhooks.ts delivers them).
 */

/** How many changed keys an event names; `keyCount` says how many there were. */
export const EVENT_KEYS_MAX = 1000;

const present = (r: SubscriptionRow, actor: Ctx['actor']): SubscriptionView => ({
  id: r.id,
  resource: { id: r.resourceId, name: r.resourceName, code: r.resourceCode },
  url: r.url,
  status: r.status,
  failures: r.failures,
  pausedAt: r.pausedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  pending: r.pending,
  actions: actionsFor(subscriptionLifecycle, r.status, { ...actor, party: subscriptionRecord.partyOf!(actor, r) }, {}),
});

/** Subscribes: only to a resource the caller may read now (checked as every query checks it); the secret shown once. */
export async function subscribe(ctx: Ctx, caller: Caller, resourceId: string, url: string) {
  const r = await readable(ctx, caller, resourceId);
  const secret = randomBytes(32).toString('hex');
  const id = await ctx.db.transaction(async (tx) => {
    const made = await subscriptionRepository.insert(tx, {
      pilotId: r.head.pilotId,
      resourceId: r.head.id,
      organisationId: ctx.actor.organisationId,
      url,
      secret,
      createdBy: ctx.actor.userId,
    });
    await appendAudit(
      tx,
      ctx.actor,
      { action: 'subscription.create', targetType: 'resource', targetId: r.head.id, after: { id: made, url } },
      ctx.clock,
    );
    return made;
  });
  return { ...(await getSubscription(ctx, id)), secret };
}

export async function listSubscriptions(ctx: Ctx) {
  return { items: (await subscriptionRepository.list(ctx.db, ctx.actor.organisationId)).map((r) => present(r, ctx.actor)) };
}

/** A subscription of the caller's department (anyone else's is not found). */
async function own(ctx: Ctx, id: string, db: Queryable = ctx.db) {
  const [row] = await subscriptionRepository.list(db, ctx.actor.organisationId, id);
  if (!row) throw notFound();
  return row;
}

export async function getSubscription(ctx: Ctx, id: string) {
  return present(await own(ctx, id), ctx.actor);
}

/** A subscription as the lifecycle engine moves it; its party is the subscribing department. */
const subscriptionRecord: LifecycleRecord<SubscriptionStatus, SubscriptionAction, Record<never, never>, SubscriptionRow> = {
  lifecycle: subscriptionLifecycle,
  load: (ctx, tx, id) => own(ctx, id, tx),
  guards: async () => ({}),
  partyOf: (actor, head) => (actor.organisationId === head.organisationId ? 'subscriber' : null),
};

/** Pause, resume (what was missed is delivered at once, in order) or cancel: the lifecycle's, audited by the engine. */
export async function setSubscription(ctx: Ctx, id: string, action: string) {
  await transition(ctx, subscriptionRecord, id, { action }, async (tx, head, a) => {
    await subscriptionRepository.afterMove(tx, head, subscriptionLifecycle.actions[a].to, ctx.clock.now());
  });
  return getSubscription(ctx, id);
}

export async function deliveryHistory(ctx: Ctx, id: string, limit: number) {
  const row = await own(ctx, id);
  const items = await subscriptionRepository.history(ctx.db, row, limit);
  return {
    items: items.map((d) => ({
      ...d,
      createdAt: d.createdAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      nextAt: d.nextAt.toISOString(),
    })),
  };
}

/**
 * A change to a resource's records as an event for its subscribers, in the change's transaction. Nothing changed, no
 * event. The digest is SM3 of the new content: a load's file, or a write's rows and deleted keys as JSON.
 */
export async function queueChange(tx: Tx, c: Change) {
  if (c.keyCount === 0) return null;
  return subscriptionRepository.enqueue(tx, { ...c, keys: c.keys.slice(0, EVENT_KEYS_MAX) });
}

export const contentDigest = (content: unknown) => createHash('sm3').update(JSON.stringify(content)).digest('hex');
