import type { OrganisationStatus, OrganisationType, Role, Tier } from '@smartcity/domain';

/** Who is acting: set once per request from the session, or by the CLI. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  /** 职务, as a signature names it (null until set) */
  title: string | null;
  organisationId: string;
  organisationType: OrganisationType;
  organisationCode: string;
  /** only an 'active' organisation acts (changes anything) */
  organisationStatus: OrganisationStatus;
  tier: Tier;
  provinceCode: string | null;
  /** The pilot this organisation governs (pilot tier), or whose government it belongs to (a department, 委办局). */
  pilotId: string | null;
  roles: Role[];
  sessionId: string | null;
}

/** The command line acts as the system, with no organisation. */
export const SYSTEM_ACTOR_NAME = 'system';
