import { describe, expect, it } from 'vitest';
import { ROLES, TIERS } from '../organisation.js';
import { actionsFor, can, isKind, validateLifecycle, type Lifecycle } from './engine.js';
import { PILOT_STATUSES, pilotLifecycle } from './pilot.lifecycle.js';

type S = 'draft' | 'submitted' | 'approved' | 'orphan';
const sample: Lifecycle<S, 'submit' | 'approve', { complete: boolean }> = {
  name: 'sample',
  initial: 'draft',
  states: {
    draft: { editableBy: ['pilot'] },
    submitted: { editableBy: [] },
    approved: { editableBy: [], final: true },
    orphan: { editableBy: [], final: true },
  },
  actions: {
    submit: {
      kind: 'submit',
      from: ['draft'],
      to: 'submitted',
      by: ['pilot'],
      roles: ['editor'],
      guard: (c) => (c.complete ? null : 'incomplete'),
    },
    approve: { kind: 'approve', from: ['submitted'], to: 'approved', by: ['province'], roles: ['reviewer'], needsReason: false },
  },
};

describe('the lifecycle engine', () => {
  const editor = { tier: 'pilot' as const, roles: ['editor' as const] };
  it('allows an action only from its states, for its parties and roles, past its guard', () => {
    expect(can(sample, 'draft', 'submit', editor, { complete: true })).toEqual({ ok: true });
    expect(can(sample, 'submitted', 'submit', editor, { complete: true })).toMatchObject({ ok: false, reason: 'wrongState', status: 409 });
    expect(can(sample, 'draft', 'submit', { tier: 'province', roles: ['editor'] }, { complete: true })).toMatchObject({
      reason: 'wrongParty',
      status: 403,
    });
    expect(can(sample, 'draft', 'submit', { tier: 'pilot', roles: ['viewer'] }, { complete: true })).toMatchObject({
      reason: 'wrongRole',
      status: 403,
    });
    expect(can(sample, 'draft', 'submit', editor, { complete: false })).toMatchObject({ reason: 'incomplete', status: 422 });
    expect(can(sample, 'draft', 'toString', editor, { complete: true })).toMatchObject({ reason: 'unknownAction', status: 400 });
  });

  it('offers an actor its buttons now, disabled with the guard’s reason rather than hidden', () => {
    expect(actionsFor(sample, 'draft', editor, { complete: true })).toEqual([
      { action: 'submit', kind: 'submit', enabled: true, reason: null, needsReason: false },
    ]);
    expect(actionsFor(sample, 'draft', editor, { complete: false })).toEqual([
      { action: 'submit', kind: 'submit', enabled: false, reason: 'incomplete', needsReason: false },
    ]);
    expect(actionsFor(sample, 'draft', { tier: 'pilot', roles: ['viewer'] }, { complete: true })).toEqual([]);
    expect(actionsFor(sample, 'submitted', { tier: 'province', roles: ['reviewer'] }, { complete: true }).map((a) => a.action)).toEqual([
      'approve',
    ]);
    const system = { ...sample, actions: { ...sample.actions, approve: { ...sample.actions.approve, system: true as const } } };
    expect(actionsFor(system, 'submitted', { tier: 'province', roles: ['reviewer'] }, { complete: true })).toEqual([]);
  });

  it('tells an action’s kind without matching its name', () => {
    expect(isKind(sample, 'approve', 'approve')).toBe(true);
    expect(isKind(sample, 'submit', 'return')).toBe(false);
    expect(isKind(sample, 'toString', 'submit')).toBe(false);
  });

  it('rejects tables with unreachable states, unknown targets, dead ends and unfirable actions', () => {
    expect(validateLifecycle(sample)).toEqual(['sample: state orphan is unreachable']);
    const broken = {
      ...sample,
      actions: { ...sample.actions, approve: { from: ['submitted'], to: 'nowhere', by: [], roles: ['admin'] } },
    } as unknown as typeof sample;
    expect(validateLifecycle(broken)).toEqual(
      expect.arrayContaining(['sample.approve: unknown state nowhere', 'sample.approve: nobody may fire it']),
    );
    const deadEnd = { ...sample, actions: { submit: sample.actions.submit } } as unknown as typeof sample;
    expect(validateLifecycle(deadEnd)).toEqual(expect.arrayContaining(['sample: state submitted is a dead end but not final']));
  });
});

describe('the pilot lifecycle table', () => {
  it('is valid', () => {
    expect(validateLifecycle(pilotLifecycle)).toEqual([]);
  });

  // The whole tier × role × state matrix, written out: who may move a pilot from each state by hand — only the
  // Ministry's revocation; signing and acceptance move it otherwise.
  const expected: Record<string, string[]> = {
    'ministry.admin': ['designated:revoke', 'creating:revoke', 'underAcceptance:revoke'],
  };
  for (const tier of TIERS) {
    for (const role of ROLES) {
      it(`${tier}.${role}`, () => {
        const got = PILOT_STATUSES.flatMap((s) =>
          actionsFor(pilotLifecycle, s, { tier, roles: [role] }, undefined).map((a) => `${s}:${a.action}`),
        );
        expect(got).toEqual(expected[`${tier}.${role}`] ?? []);
      });
    }
  }
});
