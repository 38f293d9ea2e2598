import type { accountPatchSchema, newAccountSchema, passwordChangeSchema } from '@smartcity/domain';
import { verify } from '@node-rs/argon2';
import type { z } from 'zod';
import { audited, type Ctx } from '../../context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { ownAccountChange } from '../../tenancy/abilities.js';
import { hashPassword } from '../session/session.service.js';
import { accountRepository, credentialRepository, type AccountRow } from './accounts.repository.js';

export const listAccounts = (ctx: Ctx) => accountRepository.list(ctx.db, ctx.actor);

/** 添加人员: into the administrator's own organisation, with the initial password they pass on to the new user. */
export async function addAccount(ctx: Ctx, input: z.infer<typeof newAccountSchema>) {
  const { password, ...rest } = input;
  const passwordHash = await hashPassword(password);
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const row = await accountRepository.create(tx, ctx.actor, { ...rest, passwordHash });
    if (!row) throw new AppError(409, 'username_taken', 'username');
    return {
      result: row,
      audit: {
        action: 'user.create',
        targetType: 'user',
        targetId: row.id,
        after: { username: row.username, displayName: row.displayName, email: row.email, roles: row.roles },
      },
    };
  });
}

/** What an update shows in the audit: the fields it may change. */
const audit = (a: AccountRow) => ({
  displayName: a.displayName,
  title: a.title,
  email: a.email,
  roles: a.roles,
  disabled: a.disabled,
});

/**
 * Details (name, 职务 — which signatures take from here —, e-mail), roles and disabling, effective at once: every request reads the user's roles and disabled flag afresh
 * (session repository), and disabling also ends the user's sessions so that enabling again does not revive them.
 */
export async function updateAccount(ctx: Ctx, id: string, ifMatch: number, patch: z.infer<typeof accountPatchSchema>) {
  const own = ownAccountChange(ctx.actor, id, patch);
  if (own) throw new AppError(422, 'own_account', own);
  return audited(ctx.db, ctx.actor, ctx.clock, async (tx) => {
    const before = await accountRepository.get(tx, ctx.actor, id);
    if (!before) throw notFound();
    if (before.version !== ifMatch) throw new AppError(409, 'stale_version', 'if-match');
    // an emptied 职务 is none
    const set = patch.title === undefined ? patch : { ...patch, title: patch.title || null };
    const after = await accountRepository.update(tx, ctx.actor, id, ifMatch, set);
    if (!after) throw new AppError(409, 'stale_version', 'if-match');
    const sessionsEnded = patch.disabled ? await credentialRepository.revokeSessions(tx, id, ctx.clock.now()) : 0;
    return {
      result: after,
      audit: {
        action: 'user.update',
        targetType: 'user',
        targetId: id,
        before: audit(before),
        after: { ...audit(after), sessionsEnded },
      },
    };
  });
}

/** 修改密码: the current password first; the user's other sessions end (this one stays signed in). */
export async function changeOwnPassword(ctx: Ctx, input: z.infer<typeof passwordChangeSchema>) {
  const { actor } = ctx;
  const current = await credentialRepository.passwordHash(ctx.db, actor.userId);
  if (!current || !(await verify(current, input.currentPassword))) throw new AppError(400, 'wrong_password', 'currentPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await audited(ctx.db, actor, ctx.clock, async (tx) => {
    await credentialRepository.setPassword(tx, actor.userId, passwordHash);
    const sessionsEnded = await credentialRepository.revokeSessions(tx, actor.userId, ctx.clock.now(), actor.sessionId);
    return {
      result: undefined,
      audit: { action: 'user.changePassword', targetType: 'user', targetId: actor.userId, after: { sessionsEnded } },
    };
  });
}
