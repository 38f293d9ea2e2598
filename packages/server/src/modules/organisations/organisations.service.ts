import type { OrganisationListQuery } from '@smartcity/domain';
import type { Ctx } from '../../context.js';
import { organisationRepository } from './organisations.repository.js';
import { presentOrganisation } from './organisations.presenter.js';

export async function listOrganisations(ctx: Ctx, filter: OrganisationListQuery) {
  return { items: (await organisationRepository.list(ctx.db, ctx.scope, filter)).map(presentOrganisation) };
}
