import { z } from 'zod';
import { password, ROLES, username } from './organisation.js';
import { text, uuid } from './text.js';

/*
 * People and accounts: an organisation's administrators add, disable and re-role its own people; everyone changes
 * their own password; a forgotten one is reset by a one-time link sent by e-mail.
 */

/** A member of the administrator's own organisation, as the people page shows them. */
export const accountSchema = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  /** 职务: named beside the name on every signature the person makes */
  title: z.string().nullable(),
  email: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  disabled: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

const roles = z
  .array(z.enum(ROLES))
  .min(1)
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, { message: 'invalid_value' });
const email = z.email().max(200);

/** Added by an administrator with an initial password, which they pass on; the new user changes it after signing in. */
export const newAccountSchema = z.strictObject({
  username,
  displayName: text(64),
  email,
  roles,
  password,
});

/**
 * What an administrator changes: a colleague's name, 职务 (title; empty → none) and e-mail, roles, and whether the
 * account may sign in (at least one of them).
 */
export const accountPatchSchema = z
  .strictObject({
    displayName: text(64).optional(),
    title: text(64, 0).nullable().optional(),
    email: email.optional(),
    roles: roles.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'invalid_value', path: ['roles'] });

export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: password,
});

/** 忘记密码: the username; the answer is the same whether or not it exists. */
export const passwordResetRequestSchema = z.strictObject({ username: text(64) });

export const passwordResetSchema = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
  password,
});

/** How long a reset link works. */
export const PASSWORD_RESET_HOURS = 1;
