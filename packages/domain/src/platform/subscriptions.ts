import { z } from 'zod';
import type { Lifecycle } from '../lifecycle/engine.js';
import { actionViewSchema } from '../lifecycle/action-view.js';
import { transitionRequestOf } from '../lifecycle/request.js';

/*
 * 变更订阅: a consuming department's webhook on a resource's changes (docs/platform.md, "Change subscriptions").
 * Each change is an event with a stable id, posted as JSON and signed: HMAC-SM3 over `<timestamp>.<body>` with the
 * subscription's secret, sent as `X-Smartcity-Signature: sm3=<hex>` beside `X-Smartcity-Timestamp` (Unix seconds) —
 * a receiver recomputes it and refuses a timestamp far from its clock (a replay).
 */

export const SIGNATURE_HEADER = 'x-smartcity-signature';
export const TIMESTAMP_HEADER = 'x-smartcity-timestamp';
export const EVENT_HEADER = 'x-smartcity-event';

/** What is signed: the timestamp, a dot, the body exactly as sent. */
export const signedText = (timestamp: number, body: string) => `${timestamp}.${body}`;

export const subscriptionCreateSchema = z.strictObject({
  /** where the events go: http or https, a host (its address is checked at every delivery) */
  url: z
    .string()
    .max(2000)
    .refine(
      (u) => {
        try {
          const url = new URL(u);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !url.username && !url.password;
        } catch {
          return false;
        }
      },
      { message: 'webhook_url' },
    ),
});

export const SUBSCRIPTION_STATUSES = ['active', 'paused', 'cancelled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export type SubscriptionAction = 'pause' | 'resume' | 'cancel';

/** anyone of the subscribing department, and its consuming systems (an API key acts as a viewer) */
const subscriber = {
  by: ['department'] as const,
  parties: { department: ['subscriber'] },
  roles: ['viewer', 'editor', 'reviewer', 'signatory', 'admin'] as const,
};

/**
 * A subscription's lifecycle: paused and resumed (what was missed is then delivered, in order) or cancelled by its
 * department. The dispatcher also pauses one after N consecutive failures: not an actor's action, so not a button
 * here (docs/platform.md, "Change subscriptions").
 */
export const subscriptionLifecycle: Lifecycle<SubscriptionStatus, SubscriptionAction> = {
  name: 'subscription',
  initial: 'active',
  states: {
    active: { editableBy: [] },
    paused: { editableBy: [] },
    cancelled: { editableBy: [], final: true },
  },
  actions: {
    pause: { kind: 'manage', from: ['active'], to: 'paused', ...subscriber },
    resume: { kind: 'manage', from: ['paused'], to: 'active', ...subscriber },
    cancel: { kind: 'reject', from: ['active', 'paused'], to: 'cancelled', ...subscriber },
  },
};
export const subscriptionTransitionSchema = transitionRequestOf(subscriptionLifecycle);

export const subscriptionSchema = z.object({
  id: z.uuid(),
  resource: z.object({ id: z.uuid(), name: z.string(), code: z.string() }),
  url: z.string(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  failures: z.number().int(),
  pausedAt: z.string().nullable(),
  createdAt: z.string(),
  /** deliveries waiting (paused: what a resume replays) */
  pending: z.number().int(),
  actions: z.array(actionViewSchema),
});
export type SubscriptionView = z.infer<typeof subscriptionSchema>;

export const deliverySchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  kind: z.enum(['load', 'write']),
  keyCount: z.number().int(),
  digest: z.string(),
  status: z.enum(['pending', 'delivered']),
  attempts: z.number().int(),
  /** the endpoint's last HTTP status (null: no answer — refused, timed out, or an address not allowed) */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  latencyMs: z.number().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  nextAt: z.string(),
});

/** The body of a delivery: the event, the same for every subscriber of the resource. */
export interface ChangeEvent {
  id: string;
  type: 'records.changed';
  resource: { id: string; code: string };
  change: { kind: 'load' | 'write'; id: string };
  keys: string[];
  keyCount: number;
  /** SM3 of the new content, hex */
  digest: string;
  at: string;
}

/**
 * The wait before the next attempt after `attempts` failures: exponential from `baseMs`, capped at an hour, with full
 * jitter in its upper half (so endpoints that fail together do not retry together).
 */
export function retryDelayMs(baseMs: number, attempts: number, random: number): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** Addresses a webhook may not reach unless configured: loopback, private, link-local, unique-local, unspecified. */
export function isPrivateAddress(address: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.(\d+)\.(\d+)\.(\d+)$/i.exec(address);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224 // multicast and reserved
    );
  }
  const v6 = address.toLowerCase();
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6);
}
