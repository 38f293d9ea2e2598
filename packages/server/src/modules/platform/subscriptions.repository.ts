import type { SubscriptionStatus } from '@smartcity/domain';
import { and, asc, desc, eq, lt, ne, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { platformDeliveries, platformEvents, platformResources, platformSubscriptions } from '../../db/schema.js';

/*
 * Change subscriptions: the durable queue of deliveries (docs/platform.md). A subscription's deliveries are claimed
 * with it — one holder at a time, by lease, rows skipped while another instance holds them — so each subscription's
 * events go in order and a slow endpoint holds only its own queue.
 */

const s = platformSubscriptions;
const d = platformDeliveries;
const e = platformEvents;

const view = (db: Queryable) =>
  db
    .select({
      id: s.id,
      pilotId: s.pilotId,
      organisationId: s.organisationId,
      url: s.url,
      status: s.status,
      failures: s.failures,
      pausedAt: s.pausedAt,
      createdAt: s.createdAt,
      resourceId: platformResources.id,
      resourceName: platformResources.name,
      resourceCode: platformResources.code,
      pending: sql<number>`(select count(*)::int from ${d} where ${d}.pilot_id = ${s.pilotId} and ${d}.subscription_id = ${s.id} and ${d}.status = 'pending')`,
    })
    .from(s)
    .innerJoin(platformResources, and(eq(platformResources.pilotId, s.pilotId), eq(platformResources.id, s.resourceId)));
export type SubscriptionRow = Awaited<ReturnType<typeof view>>[number];

export type SubKey = { pilotId: string; id: string };
const inKeys = (subs: SubKey[]) =>
  sql`(${s.pilotId}, ${s.id}) in (${sql.join(
    subs.map((k) => sql`(${k.pilotId}::uuid, ${k.id}::uuid)`),
    sql`, `,
  )})`;

/** An attempt's outcome, as `settle` records it. */
export interface Outcome {
  pilotId: string;
  subscriptionId: string;
  deliveryId: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  latencyMs: number;
  now: Date;
  retryAt: Date;
}

export interface Change {
  pilotId: string;
  resourceId: string;
  kind: 'load' | 'write';
  sourceId: string;
  keys: string[];
  keyCount: number;
  digest: string;
  at: Date;
}

export const subscriptionRepository = {
  async insert(tx: Tx, row: typeof s.$inferInsert) {
    const [made] = await tx.insert(s).values(row).returning({ id: s.id });
    return made!.id;
  },

  /** A department's subscriptions but the cancelled, or one of them (whatever its state). */
  async list(db: Queryable, organisationId: string, id?: string) {
    return view(db)
      .where(and(eq(s.organisationId, organisationId), id ? eq(s.id, id) : ne(s.status, 'cancelled')))
      .orderBy(desc(s.createdAt));
  },

  /**
   * The change as an event, and a pending delivery of it for every subscription of the resource — paused ones too, so
   * a resume replays what they missed — in the transaction of the change itself: no change without its event.
   */
  async enqueue(tx: Tx, c: Change) {
    const [event] = await tx
      .insert(e)
      .values({
        pilotId: c.pilotId,
        resourceId: c.resourceId,
        kind: c.kind,
        sourceId: c.sourceId,
        keys: c.keys,
        keyCount: c.keyCount,
        digest: c.digest,
        at: c.at,
      })
      .returning({ id: e.id });
    await tx.execute(sql`insert into ${d} (pilot_id, subscription_id, event_id, next_at, created_at)
      select ${s.pilotId}, ${s.id}, ${event!.id}, ${c.at}, ${c.at} from ${s}
      where ${s.pilotId} = ${c.pilotId} and ${s.resourceId} = ${c.resourceId} and ${s.status} <> 'cancelled'
      order by ${s.createdAt}`);
    return event!.id;
  },

  /**
   * Subscriptions with a delivery due, taken by `worker` until `until`: active, not held by a live lease, skipped while
   * another transaction is taking them.
   */
  async claim(db: Queryable, worker: string, now: Date, until: Date, limit: number) {
    const res = await db.execute<{ pilot_id: string; id: string }>(sql`
      update ${s} set claimed_by = ${worker}, claimed_until = ${until}
      where (pilot_id, id) in (
        select ${s.pilotId}, ${s.id} from ${s}
        where ${s.status} = 'active' and (${s.claimedUntil} is null or ${s.claimedUntil} < ${now})
          and exists (select 1 from ${d} where ${d}.pilot_id = ${s.pilotId} and ${d}.subscription_id = ${s.id}
                      and ${d}.status = 'pending' and ${d}.next_at <= ${now})
        order by ${s.claimedUntil} nulls first
        limit ${limit}
        for update skip locked)
      returning pilot_id, id`);
    return res.rows.map((r) => ({ pilotId: r.pilot_id, id: r.id }));
  },

  /** Let subscriptions go (their queues are empty, or not due yet). */
  async release(db: Queryable, subs: SubKey[], worker: string) {
    await db
      .update(s)
      .set({ claimedBy: null, claimedUntil: null })
      .where(and(inKeys(subs), eq(s.claimedBy, worker)));
  },

  /**
   * Each subscription's next delivery in order, for those still this worker's and active; their lease runs on to
   * `until` in the same statement (a slow endpoint keeps its holder). A delivery is two statements, this and `settle`,
   * each shared by the subscriptions that ask at the same moment (webhooks.ts).
   */
  async next(db: Queryable, subs: SubKey[], worker: string, until: Date) {
    const held = db.$with('held').as(
      db
        .update(s)
        .set({ claimedUntil: until })
        .where(and(inKeys(subs), eq(s.claimedBy, worker), eq(s.status, 'active')))
        .returning({ pilotId: s.pilotId, id: s.id, url: s.url, secret: s.secret }),
    );
    const first = db
      .select({
        id: d.id,
        attempts: d.attempts,
        nextAt: d.nextAt,
        eventId: sql<string>`${e.id}`.as('event_id'),
        resourceId: e.resourceId,
        kind: e.kind,
        sourceId: e.sourceId,
        keys: e.keys,
        keyCount: e.keyCount,
        digest: e.digest,
        at: e.at,
        resourceCode: platformResources.code,
      })
      .from(d)
      .innerJoin(e, and(eq(e.pilotId, d.pilotId), eq(e.id, d.eventId)))
      .innerJoin(platformResources, and(eq(platformResources.pilotId, e.pilotId), eq(platformResources.id, e.resourceId)))
      .where(and(eq(d.pilotId, held.pilotId), eq(d.subscriptionId, held.id), eq(d.status, 'pending')))
      .orderBy(asc(d.seq))
      .limit(1)
      .as('first');
    return db
      .with(held)
      .select({
        pilotId: held.pilotId,
        subscriptionId: held.id,
        url: held.url,
        secret: held.secret,
        delivery: {
          id: first.id,
          attempts: first.attempts,
          nextAt: first.nextAt,
          eventId: first.eventId,
          resourceId: first.resourceId,
          kind: first.kind,
          sourceId: first.sourceId,
          keys: first.keys,
          keyCount: first.keyCount,
          digest: first.digest,
          at: first.at,
          resourceCode: first.resourceCode,
        },
      })
      .from(held)
      .innerJoinLateral(first, sql`true`);
  },

  /**
   * Attempts' outcomes: a success resets its subscription's failure count, a failure schedules the retry or pauses the
   * subscription at `pauseAfter`. One statement for all (each delivery's update a CTE of the subscriptions'), so both or
   * neither; returns each subscription's status after.
   */
  async settle(db: Queryable, outcomes: Outcome[], pauseAfter: number) {
    const rows = JSON.stringify(outcomes.map((o) => ({ ...o, now: o.now.toISOString(), retryAt: o.retryAt.toISOString() })));
    const res = await db.execute<{ pilot_id: string; id: string; status: SubscriptionStatus }>(sql`
      with outcome as (
        select * from jsonb_to_recordset(${rows}::jsonb) as o("pilotId" uuid, "subscriptionId" uuid, "deliveryId" uuid,
          ok boolean, status integer, error text, "latencyMs" double precision, now timestamptz, "retryAt" timestamptz)),
      attempt as (
        update ${d} set attempts = ${d.attempts} + 1, last_status = o.status, last_error = o.error,
          latency_ms = o."latencyMs",
          status = case when o.ok then 'delivered' else ${d.status} end,
          delivered_at = case when o.ok then o.now else ${d.deliveredAt} end,
          next_at = case when o.ok then ${d.nextAt} else o."retryAt" end
        from outcome o where ${d.pilotId} = o."pilotId" and ${d.id} = o."deliveryId"
        returning ${d.id})
      update ${s} set
        failures = case when o.ok then 0 else ${s.failures} + 1 end,
        status = case when not o.ok and ${s.failures} + 1 >= ${pauseAfter} then 'paused' else ${s.status} end,
        paused_at = case when not o.ok and ${s.failures} + 1 >= ${pauseAfter} then o.now else ${s.pausedAt} end
      from outcome o where ${s.pilotId} = o."pilotId" and ${s.id} = o."subscriptionId"
      returning ${s.pilotId} as pilot_id, ${s.id} as id, ${s.status} as status`);
    return res.rows;
  },

  /**
   * What a move of the lifecycle (which writes the status) means for the queue: a pause is dated; a resume clears the
   * failures and makes the missed deliveries due at once (in their order); a cancel drops what is still pending (the
   * delivered history stays until retention).
   */
  async afterMove(tx: Tx, sub: { pilotId: string; id: string }, to: SubscriptionStatus, now: Date) {
    const own = and(eq(s.pilotId, sub.pilotId), eq(s.id, sub.id));
    const pending = and(eq(d.pilotId, sub.pilotId), eq(d.subscriptionId, sub.id), eq(d.status, 'pending'));
    if (to === 'paused') await tx.update(s).set({ pausedAt: now }).where(own);
    else {
      await tx.update(s).set({ pausedAt: null, failures: 0, claimedBy: null, claimedUntil: null }).where(own);
      if (to === 'active') await tx.update(d).set({ nextAt: now }).where(pending);
      else await tx.delete(d).where(pending);
    }
  },

  /**
   * 保存期限: deliveries delivered before `before`, and the events no delivery waits for any more (a pending delivery
   * and its event stay, however old: a paused subscription replays them on resume).
   */
  async deleteDeliveredBefore(db: Queryable, before: Date) {
    const gone = await db
      .delete(d)
      .where(and(eq(d.status, 'delivered'), lt(d.deliveredAt, before)))
      .returning({ id: d.id });
    const events = await db
      .delete(e)
      .where(and(lt(e.at, before), sql`not exists (select 1 from ${d} where ${d}.pilot_id = ${e}.pilot_id and ${d}.event_id = ${e}.id)`))
      .returning({ id: e.id });
    return { deliveries: gone.length, events: events.length };
  },

  /** The delivery history, newest first, before a point (paging). */
  history(db: Queryable, sub: { pilotId: string; id: string }, limit: number, before?: Date) {
    return db
      .select({
        id: d.id,
        eventId: d.eventId,
        kind: e.kind,
        keyCount: e.keyCount,
        digest: e.digest,
        status: d.status,
        attempts: d.attempts,
        lastStatus: d.lastStatus,
        lastError: d.lastError,
        latencyMs: d.latencyMs,
        createdAt: d.createdAt,
        deliveredAt: d.deliveredAt,
        nextAt: d.nextAt,
      })
      .from(d)
      .innerJoin(e, and(eq(e.pilotId, d.pilotId), eq(e.id, d.eventId)))
      .where(and(eq(d.pilotId, sub.pilotId), eq(d.subscriptionId, sub.id), before ? lt(d.createdAt, before) : undefined))
      .orderBy(desc(d.seq))
      .limit(limit);
  },
};
