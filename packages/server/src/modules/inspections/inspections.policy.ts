import type { Actor } from '../../tenancy/actor.js';
import type { FindingHead, InspectionHead } from './inspections.repository.js';

const hasRole = (actor: Actor, ...roles: string[]) => actor.roles.some((r) => roles.includes(r));

/** The inspecting province (the pilot's supervisor) records inspections and adds their photos and files at any time. */
export function inspectionAbilities(actor: Actor, inspection: Pick<InspectionHead, 'supervisorOrgId'>) {
  return {
    addFiles:
      actor.tier === 'province' && actor.organisationId === inspection.supervisorOrgId && hasRole(actor, 'editor', 'reviewer', 'admin'),
  };
}

/** The pilot adds rectification evidence while the rectification is open (before answering it). */
export function findingAbilities(actor: Actor, finding: Pick<FindingHead, 'pilotId' | 'status'>) {
  return {
    addEvidence:
      finding.status === 'open' && actor.tier === 'pilot' && actor.pilotId === finding.pilotId && hasRole(actor, 'editor', 'admin'),
  };
}
