import type { SessionInfo, Tier } from '@smartcity/domain';

/** The tiers that see a pilot's city platform (its catalog, sharing requests, health): the server's platformReaders. */
export const PLATFORM_TIERS: Tier[] = ['ministry', 'province', 'provincialGovernment', 'pilot', 'department'];

/**
 * What the reader may start on the platform: the session's abilities (the server's rules). What a reader may do with
 * one resource or request comes with it from the server (`access`, `actions`).
 */
export function platformAbilities(s: SessionInfo | null | undefined) {
  return {
    /** a department sees its requests by side (asked of it, asked by it) */
    department: s?.organisation.tier === 'department',
    /** the pilot government's people see their platform's departments and escalations */
    pilot: s?.organisation.tier === 'pilot',
    /** 编目: list a resource of the department's */
    listResource: !!s?.can.listResource,
    /** the department's API keys */
    manageApiKeys: !!s?.can.manageApiKeys,
    /** 平台管理员: the pilot government's administrators add departments and settle escalated requests */
    administer: !!s?.can.administerPlatform,
  };
}
