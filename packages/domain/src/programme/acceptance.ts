import type { Lifecycle } from '../lifecycle/engine.js';
import { MIN_EXPERTS } from './expert-panel.js';

/**
 * 验收: at the end of the creation period the pilot submits a self-assessment prefilled from its accepted annual
 * reports; experts score it; the Ministry confirms the rating (by the rule in force) and publishes it.
 */
export const ACCEPTANCE_STATUSES = ['draft', 'expertReview', 'confirmed', 'published'] as const;
export type AcceptanceStatus = (typeof ACCEPTANCE_STATUSES)[number];
export type AcceptanceAction = 'submit' | 'confirm' | 'publish';

export interface AcceptanceGuardContext {
  periodEnded: boolean;
  submittedScores: number;
}

export const acceptanceLifecycle: Lifecycle<AcceptanceStatus, AcceptanceAction, AcceptanceGuardContext> = {
  name: 'acceptance',
  initial: 'draft',
  states: {
    draft: { editableBy: ['pilot'], todo: 'startAcceptance' },
    expertReview: { editableBy: [], todo: 'confirmAcceptance' },
    confirmed: { editableBy: [], todo: 'publishAcceptance' },
    published: { editableBy: [], final: true },
  },
  actions: {
    submit: {
      kind: 'submit',
      from: ['draft'],
      to: 'expertReview',
      by: ['pilot'],
      roles: ['admin'],
      notifies: ['ministry'],
      guard: (c) => (c.periodEnded ? null : 'periodNotEnded'),
    },
    confirm: {
      kind: 'decide',
      from: ['expertReview'],
      to: 'confirmed',
      by: ['ministry'],
      roles: ['admin'],
      notifies: ['owner'],
      guard: (c) => (c.submittedScores < MIN_EXPERTS ? 'notEnoughScores' : null),
    },
    publish: { notifies: ['owner'], kind: 'publish', from: ['confirmed'], to: 'published', by: ['ministry'], roles: ['admin'] },
  },
};
