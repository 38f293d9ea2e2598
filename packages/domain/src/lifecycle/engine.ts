import type { Role, Tier } from '../organisation.js';

/**
 * A lifecycle is data: states, and named actions saying from which states they fire, where they go,
 * which tiers and roles may fire them, and an optional guard. One engine reads every table
 * (task books, applications, reports …), so "who may do what when" lives in one place per lifecycle.
 */
export interface Transition<S extends string, C> {
  from: readonly S[];
  to: S;
  /** Tiers (parties) that may fire it. */
  by: readonly Tier[];
  /** Roles inside the organisation, any of which suffices. */
  roles: readonly Role[];
  /** null = allowed; otherwise a reason code shown to the user (i18n key under `reasons.`). */
  guard?: (ctx: C) => string | null;
  /** Returns and rejections must say why. */
  needsReason?: boolean;
}

export interface StateInfo {
  editableBy: readonly Tier[];
  final?: true;
}

export interface Lifecycle<S extends string, A extends string, C = unknown> {
  name: string;
  initial: S;
  states: Record<S, StateInfo>;
  actions: Record<A, Transition<S, C>>;
}

export interface LifecycleActor {
  tier: Tier;
  roles: readonly Role[];
}

export type Denial =
  | { ok: false; reason: 'unknownAction'; status: 400 }
  | { ok: false; reason: 'wrongState'; status: 409; state: string }
  | { ok: false; reason: 'wrongParty' | 'wrongRole'; status: 403 }
  | { ok: false; reason: 'reasonRequired'; status: 400 }
  | { ok: false; reason: string; status: 409 | 422 };
export type Decision = { ok: true } | Denial;

export function can<S extends string, A extends string, C>(
  lc: Lifecycle<S, A, C>,
  state: S,
  action: string,
  actor: LifecycleActor,
  ctx: C,
  reason?: string | null,
): Decision {
  if (!Object.hasOwn(lc.actions, action)) return { ok: false, reason: 'unknownAction', status: 400 };
  const t = lc.actions[action as A];
  if (!t.by.includes(actor.tier)) return { ok: false, reason: 'wrongParty', status: 403 };
  if (!t.roles.some((r) => actor.roles.includes(r))) return { ok: false, reason: 'wrongRole', status: 403 };
  if (!t.from.includes(state)) return { ok: false, reason: 'wrongState', status: 409, state };
  const blocked = t.guard?.(ctx) ?? null;
  if (blocked) return { ok: false, reason: blocked, status: 422 };
  if (t.needsReason && !reason?.trim()) return { ok: false, reason: 'reasonRequired', status: 400 };
  return { ok: true };
}

/** The actions this actor may fire now (what the UI shows as buttons). */
export function available<S extends string, A extends string, C>(lc: Lifecycle<S, A, C>, state: S, actor: LifecycleActor, ctx: C): A[] {
  return (Object.keys(lc.actions) as A[]).filter((a) => can(lc, state, a, actor, ctx, 'x').ok);
}

/** Checked at start-up and in tests: every state reachable from the initial one, no dead ends. */
export function validateLifecycle<S extends string, A extends string, C>(lc: Lifecycle<S, A, C>): string[] {
  const problems: string[] = [];
  const states = Object.keys(lc.states) as S[];
  if (!states.includes(lc.initial)) problems.push(`${lc.name}: initial state ${lc.initial} is not declared`);
  for (const [name, t] of Object.entries(lc.actions) as [string, Transition<S, C>][]) {
    for (const s of [...t.from, t.to]) {
      if (!states.includes(s)) problems.push(`${lc.name}.${name}: unknown state ${s}`);
    }
    if (t.by.length === 0 || t.roles.length === 0) problems.push(`${lc.name}.${name}: nobody may fire it`);
  }
  const reached = new Set<S>([lc.initial]);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of Object.values(lc.actions) as Transition<S, C>[]) {
      if (t.from.some((s) => reached.has(s)) && !reached.has(t.to)) {
        reached.add(t.to);
        grew = true;
      }
    }
  }
  for (const s of states) {
    if (!reached.has(s)) problems.push(`${lc.name}: state ${s} is unreachable`);
    const leaves = (Object.values(lc.actions) as Transition<S, C>[]).some((t) => t.from.includes(s));
    if (!lc.states[s].final && !leaves) problems.push(`${lc.name}: state ${s} is a dead end but not final`);
    if (lc.states[s].final && leaves) problems.push(`${lc.name}: final state ${s} has outgoing actions`);
  }
  return problems;
}
