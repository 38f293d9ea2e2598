import {
  EVENT_HEADER,
  isPrivateAddress,
  retryDelayMs,
  SIGNATURE_HEADER,
  signedText,
  TIMESTAMP_HEADER,
  type ChangeEvent,
} from '@smartcity/domain';
import { createHmac, randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { everyInterval } from '../../jobs/worker.js';
import { coalesced } from '../../lib/coalesce.js';
import { subscriptionRepository, type Outcome, type SubKey } from './subscriptions.repository.js';

/*
 * Webhook deliveries (docs/platform.md, "Change subscriptions"). Every instance runs a dispatcher: it claims the
 * subscriptions with a delivery due and drains each on its own — in order, one delivery in flight per subscription —
 * so a hanging endpoint holds its own queue and nobody else's. A delivery is marked delivered only after its endpoint
 * answered 2xx: a process that dies mid-delivery leaves it pending, and the next holder sends it again (same event id).
 */

/** Resolves a host name to its addresses (injected in tests, to play DNS rebinding). */
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;
const systemResolver: Resolver = (host) => lookup(host, { all: true });

export interface WebhookOptions {
  /** ms between claim rounds (a change in this process also wakes the dispatcher at once) */
  intervalMs: number;
  /** an endpoint's time to answer, ms */
  timeoutMs: number;
  /** the first retry's wait, ms; each next one doubles (with jitter), up to an hour */
  retryBaseMs: number;
  /** consecutive failures that pause a subscription */
  pauseAfter: number;
  /** private, loopback and link-local addresses allowed (a city's intranet); refused otherwise */
  allowPrivate: boolean;
  /** how long a claimed subscription stays this instance's without a sign of life (default: the time-out and 30 s) */
  leaseMs?: number;
  /** subscriptions drained at once by this instance */
  concurrency: number;
  resolve?: Resolver;
  workerId?: string;
  onError: (err: unknown) => void;
}

class Refused extends Error {}

/**
 * The address to connect to: every address the name resolves to must be allowed (so a name that also points inside
 * cannot slip through), and the connection goes to the one checked — not to a second lookup a rebinding DNS could
 * answer differently.
 */
async function checkedAddress(host: string, opts: Pick<WebhookOptions, 'allowPrivate' | 'resolve'>) {
  const bare = host.replace(/^\[|\]$/g, '');
  const found = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await (opts.resolve ?? systemResolver)(bare);
  if (found.length === 0) throw new Refused(`${host}: no address`);
  if (!opts.allowPrivate) {
    const inside = found.find((a) => isPrivateAddress(a.address));
    if (inside) throw new Refused(`address not allowed: ${inside.address}`);
  }
  return found[0]!;
}

/** One POST: the status (null when there was no answer) or why not; redirects are not followed. */
async function post(url: string, body: string, headers: Record<string, string>, opts: WebhookOptions, signal: AbortSignal) {
  const target = new URL(url);
  const address = await checkedAddress(target.hostname, opts);
  const pinned: LookupFunction = (_host, options, callback) => {
    // Node asks for all addresses (autoSelectFamily) or for one
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        timeout: opts.timeoutMs,
        signal,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${opts.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The headers of a delivery: the event id, the time, and the HMAC-SM3 of both with the body. */
export function signedHeaders(secret: string, eventId: string, body: string, timestamp: number) {
  const signature = createHmac('sm3', secret).update(signedText(timestamp, body)).digest('hex');
  return {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'smartcity-webhooks/1',
    [EVENT_HEADER]: eventId,
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: `sm3=${signature}`,
  };
}

/** A subscription's key in this process's maps (its drains, a shared statement's answers). */
const keyOf = (pilotId: string, id: string) => `${pilotId}/${id}`;

export function startWebhookDispatcher(db: Db, clock: Clock, opts: WebhookOptions) {
  const workerId = opts.workerId ?? `webhooks-${randomUUID()}`;
  const leaseMs = opts.leaseMs ?? opts.timeoutMs + 30_000;
  const draining = new Map<string, Promise<void>>();
  const aborts = new AbortController();
  // every delivery in flight listens to it: as many as the subscriptions drained at once
  setMaxListeners(opts.concurrency + 10, aborts.signal);
  let stopped = false;

  // every drain asks for its next delivery, records its outcome and lets go through these: the drains that ask at
  // the same moment share one statement (a round of many endpoints answering is one statement, not one each)
  const nextOf = coalesced(async (subs: SubKey[]) => {
    const rows = await subscriptionRepository.next(db, subs, workerId, new Date(clock.now().getTime() + leaseMs));
    const found = new Map(rows.map((r) => [keyOf(r.pilotId, r.subscriptionId), r]));
    return subs.map((k) => found.get(keyOf(k.pilotId, k.id)) ?? null);
  });
  const settle = coalesced(async (outcomes: Outcome[]) => {
    const after = await subscriptionRepository.settle(db, outcomes, opts.pauseAfter);
    const status = new Map(after.map((a) => [keyOf(a.pilot_id, a.id), a.status]));
    return outcomes.map((o) => status.get(keyOf(o.pilotId, o.subscriptionId)));
  });
  const release = coalesced(async (subs: SubKey[]) => {
    await subscriptionRepository.release(db, subs, workerId);
    return subs.map(() => undefined);
  });

  async function drain(sub: SubKey) {
    for (;;) {
      if (stopped) return;
      const next = await nextOf(sub);
      if (!next || next.delivery.nextAt > clock.now()) return release(sub);
      const { delivery } = next;
      const event: ChangeEvent = {
        id: delivery.eventId,
        type: 'records.changed',
        resource: { id: delivery.resourceId, code: delivery.resourceCode },
        change: { kind: delivery.kind, id: delivery.sourceId },
        keys: delivery.keys,
        keyCount: delivery.keyCount,
        digest: delivery.digest,
        at: delivery.at.toISOString(),
      };
      const body = JSON.stringify(event);
      const started = performance.now();
      let status: number | null = null;
      let error: string | null = null;
      try {
        status = await post(
          next.url,
          body,
          signedHeaders(next.secret, event.id, body, Math.floor(clock.now().getTime() / 1000)),
          opts,
          aborts.signal,
        );
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (err) {
        // stopped mid-delivery: it stays pending, and whoever holds the subscription next sends it again
        if (stopped) return;
        error = String((err as Error).message).slice(0, 300);
      }
      const done = clock.now();
      const ok = error === null;
      const after = await settle({
        pilotId: sub.pilotId,
        subscriptionId: sub.id,
        deliveryId: delivery.id,
        ok,
        status,
        error,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        now: done,
        retryAt: new Date(done.getTime() + retryDelayMs(opts.retryBaseMs, delivery.attempts + 1, Math.random())),
      });
      if (!ok || after !== 'active') return release(sub);
    }
  }

  async function claimRound() {
    const free = opts.concurrency - draining.size;
    if (free <= 0 || stopped) return;
    const now = clock.now();
    const claimed = await subscriptionRepository.claim(db, workerId, now, new Date(now.getTime() + leaseMs), free);
    for (const sub of claimed) {
      const key = keyOf(sub.pilotId, sub.id);
      // claimed again while its last drain here is finishing (it found nothing, and let go): drain again after it
      const before = draining.get(key) ?? Promise.resolve();
      const run: Promise<void> = before
        .then(() => drain(sub))
        .catch(opts.onError)
        .finally(() => {
          if (draining.get(key) === run) draining.delete(key);
        });
      draining.set(key, run);
    }
  }

  const loop = everyInterval(claimRound, opts.intervalMs, opts.onError);
  return {
    workerId,
    /** a change was queued in this process: look now rather than at the next round */
    poke: loop.tick,
    /** the subscriptions this instance is draining */
    get draining() {
      return draining.size;
    },
    /** stop: deliveries in flight are abandoned unmarked (sent again by the next holder, with the same event id) */
    async stop() {
      stopped = true;
      aborts.abort();
      await loop.stop();
      await Promise.all(draining.values());
    },
  };
}
export type WebhookDispatcher = ReturnType<typeof startWebhookDispatcher>;
