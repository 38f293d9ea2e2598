import type { SessionInfo } from '@smartcity/domain';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../tenancy/actor.js';
import { organisationRepository } from '../organisations/organisations.repository.js';
import { presentOrganisation } from '../organisations/organisations.presenter.js';
import { scopeOf } from '../../tenancy/scope.js';
import { sessionAbilities } from '../../tenancy/abilities.js';

export async function presentSession(app: FastifyInstance, actor: Actor, csrfToken: string): Promise<SessionInfo> {
  const org = await organisationRepository.get(app.db, scopeOf(actor), actor.organisationId);
  return {
    user: { id: actor.userId, username: actor.username, displayName: actor.displayName, title: actor.title },
    organisation: presentOrganisation(org!),
    roles: actor.roles,
    can: sessionAbilities(actor),
    csrfToken,
  };
}
