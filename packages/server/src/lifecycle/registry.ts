import {
  actionsFor,
  acceptanceLifecycle,
  agreementLifecycle,
  annualReportLifecycle,
  applicationLifecycle,
  callLifecycle,
  describeLifecycle,
  extensionLifecycle,
  lifecycleLabels,
  noticeLifecycle,
  pilotLifecycle,
  rectificationLifecycle,
  resourceLifecycle,
  sharingLifecycle,
  subscriptionLifecycle,
  ROLES,
  TIERS,
  taskBookLifecycle,
  validateLifecycle,
  type Lifecycle,
  type Tier,
} from '@smartcity/domain';
import { STATUS_TABLES } from './status-tables.js';

type AnyLifecycle = Lifecycle<string, string, never>;

/** Every lifecycle table the server fires; checked once at start-up. Labels: domain `lifecycleLabels`. */
export const LIFECYCLES: { lifecycle: AnyLifecycle }[] = [
  pilotLifecycle,
  taskBookLifecycle,
  callLifecycle,
  applicationLifecycle,
  annualReportLifecycle,
  rectificationLifecycle,
  acceptanceLifecycle,
  agreementLifecycle,
  extensionLifecycle,
  noticeLifecycle,
  resourceLifecycle,
  sharingLifecycle,
  subscriptionLifecycle,
].map((lifecycle) => ({ lifecycle: lifecycle as AnyLifecycle }));

export function checkLifecycles() {
  const problems = LIFECYCLES.flatMap((l) => [
    ...validateLifecycle(l.lifecycle),
    ...(STATUS_TABLES[l.lifecycle.name] ? [] : [`${l.lifecycle.name}: no status table (lifecycle/status-tables.ts)`]),
  ]);
  if (problems.length) throw new Error(`invalid lifecycle tables:\n${problems.join('\n')}`);
}

/** docs/lifecycles.md, generated from the tables. */
export function lifecyclesMarkdown(): string {
  return [
    '# Lifecycles',
    '',
    'Generated from the lifecycle tables in `packages/domain/src` (`npm run docs`); a test fails when this file is out of date.',
    'Each action names the tiers and roles that may fire it; the engine also checks the state, the guard and the reason.',
    '',
    ...LIFECYCLES.map((l) => describeLifecycle(l.lifecycle, lifecycleLabels('zh-CN', l.lifecycle.name))),
  ].join('\n');
}

/**
 * Who gets which button in which state, for every lifecycle: one line per state and action, listing each
 * tier.role (users with one role; a user's roles add up). The committed docs/lifecycle-permissions.md is reviewed
 * by a person whenever a table changes; a test compares the engine's outcomes with it.
 */
export function permissionLines(lc: AnyLifecycle): string[] {
  const lines: string[] = [];
  // a table naming parties (a sharing request's provider, consumer …) is read once per party of the tier: `tier.role (party)`
  const partiesOf = (tier: Tier): (string | null)[] => {
    const named = [...new Set(Object.values(lc.actions).flatMap((t) => t.parties?.[tier] ?? []))];
    return named.length ? named : [null];
  };
  for (const state of Object.keys(lc.states)) {
    const who = new Map<string, string[]>();
    for (const tier of TIERS)
      for (const role of ROLES)
        for (const party of partiesOf(tier))
          for (const a of actionsFor(lc, state, { tier, roles: [role], party }, {} as never))
            who.set(a.action, [...(who.get(a.action) ?? []), party ? `${tier}.${role} (${party})` : `${tier}.${role}`]);
    for (const [action, actors] of who) lines.push(`- ${state} → ${action}: ${actors.join(', ')}`);
  }
  return lines;
}

export function permissionsMarkdown(): string {
  return [
    '# Who may press what',
    '',
    "Every lifecycle's buttons by state: which tier.role (a user holding that one role) is offered each action. Actions the",
    "platform fires itself (the last signature completing a task book or an agreement) are nobody's button. Reviewed by a",
    'person when a table changes: `npm run docs` rewrites it, `lifecycle/permissions.test.ts` fails until it matches, and the',
    'diff of this file is what the reviewer reads.',
    '',
    ...LIFECYCLES.flatMap((l) => [`## ${l.lifecycle.name}`, '', ...permissionLines(l.lifecycle), '']),
  ].join('\n');
}
