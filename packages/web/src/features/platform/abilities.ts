import type { Role, SessionInfo, Tier } from '@smartcity/domain';

/** The tiers that see a pilot's city platform (its catalog, sharing requests, health): the server's platformReaders. */
export const PLATFORM_TIERS: Tier[] = ['ministry', 'province', 'provincialGovernment', 'pilot', 'department'];

const has = (s: SessionInfo, roles: readonly Role[]) => s.roles.some((r) => roles.includes(r));

/**
 * What the reader may start on the platform, as the server's rules say (RULES.departmentEditor, departmentAdmin,
 * platformAdmin in tenancy/abilities.ts): the session does not carry these abilities yet, so they are stated here once.
 * What a reader may do with one resource or request comes with it from the server (`access`, `actions`).
 */
export function platformAbilities(s: SessionInfo | null | undefined) {
  const department = s?.organisation.tier === 'department';
  return {
    department,
    /** 编目: list a resource of the department's */
    listResource: !!s && department && has(s, ['editor', 'admin']),
    /** the department's API keys */
    manageApiKeys: !!s && department && has(s, ['admin']),
    /** 平台管理员: the pilot government's administrators add departments and settle escalated requests */
    administer: !!s && s.organisation.tier === 'pilot' && has(s, ['admin']),
  };
}
