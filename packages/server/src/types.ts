import type { Role, Tier } from '@smartcity/domain';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Clock } from './lib/clock.js';
import type { Actor } from './tenancy/actor.js';

/** What a route's :id refers to; each has a fixture in test/matrix/ giving an own and a foreign instance. */
export type Resource =
  | 'pilot'
  | 'organisation'
  | 'applicant'
  | 'indicatorSystem'
  | 'taskBook'
  | 'call'
  | 'application'
  | 'annualReport'
  | 'inspection'
  | 'finding'
  | 'acceptance'
  | 'agreement'
  | 'extension'
  | 'notice'
  | 'notification'
  /** a signed text a public verification link names: a task book version or an agreement */
  | 'signedText'
  | 'user'
  /** the city public information platform's catalog entries, sharing requests, bulk loads, API keys, change subscriptions */
  | 'resource'
  | 'sharingRequest'
  | 'platformLoad'
  | 'apiKey'
  | 'subscription';

/**
 * Every route declares who may call it; the access plugin refuses to register a route without a rule.
 * `resource` names what the route's :id refers to, so the access matrix test can try own and foreign ids.
 */
export type AccessRule =
  /** anyone, signed in or not; `resource` as below (a public link's :id still names a record) */
  | { public: true; resource?: Resource }
  | {
      tiers: readonly Tier[] | 'all';
      roles?: readonly Role[];
      resource?: Resource;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
    /** the route saves a versioned record: If-Match is required (documented in OpenAPI; `ifMatchVersion` checks it is set) */
    ifMatch?: true;
    /** the route also answers a consuming system's API key (`Authorization: Bearer sck_…`), acting for its department */
    apiKey?: true;
    /** the route answers a file of this media type, or of one of these (documented in OpenAPI as a binary 200) */
    download?: string | string[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** the API key the request came with (routes with `config.apiKey`) */
    apiKey: { id: string; resourceIds: readonly string[] } | null;
  }
  interface FastifyInstance {
    db: Db;
    clock: Clock;
    config: Config;
    accessRules: readonly import('./plugins/access.js').RouteRule[];
    masterKey: import('./signing/keys.js').MasterKey;
    documents: import('./documents/pool.js').DocumentRenderer;
    meter: import('./modules/platform/metering.js').Meter;
    /** this instance's webhook dispatcher (null when SMARTCITY_WEBHOOK_INTERVAL_MS is 0, as in tests) */
    webhooks: import('./modules/platform/webhooks.js').WebhookDispatcher | null;
  }
}
