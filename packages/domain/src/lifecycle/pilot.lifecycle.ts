import type { Lifecycle } from './engine.js';

export const PILOT_STATUSES = ['designated', 'creating', 'underAcceptance', 'accepted', 'failed', 'revoked'] as const;
export type PilotStatus = (typeof PILOT_STATUSES)[number];

export type PilotAction = 'startCreation' | 'requestAcceptance' | 'accept' | 'fail' | 'revoke';

/**
 * A pilot's standing in the programme: 列入试点 → 创建中 → 验收中 → 通过 / 未通过; the Ministry may revoke
 * (撤销试点资格) with a reason. Later lifecycles (task-book signing, acceptance) fire these actions as effects.
 */
export const pilotLifecycle: Lifecycle<PilotStatus, PilotAction> = {
  name: 'pilot',
  initial: 'designated',
  states: {
    designated: { editableBy: ['ministry', 'province', 'pilot'] },
    creating: { editableBy: ['ministry', 'province', 'pilot'] },
    underAcceptance: { editableBy: ['ministry'] },
    accepted: { editableBy: [], final: true },
    failed: { editableBy: [], final: true },
    revoked: { editableBy: [], final: true },
  },
  actions: {
    startCreation: { kind: 'decide', from: ['designated'], to: 'creating', by: ['ministry'], roles: ['admin', 'reviewer'] },
    requestAcceptance: { kind: 'submit', from: ['creating'], to: 'underAcceptance', by: ['pilot'], roles: ['admin'] },
    accept: { kind: 'decide', from: ['underAcceptance'], to: 'accepted', by: ['ministry'], roles: ['admin', 'reviewer'] },
    fail: { kind: 'reject', from: ['underAcceptance'], to: 'failed', by: ['ministry'], roles: ['admin', 'reviewer'], needsReason: true },
    revoke: {
      kind: 'reject',
      from: ['designated', 'creating', 'underAcceptance'],
      to: 'revoked',
      by: ['ministry'],
      roles: ['admin'],
      needsReason: true,
    },
  },
};
