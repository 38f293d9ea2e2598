import type { Tier } from '@smartcity/domain';

/**
 * Where each tier lands after signing in: applicants on the calls, a pilot on its own hub, the Ministry and provinces
 * on their overview, a city's department (委办局) on its platform's catalog, everyone else on the registry.
 */
const LANDING: Partial<Record<Tier, string>> = {
  applicant: '/app/calls',
  pilot: '/app/my-pilot',
  ministry: '/app/dashboard',
  province: '/app/dashboard',
  department: '/app/platform/resources',
};
export const landingOf = (tier: Tier) => LANDING[tier] ?? '/app/pilots';
