import { z } from 'zod';
import { longText } from '../text.js';
import { DEFAULT_REASON_MAX, type Lifecycle } from './engine.js';

/**
 * The request that fires an action, derived from the table: one of its buttons (never an action the platform fires
 * itself, nor one with a route of its own, `except`), and a reason within the table's limit; modules add fields
 * of their own (reasons by section or item).
 */
export function transitionRequestOf<S extends string, A extends string, C, X extends z.ZodRawShape = Record<never, never>>(
  lc: Lifecycle<S, A, C>,
  opts: { except?: readonly A[]; extra?: X } = {},
) {
  const names = (Object.keys(lc.actions) as A[]).filter((a) => !lc.actions[a].system && !opts.except?.includes(a));
  const reasonMax = Math.max(...names.map((a) => lc.actions[a].reasonMax ?? DEFAULT_REASON_MAX));
  return z.strictObject({
    action: z.enum(names as [A, ...A[]]),
    reason: longText(reasonMax).optional(),
    ...((opts.extra ?? {}) as X),
  });
}
