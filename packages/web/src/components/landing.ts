import type { Tier } from '@smartcity/domain';

/** Where each tier lands after signing in: applicants on the calls, everyone else on the registry. */
export const landingOf = (tier: Tier) => (tier === 'applicant' ? '/app/calls' : '/app/pilots');
