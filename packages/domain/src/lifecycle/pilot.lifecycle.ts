import type { Lifecycle } from './engine.js';

export const PILOT_STATUSES = ['designated', 'creating', 'underAcceptance', 'accepted', 'failed', 'revoked'] as const;
export type PilotStatus = (typeof PILOT_STATUSES)[number];

export type PilotAction = 'startCreation' | 'requestAcceptance' | 'accept' | 'fail' | 'revoke';

/**
 * A pilot's standing in the programme: 列入试点 → 创建期 → 验收中 → 通过 / 未通过; the Ministry may revoke
 * (撤销试点资格) with a reason. Nobody moves a pilot by hand into 创建期 or out of 验收中: the last signature on its task
 * book fires startCreation, and the acceptance's submission and confirmation fire requestAcceptance, accept and fail.
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
    // by whichever party signs the task book last
    startCreation: {
      kind: 'decide',
      system: true,
      from: ['designated'],
      to: 'creating',
      by: ['ministry', 'province', 'pilot'],
      roles: ['signatory'],
    },
    // by the acceptance's submission and confirmation, as the parties firing those
    requestAcceptance: { kind: 'submit', system: true, from: ['creating'], to: 'underAcceptance', by: ['pilot'], roles: ['admin'] },
    accept: { kind: 'decide', system: true, from: ['underAcceptance'], to: 'accepted', by: ['ministry'], roles: ['admin'] },
    fail: {
      kind: 'reject',
      system: true,
      from: ['underAcceptance'],
      to: 'failed',
      by: ['ministry'],
      roles: ['admin'],
      needsReason: true,
    },
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
