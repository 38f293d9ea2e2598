import csrf from '@fastify/csrf-protection';
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sessionRepository } from '../modules/session/session.repository.js';
import { apiKeyOf, isApiKey } from '../modules/platform/api-keys.service.js';
import { AppError } from '../lib/errors.js';
import { beijingDate } from '../lib/clock.js';
import type { Database } from '../db/client.js';
import { AUTH_CHANGED_CHANNEL, onAuthChange } from '../db/auth-changes.js';
import { AuthCache } from '../modules/session/auth-cache.js';
import type { Actor } from '../tenancy/actor.js';
import type { AccessRule } from '../types.js';

export const SESSION_COOKIE = 'sc_session';
export const CSRF_COOKIE = 'sc_csrf';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Documentation routes registered by @fastify/swagger-ui carry no config of ours; they are public.
const DOC_PREFIX = '/api/docs';
// Outside /api only the web bundle (static files, no data) is served; everything under /api declares a rule.
const needsRule = (url: string) => url.startsWith('/api') || ['/healthz', '/readyz', '/metrics'].includes(url);
// Refresh last_seen/expiry at most this often, so reads do not write on every request.
const TOUCH_AFTER_MS = 60_000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function ruleOf(req: FastifyRequest): AccessRule | undefined {
  return req.routeOptions.config.access;
}

/**
 * The one place where authentication, tier/role rules and CSRF are enforced, before any body is parsed:
 * session cookie → actor; route rule → 401/403; mutating request → CSRF token bound to the session.
 * Which rows the actor may see is then decided by tenancy/scope.ts inside the repositories.
 */
export interface RouteRule {
  method: string;
  url: string;
  rule: AccessRule;
}

type Cached = { actor: Actor; lastSeenAt: Date; expiresAt: Date } | { actor: Actor; key: ApiKeyHolder; expiresOn: string };
type ApiKeyHolder = { id: string; resourceIds: string[] };

export const accessPlugin = fp(async (app: FastifyInstance, opts: { database: Database }) => {
  // who a token stands for, without a database round trip while this instance hears every change to it
  const cache = new AuthCache<Cached>();
  let stopListening: (() => Promise<void>) | undefined;
  const stopLocal = onAuthChange(app.db, () => cache.clear());
  app.addHook('onReady', async () => {
    stopListening = await opts.database.listen(AUTH_CHANGED_CHANNEL, { message: () => cache.clear(), reset: (on) => cache.reset(on) });
  });
  app.addHook('onClose', async () => {
    stopLocal();
    await stopListening?.();
  });

  const rules: RouteRule[] = [];
  // the access matrix test walks this list, so every route registered is covered
  app.decorate('accessRules', rules);
  app.addHook('onRoute', (route) => {
    const isDoc = route.url.startsWith(DOC_PREFIX);
    if (needsRule(route.url) && !isDoc && !route.config?.access) {
      throw new Error(`route ${String(route.method)} ${route.url} has no access rule`);
    }
    if (isDoc) route.config = { ...route.config, access: { public: true } };
    const rule = route.config?.access;
    if (rule && needsRule(route.url)) {
      for (const method of [route.method].flat()) if (method !== 'HEAD') rules.push({ method, url: route.url, rule });
    }
  });

  await app.register(csrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', signed: true, secure: cookieSecurity(app.config) },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
    getUserInfo: (req) => req.actor?.sessionId ?? '',
    csrfOpts: { hmacKey: app.config.secret },
  });

  /** The live session behind a token hash, from the cache or the database (then kept). */
  async function sessionHolder(sessionId: string, now: Date) {
    const cached = cache.get(`s:${sessionId}`);
    if (cached && 'expiresAt' in cached) return cached.expiresAt > now ? cached : null;
    const mark = cache.mark();
    const found = await sessionRepository.actorForSession(app.db, sessionId, now);
    if (found) cache.set(`s:${sessionId}`, found, mark);
    return found;
  }

  /** The live API key behind a bearer token and the department user it acts as (read rights only), or null. */
  async function apiKeyHolder(bearer: string, now: Date) {
    const id = `k:${hashToken(bearer)}`;
    const cached = cache.get(id);
    if (cached && 'key' in cached) return cached.expiresOn >= beijingDate(now) ? cached : null;
    const mark = cache.mark();
    const key = await apiKeyOf(app.db, bearer, now);
    const actor = key && (await sessionRepository.actorForUser(app.db, key.createdBy, null));
    if (!key || !actor || actor.organisationId !== key.organisationId) return null;
    const held = {
      actor: { ...actor, roles: ['viewer'] },
      key: { id: key.id, resourceIds: key.resourceIds },
      expiresOn: key.expiresOn,
    } satisfies Cached;
    cache.set(id, held, mark);
    return held;
  }

  app.decorateRequest('actor', null);
  app.decorateRequest('apiKey', null);
  app.addHook('onRequest', async (req, reply) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer && isApiKey(bearer) && req.routeOptions.config.apiKey) {
      // a consuming system: its key acts for its department (read rights only), with no cookie and so no CSRF
      const held = await apiKeyHolder(bearer, app.clock.now());
      if (!held) throw new AppError(401, 'api_key_invalid', 'authorization');
      req.actor = held.actor;
      req.apiKey = held.key;
    }
    const token = req.apiKey ? undefined : req.cookies[SESSION_COOKIE];
    if (token) {
      const now = app.clock.now();
      const found = await sessionHolder(hashToken(token), now);
      if (found) {
        req.actor = found.actor;
        if (now.getTime() - found.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
          found.expiresAt = new Date(now.getTime() + app.config.sessionHours * 3_600_000);
          found.lastSeenAt = now;
          await sessionRepository.touch(app.db, found.actor.sessionId!, now, found.expiresAt);
        }
      }
    }
    const rule = ruleOf(req);
    // no rule: a static file or an unknown URL, which the not-found handler answers
    if (!rule || 'public' in rule) return;
    const actor = req.actor;
    if (!actor) throw new AppError(401, 'unauthenticated');
    if (rule.tiers !== 'all' && !rule.tiers.includes(actor.tier)) throw new AppError(403, 'forbidden');
    if (rule.roles && !rule.roles.some((r) => actor.roles.includes(r))) throw new AppError(403, 'forbidden');
    if (MUTATING.has(req.method) && !req.apiKey) {
      // a self-registered applicant reads, but changes nothing until its province has approved it
      if (actor.organisationStatus !== 'active') throw new AppError(403, 'awaiting_approval');
      await new Promise<void>((resolve, reject) => app.csrfProtection(req, reply, (err?: Error) => (err ? reject(err) : resolve())));
    }
  });
});

/** Secure always when configured so; otherwise whenever the request came over HTTPS (directly or by a trusted proxy). */
export const cookieSecurity = (config: { secureCookies: boolean }): true | 'auto' => (config.secureCookies ? true : 'auto');
