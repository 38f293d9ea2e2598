import { pickLang, type Lang } from '@smartcity/domain';
import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from './db/client.js';
import { appendAudit, type AuditEvent } from './audit/audit.js';
import { AppError } from './lib/errors.js';
import type { Clock } from './lib/clock.js';
import type { Actor } from './tenancy/actor.js';
import { scopeOf, type Scope } from './tenancy/scope.js';

/** What every service function receives first. */
export interface Ctx {
  actor: Actor;
  scope: Scope;
  db: Db;
  clock: Clock;
  /** the language the request asked for (Accept-Language), for text made from codes such as notifications */
  lang: Lang;
}

/** Routes reach services only through this: an authenticated request always has an actor and a scope. */
export function ctxOf(req: FastifyRequest): Ctx {
  const actor = req.actor;
  if (!actor) throw new AppError(401, 'unauthenticated');
  return { actor, scope: scopeOf(actor), db: req.server.db, clock: req.server.clock, lang: pickLang(req.headers['accept-language']) };
}

/**
 * Runs a change and its audit entry in one transaction: both commit or neither does.
 * `fn` returns the result plus the audit event describing the change.
 */
export async function audited<T>(
  db: Db,
  actor: Actor | null,
  clock: Clock,
  fn: (tx: Tx) => Promise<{ result: T; audit: AuditEvent }>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const { result, audit } = await fn(tx);
    await appendAudit(tx, actor, audit, clock);
    return result;
  });
}
