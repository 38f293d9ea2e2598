import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes } from 'node:crypto';
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

/** The throttle key of an attempt: the account and the client together, hashed (no address is stored in the clear). */
const throttleKey = (username: string, ip: string) => createHash('sha256').update(`${username.toLowerCase()}|${ip}`).digest('hex');

/**
 * Signs in. Guessing is slowed per (username, client address): after `lockoutAttempts` failures that client waits
 * (429), the wait doubling with each further failure up to `lockoutMinutes`; failures are forgotten on success and
 * after `lockoutMinutes` without one. A stranger failing from elsewhere never keeps the real user out, and an unknown
 * username is answered, counted and verified (one password hash) exactly as a known one.
 */
export async function signIn(deps: SignInDeps, username: string, password: string, client: { ip: string; userAgent: string | undefined }) {
  const actor = await throttledCheck(deps, username, password, client.ip, {
    blocked: () => new AppError(429, 'rate_limited', 'username'),
    wrong: () => new AppError(401, 'bad_credentials', 'password'),
  });
  return openSession(deps, actor, client.userAgent);
}

/**
 * A new session for an actor whose identity is settled: by its password at sign-in, or — for the demo programme's
 * users, which the seeding process acts as — by the seeding itself. Audited as a sign-in either way.
 */
export async function openSession(deps: SignInDeps, actor: Actor, userAgent: string | undefined) {
  const { db, clock, config } = deps;
  const now = clock.now();
  const token = randomBytes(32).toString('base64url');
  const sessionId = hashToken(token);
  await audited(db, actor, clock, async (tx) => ({
    result: await sessionRepository.create(tx, {
      id: sessionId,
      userId: actor.userId,
      organisationId: actor.organisationId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + config.sessionHours * 3_600_000),
      userAgent: userAgent?.slice(0, 300) ?? null,
    }),
    audit: { action: 'session.signIn', targetType: 'session', targetId: sessionId.slice(0, 16) },
  }));
  return { token, actor: { ...actor, sessionId } };
}

/**
 * The signed-in user enters the password again (before signing a document): checked, counted and slowed exactly as a
 * sign-in from the same client, so re-entry cannot be used to guess it; a wrong one is the `password` field's fault.
 */
export async function confirmPassword(deps: SignInDeps, actor: Actor, password: string, ip: string) {
  const confirmed = await throttledCheck(deps, actor.username, password, ip, {
    blocked: () => new AppError(429, 'rate_limited', 'password'),
    wrong: () => new AppError(403, 'wrong_password', 'password'),
  });
  if (confirmed.userId !== actor.userId) throw new AppError(403, 'wrong_password', 'password');
}

/** The throttle and the password check that signing in and re-entering a password share. */
async function throttledCheck(
  deps: SignInDeps,
  username: string,
  password: string,
  ip: string,
  refuse: { blocked(): AppError; wrong(): AppError },
) {
  const { db, clock, config } = deps;
  const now = clock.now();
  const key = throttleKey(username, ip);
  const throttle = await sessionRepository.throttle(db, key);
  if (throttle?.blockedUntil && throttle.blockedUntil > now) throw refuse.blocked();
  const user = await sessionRepository.findUserForSignIn(db, username);
  const usable = user && !user.disabled;
  const ok = await verify(usable ? user.passwordHash : await (dummyHash ??= hashPassword(randomBytes(16).toString('hex'))), password);
  const actor = usable && ok ? await sessionRepository.actorForUser(db, user.id, null) : null;
  if (!actor) {
    const maxWait = config.lockoutMinutes * 60_000;
    const forgetBefore = new Date(now.getTime() - maxWait);
    const waitAfter = (failures: number) =>
      failures < config.lockoutAttempts
        ? null
        : new Date(now.getTime() + Math.min(maxWait, 60_000 * 2 ** (failures - config.lockoutAttempts)));
    await audited(db, null, clock, async (tx) => ({
      result: await sessionRepository.recordFailure(tx, key, now, forgetBefore, waitAfter),
      // the username as typed: an unknown one is audited like a known one
      audit: { action: 'session.signInFailed', targetType: 'signIn', targetId: username.slice(0, 64) },
    }));
    throw refuse.wrong();
  }
  if (throttle) await sessionRepository.forget(db, key);
  return actor;
}

export async function signOut(deps: Omit<SignInDeps, 'config'>, actor: Actor) {
  const sessionId = actor.sessionId!;
  await audited(deps.db, actor, deps.clock, async (tx) => ({
    result: await sessionRepository.revoke(tx, sessionId, deps.clock.now()),
    audit: { action: 'session.signOut', targetType: 'session', targetId: sessionId.slice(0, 16) },
  }));
}
