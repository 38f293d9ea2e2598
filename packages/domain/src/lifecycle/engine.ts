import type { Role, Tier } from '../organisation.js';

/**
 * A lifecycle is data: states, and named actions saying from which states they fire, where they go,
 * which tiers and roles may fire them, and an optional guard. One engine reads every table
 * (task books, applications, reports …), so "who may do what when" lives in one place per lifecycle.
 */
/**
 * What an action means to the people involved, whatever the lifecycle: the web colours and confirms by it, a
 * record knows it was returned by it (instead of matching action names), documents and to-dos group by it.
 */
export const ACTION_KINDS = ['submit', 'approve', 'return', 'reject', 'decide', 'publish', 'manage'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/**
 * Who is told that it is now their turn, relative to the record: its own organisation (the pilot or applicant
 * government), the province that supervises it, or the Ministry. The transition path notifies them once the action
 * commits; the to-do lists show the same work.
 */
export const NOTICE_PARTIES = ['owner', 'supervisor', 'ministry'] as const;
export type NoticeParty = (typeof NOTICE_PARTIES)[number];

export interface Transition<S extends string, C> {
  from: readonly S[];
  to: S;
  kind: ActionKind;
  /** Fired by the platform itself (e.g. when the last signature lands), never offered as a button. */
  system?: true;
  /** Tiers (parties) that may fire it. */
  by: readonly Tier[];
  /** Roles inside the organisation, any of which suffices. */
  roles: readonly Role[];
  /**
   * Of those tiers, only these parties to the record, by tier (e.g. a sharing request's provider, where requester and
   * provider are both departments, and the pilot government's administrator once it escalated): the record's `partyOf`
   * says which the actor is. A tier of `by` missing here fires as no party.
   */
  parties?: Partial<Record<Tier, readonly string[]>>;
  /** null = allowed; otherwise a reason code shown to the user (i18n key under `reasons.`). */
  guard?: (ctx: C) => string | null;
  /** Returns and rejections must say why. */
  needsReason?: boolean;
  /** the longest reason accepted, in characters (DEFAULT_REASON_MAX unless the reason is itself the content, as an answer) */
  reasonMax?: number;
  /** who is told next (a notification, and an e-mail where SMTP is configured) */
  notifies?: readonly NoticeParty[];
}

export const DEFAULT_REASON_MAX = 2000;

/**
 * Decisions that record a 审核意见 even when nobody must give a reason: approvals and the Ministry's decisions
 * (designate, confirm). The opinion is kept where return reasons are (the audit entry, the record's reviews) and is
 * "同意" unless the decider writes otherwise.
 */
const OPINION_KINDS: readonly ActionKind[] = ['approve', 'decide'];
export const DEFAULT_OPINION = '同意';

export const takesOpinion = (kind: ActionKind) => OPINION_KINDS.includes(kind);

/** The reason an action is recorded with: the one given, else the default opinion where the action takes one. */
export function opinionOf<S extends string, A extends string, C>(
  lc: Lifecycle<S, A, C>,
  action: string,
  reason: string | null | undefined,
): string | null {
  const given = reason?.trim();
  if (given) return given;
  if (!Object.hasOwn(lc.actions, action)) return null;
  const t = lc.actions[action as A];
  return takesOpinion(t.kind) && !t.needsReason && !t.system ? DEFAULT_OPINION : null;
}

export interface StateInfo {
  editableBy: readonly Tier[];
  final?: true;
  /** the to-do of whoever has a button in this state (`owes`), by its kind in the to-do catalog */
  todo?: string;
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
  /** the actor's party to the record, for actions that name `parties` */
  party?: string | null;
}

const isPartyOf = <S extends string, C>(t: Transition<S, C>, actor: LifecycleActor) =>
  t.by.includes(actor.tier) && (!t.parties || (actor.party != null && (t.parties[actor.tier] ?? []).includes(actor.party)));

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
  if (!isPartyOf(t, actor)) return { ok: false, reason: 'wrongParty', status: 403 };
  if (!t.roles.some((r) => actor.roles.includes(r))) return { ok: false, reason: 'wrongRole', status: 403 };
  if (!t.from.includes(state)) return { ok: false, reason: 'wrongState', status: 409, state };
  const blocked = t.guard?.(ctx) ?? null;
  if (blocked) return { ok: false, reason: blocked, status: 422 };
  if (t.needsReason && !reason?.trim()) return { ok: false, reason: 'reasonRequired', status: 400 };
  return { ok: true };
}

const isButtonOf = <S extends string, C>(t: Transition<S, C>, state: S, actor: LifecycleActor) =>
  !t.system && t.from.includes(state) && isPartyOf(t, actor) && t.roles.some((r) => actor.roles.includes(r));

/** A button: an action this actor's party and role may fire from this state, enabled unless a guard says why not. */
export interface ActionView<A extends string = string> {
  action: A;
  kind: ActionKind;
  enabled: boolean;
  /** the guard's reason code (i18n `reasons.`) when disabled */
  reason: string | null;
  needsReason: boolean;
}

/**
 * The buttons for this actor now. The guard context must be the real one (the same the transition is fired
 * with), so a disabled button says why instead of a live button the server then refuses.
 */
export function actionsFor<S extends string, A extends string, C>(
  lc: Lifecycle<S, A, C>,
  state: S,
  actor: LifecycleActor,
  ctx: C,
): ActionView<A>[] {
  return (Object.keys(lc.actions) as A[]).flatMap((action) => {
    const t = lc.actions[action];
    if (!isButtonOf(t, state, actor)) return [];
    const blocked = t.guard?.(ctx) ?? null;
    return [{ action, kind: t.kind, enabled: blocked === null, reason: blocked, needsReason: Boolean(t.needsReason) }];
  });
}

/**
 * Whether the actor's party and role act in this state: one of its buttons there is theirs (guards aside — a
 * draft that cannot be submitted yet is still owed). To-do lists are this, over the records the actor sees.
 */
export function owes<S extends string, A extends string, C>(lc: Lifecycle<S, A, C>, state: S, actor: LifecycleActor): boolean {
  return (Object.values(lc.actions) as Transition<S, C>[]).some((t) => isButtonOf(t, state, actor));
}

/** The to-do this actor has for a record in this state, if the state names one and the actor acts in it. */
export function todoOf<S extends string, A extends string, C>(lc: Lifecycle<S, A, C>, state: S, actor: LifecycleActor): string | null {
  const todo = lc.states[state].todo;
  return todo !== undefined && owes(lc, state, actor) ? todo : null;
}

/**
 * Whether the actor acts in any state of the lifecycle (a cheap test before loading records for a to-do list): by tier
 * and role, since a party (`parties`) is known only with the record.
 */
export function actsIn<S extends string, A extends string, C>(lc: Lifecycle<S, A, C>, actor: LifecycleActor): boolean {
  return (Object.values(lc.actions) as Transition<S, C>[]).some(
    (t) => !t.system && t.by.includes(actor.tier) && t.roles.some((r) => actor.roles.includes(r)),
  );
}

/** Who may ever fire a lifecycle's buttons: the transition route's access rule, derived from the table. */
export function firers<S extends string, A extends string, C>(lc: Lifecycle<S, A, C>): { tiers: Tier[]; roles: Role[] } {
  const buttons = (Object.values(lc.actions) as Transition<S, C>[]).filter((t) => !t.system);
  return { tiers: [...new Set(buttons.flatMap((t) => t.by))], roles: [...new Set(buttons.flatMap((t) => t.roles))] };
}

/** Whether an action of this lifecycle is of a kind (e.g. was the last review a return?). */
export function isKind<S extends string, A extends string, C>(lc: Lifecycle<S, A, C>, action: string, kind: ActionKind): boolean {
  return Object.hasOwn(lc.actions, action) && lc.actions[action as A].kind === kind;
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
