import { fillTemplate, MESSAGES, PASSWORD_RESET_HOURS, type passwordResetSchema } from '@smartcity/domain';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Config } from '../../config.js';
import { appendAudit } from '../../audit/audit.js';
import { audited } from '../../context.js';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { hashToken } from '../../plugins/access.js';
import { outboxRepository } from '../notifications/notifications.repository.js';
import { sessionRepository } from '../session/session.repository.js';
import { hashPassword } from '../session/session.service.js';
import { credentialRepository } from './accounts.repository.js';

export interface ResetDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'publicUrl'>;
}

const HOUR_MS = 3_600_000;
/** Links one account may be sent per hour: more requests get the same answer and no e-mail (no mailbox flooding). */
export const RESETS_PER_HOUR = 3;

/**
 * 忘记密码: e-mails a one-time link to the account's address, if there is such an enabled account with one and it has
 * not had too many links this hour. The caller answers the same in every case, so nobody learns whether an account
 * exists. The link is built from the configured public address, never from the request.
 */
export async function requestPasswordReset(deps: ResetDeps, username: string) {
  const { db, clock } = deps;
  const user = await credentialRepository.resettable(db, username);
  if (!user) return;
  const now = clock.now();
  if ((await credentialRepository.resetsSince(db, user.id, new Date(now.getTime() - HOUR_MS))) >= RESETS_PER_HOUR) return;
  const token = randomBytes(32).toString('base64url');
  const url = `${deps.config.publicUrl}/reset-password?token=${token}`;
  // the programme's correspondence is in Chinese (as notices' e-mails are)
  const mail = MESSAGES['zh-CN'].mail;
  const vars = { name: user.displayName, username: user.username, hours: String(PASSWORD_RESET_HOURS), url };
  await audited(db, null, clock, async (tx) => {
    await credentialRepository.createReset(tx, {
      organisationId: user.organisationId,
      id: hashToken(token),
      userId: user.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + PASSWORD_RESET_HOURS * HOUR_MS),
    });
    await outboxRepository.enqueue(tx, [
      {
        organisationId: user.organisationId,
        notificationId: null,
        toAddress: user.email,
        subject: mail.passwordResetSubject,
        body: fillTemplate(mail.passwordResetBody, vars),
      },
    ]);
    return { result: undefined, audit: { action: 'user.passwordResetRequested', targetType: 'user', targetId: user.id } };
  });
}

/** Sets a new password with a link's token: once, before it expires; every session of the account ends. */
export async function resetPassword(deps: Omit<ResetDeps, 'config'>, input: z.infer<typeof passwordResetSchema>) {
  const { db, clock } = deps;
  const passwordHash = await hashPassword(input.password);
  const now = clock.now();
  await db.transaction(async (tx) => {
    const user = await credentialRepository.redeem(tx, hashToken(input.token), now);
    if (!user) throw new AppError(400, 'invalid_token', 'token');
    await credentialRepository.setPassword(tx, user.id, passwordHash);
    const sessionsEnded = await credentialRepository.revokeSessions(tx, user.id, now);
    const actor = await sessionRepository.actorForUser(tx, user.id, null);
    // the link's owner is the actor: nobody is signed in
    await appendAudit(tx, actor, { action: 'user.passwordReset', targetType: 'user', targetId: user.id, after: { sessionsEnded } }, clock);
  });
}
