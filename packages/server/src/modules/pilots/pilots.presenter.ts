import type { Pilot } from '@smartcity/domain';
import type { Actor } from '../../tenancy/actor.js';
import { presentPerson } from '../organisations/organisations.presenter.js';
import { pilotAbilities, pilotActions } from '../../tenancy/abilities.js';
import type { PilotRow } from './pilots.repository.js';

export function presentPilot(row: PilotRow): Pilot {
  return {
    id: row.id,
    seq: row.seq,
    batchYear: row.batchYear,
    batchName: row.batchName,
    provinceCode: row.provinceCode,
    provinceName: row.provinceName,
    publishedName: row.publishedName,
    officialName: row.officialName,
    adminCode: row.adminCode,
    kind: row.kind,
    status: row.status,
    organisationId: row.organisationId,
    note: row.note,
    version: row.version,
  };
}

export function presentPilotDetail(row: PilotRow, people: Parameters<typeof presentPerson>[0][], actor: Actor) {
  const status = row.status;
  return {
    ...presentPilot(row),
    organisation: { id: row.organisationId, code: row.organisationCode, name: row.organisationName },
    supervisor: { id: row.supervisorOrgId, name: row.supervisorName },
    people: people.map(presentPerson),
    actions: pilotActions(actor, status),
    abilities: pilotAbilities(actor, status),
  };
}
