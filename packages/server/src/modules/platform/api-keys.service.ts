import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../context.js';
import type { Db } from '../../db/client.js';
import { apiKeyRepository } from './api-keys.repository.js';
import { appendAudit } from '../../audit/audit.js';
import { sm3 } from '../../lib/canonical.js';
import { beijingDate } from '../../lib/clock.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import { departmentPilotOf } from '../../tenancy/abilities.js';
import { accessTo, loadResource } from './resources.service.js';

/*
 * API keys of consuming systems: `sck_` and 32 random bytes, shown once; only its SM3 hash is kept. A key acts for its
 * department on the data routes, scoped to resources it may read at creation; every call still checks the live grant.
 */

const PREFIX = 'sck_';
export const isApiKey = (token: string) => token.startsWith(PREFIX) && token.length < 200;
const hashOf = (token: string) => sm3(token);

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  resourceIds: string[];
  expiresOn: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
};
const present = (k: KeyRow) => ({
  ...k,
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  createdAt: k.createdAt.toISOString(),
});

export async function listApiKeys(ctx: Ctx) {
  const rows = await apiKeyRepository.list(ctx.db, ctx.scope);
  return { items: rows.map(present) };
}

/** A department's administrator issues a key for resources the department may read; the token is in this answer only. */
export async function createApiKey(ctx: Ctx, input: { name: string; resourceIds: string[]; expiresOn: string }) {
  const { actor } = ctx;
  const pilotId = departmentPilotOf(actor);
  if (!pilotId) throw forbidden();
  if (input.expiresOn < beijingDate(ctx.clock.now())) throw new AppError(400, 'date_past', 'expiresOn');
  for (const [i, id] of input.resourceIds.entries()) {
    const head = await loadResource(ctx, ctx.db, id).catch(() => {
      throw new AppError(400, 'unknown_resource', `resourceIds.${i}`);
    });
    // a key is for what the department reads today (its own, 无条件共享, or a live grant); calls re-check the grant
    if (!(await accessTo(ctx, ctx.db, head)).read) throw new AppError(400, 'api_key_not_readable', `resourceIds.${i}`);
  }
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await ctx.db.transaction(async (tx) => {
    const made = await apiKeyRepository.insert(tx, {
      pilotId,
      organisationId: actor.organisationId,
      name: input.name,
      prefix: token.slice(0, 10),
      tokenHash: hashOf(token),
      resourceIds: [...new Set(input.resourceIds)],
      expiresOn: input.expiresOn,
      createdBy: actor.userId,
      createdAt: ctx.clock.now(),
    });
    await appendAudit(
      tx,
      actor,
      { action: 'apiKey.create', targetType: 'apiKey', targetId: made.id, after: { ...input, prefix: made.prefix } },
      ctx.clock,
    );
    return made;
  });
  return { ...present(row), token };
}

/** Revocation takes effect on the key's next call. */
export async function revokeApiKey(ctx: Ctx, id: string) {
  await ctx.db.transaction(async (tx) => {
    if (!(await apiKeyRepository.revoke(tx, ctx.scope, id, ctx.clock.now()))) throw notFound();
    await appendAudit(tx, ctx.actor, { action: 'apiKey.revoke', targetType: 'apiKey', targetId: id }, ctx.clock);
  });
}

/** The live key a bearer token names: not revoked, not expired (its expiry day included). */
export const apiKeyOf = (db: Db, token: string, now: Date) => apiKeyRepository.live(db, hashOf(token), beijingDate(now));
