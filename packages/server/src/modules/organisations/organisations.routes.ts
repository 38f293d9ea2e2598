import { idParam, organisationListQuery, organisationSchema, personSchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { notFound } from '../../lib/errors.js';
import { organisationRepository } from './organisations.repository.js';
import { presentOrganisation, presentPerson } from './organisations.presenter.js';

export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/organisations',
    {
      config: { access: { tiers: 'all' } },
      schema: {
        tags: ['organisations'],
        summary: '机构列表（按权限范围）Organisations in scope',
        querystring: organisationListQuery,
        response: { 200: z.object({ items: z.array(organisationSchema) }) },
      },
    },
    async (req) => {
      const { db, scope } = ctxOf(req);
      const rows = await organisationRepository.list(db, scope, req.query);
      return { items: rows.map(presentOrganisation) };
    },
  );

  app.get(
    '/api/organisations/:id',
    {
      config: { access: { tiers: 'all', resource: 'organisation' } },
      schema: {
        tags: ['organisations'],
        summary: '机构及其人员 Organisation and its people',
        params: idParam,
        response: { 200: organisationSchema.extend({ people: z.array(personSchema) }) },
      },
    },
    async (req) => {
      const { db, scope } = ctxOf(req);
      const org = await organisationRepository.get(db, scope, req.params.id);
      if (!org) throw notFound();
      const people = await organisationRepository.people(db, scope, org.id);
      return { ...presentOrganisation(org), people: people.map(presentPerson) };
    },
  );
};
