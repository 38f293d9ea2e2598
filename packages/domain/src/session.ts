import { z } from 'zod';
import { organisationSchema, ROLES } from './organisation.js';
import { text, uuid } from './text.js';

export const signInSchema = z.strictObject({
  username: text(64),
  password: z.string().min(1).max(256),
});

export const sessionUserSchema = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
});

export const sessionSchema = z.object({
  user: sessionUserSchema,
  organisation: organisationSchema,
  roles: z.array(z.enum(ROLES)),
  csrfToken: z.string(),
});
export type SessionInfo = z.infer<typeof sessionSchema>;
