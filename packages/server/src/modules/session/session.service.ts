import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { audited } from '../../context.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../../tenancy/actor.js';
import { hashToken } from '../../plugins/access.js';
import { sessionRepository } from './session.repository.js';

// argon2id (the library's default algorithm) with OWASP's recommended 19 MiB, t=2, p=1
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const hashPassword = (password: string) => hash(password, ARGON2);

// Verified when the username is unknown, so both failures take the same time.
let dummyHash: Promise<string> | undefined;

export interface SignInDeps {
  db: Db;
  clock: Clock;
  config: Config;
}

export async function signIn(deps: SignInDeps, username: string, password: string, userAgent: string | undefined) {
  const { db, clock, config } = deps;
  const now = clock.now();
  const user = await sessionRepository.findUserForSignIn(db, username);
  if (!user || user.disabled) {
    await verify(await (dummyHash ??= hashPassword(randomBytes(16).toString('hex'))), password);
    throw new AppError(401, 'bad_credentials', 'password');
  }
  if (user.lockedUntil && user.lockedUntil > now) throw new AppError(423, 'locked', 'username');
  const ok = await verify(user.passwordHash, password);
  const actor = await sessionRepository.actorForUser(db, user.id, null);
  if (!ok || !actor) {
    const lockUntil = new Date(now.getTime() + config.lockoutMinutes * 60_000);
    const after = await audited(db, actor, clock, async (tx) => ({
      result: await sessionRepository.recordFailure(tx, user.id, config.lockoutAttempts, lockUntil),
      audit: { action: 'session.signInFailed', targetType: 'user', targetId: user.id },
    }));
    if (after.lockedUntil && after.lockedUntil > now) throw new AppError(423, 'locked', 'username');
    throw new AppError(401, 'bad_credentials', 'password');
  }
  const token = randomBytes(32).toString('base64url');
  const sessionId = hashToken(token);
  await audited(db, actor, clock, async (tx) => ({
    result: await sessionRepository.create(tx, {
      id: sessionId,
      userId: user.id,
      organisationId: user.organisationId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + config.sessionHours * 3_600_000),
      userAgent: userAgent?.slice(0, 300) ?? null,
    }),
    audit: { action: 'session.signIn', targetType: 'session', targetId: sessionId.slice(0, 16) },
  }));
  return { token, actor: { ...actor, sessionId } };
}

export async function signOut(deps: Omit<SignInDeps, 'config'>, actor: Actor) {
  const sessionId = actor.sessionId!;
  await audited(deps.db, actor, deps.clock, async (tx) => ({
    result: await sessionRepository.revoke(tx, sessionId, deps.clock.now()),
    audit: { action: 'session.signOut', targetType: 'session', targetId: sessionId.slice(0, 16) },
  }));
}
