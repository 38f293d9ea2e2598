import type { Transition } from './engine.js';

type ReviewState = 'draft' | 'provinceReview' | 'ministryReview';

/**
 * 省级审核 then 部级审核, as a pilot's task book and its annual reports go through them: the province approves
 * (on to the Ministry) or returns with a reason; the Ministry returns with a reason, or takes its own decision,
 * which each lifecycle states itself (to signing, to accepted).
 */
export function provinceThenMinistry<C>(): {
  provinceApprove: Transition<ReviewState, C>;
  provinceReturn: Transition<ReviewState, C>;
  ministryReturn: Transition<ReviewState, C>;
} {
  const reviewers = ['reviewer', 'admin'] as const;
  return {
    provinceApprove: {
      kind: 'approve',
      from: ['provinceReview'],
      to: 'ministryReview',
      by: ['province'],
      roles: reviewers,
      notifies: ['ministry'],
    },
    provinceReturn: {
      kind: 'return',
      from: ['provinceReview'],
      to: 'draft',
      by: ['province'],
      roles: reviewers,
      notifies: ['owner'],
      needsReason: true,
    },
    ministryReturn: {
      kind: 'return',
      from: ['ministryReview'],
      to: 'draft',
      by: ['ministry'],
      roles: reviewers,
      notifies: ['owner'],
      needsReason: true,
    },
  };
}
