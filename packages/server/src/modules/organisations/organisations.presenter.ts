import { TIER_OF, type Organisation, type Role } from '@smartcity/domain';
import type { OrganisationRow } from './organisations.repository.js';

export function presentOrganisation(row: OrganisationRow): Organisation {
  const type = row.type;
  return {
    id: row.id,
    type,
    tier: TIER_OF[type],
    code: row.code,
    name: row.name,
    provinceCode: row.provinceCode,
    parentId: row.parentId,
  };
}

export function presentPerson(row: { id: string; username: string; displayName: string; roles: string[] }) {
  return { id: row.id, username: row.username, displayName: row.displayName, roles: row.roles as Role[] };
}
