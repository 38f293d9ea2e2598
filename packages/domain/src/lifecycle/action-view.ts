import { z } from 'zod';
import { ACTION_KINDS } from './engine.js';

/** A button as presenters send it (see actionsFor): disabled ones carry the guard's reason code. */
export const actionViewSchema = z.object({
  action: z.string(),
  kind: z.enum(ACTION_KINDS),
  enabled: z.boolean(),
  reason: z.string().nullable(),
  needsReason: z.boolean(),
});
export type ActionViewT = z.infer<typeof actionViewSchema>;
