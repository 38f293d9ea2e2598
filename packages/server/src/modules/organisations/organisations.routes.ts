import { idParam, keyRotationSchema, organisationListQuery, organisationSchema, personSchema, publishedKeySchema } from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { notFound } from '../../lib/errors.js';
import { publishedKeys, rotateKey } from '../../signing/key-registry.js';
import { RULES } from '../../tenancy/abilities.js';
import { organisationRepository } from './organisations.repository.js';
import { listOrganisations } from './organisations.service.js';
import { exportRoutes } from '../../shared/export.js';
import { organisationExport } from './organisations.export.js';
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
    async (req) => listOrganisations(ctxOf(req), req.query),
  );

  exportRoutes(app, organisationExport);

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
      const org = await organisationRepository.withPeople(db, scope, req.params.id);
      if (!org) throw notFound();
      return { ...presentOrganisation(org), people: org.people.map(presentPerson) };
    },
  );

  app.get(
    '/api/public/keys',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['public'],
        summary: '各机构 SM2 公钥及其指纹 Published keys, fingerprints and pins',
        response: { 200: z.object({ items: z.array(publishedKeySchema) }) },
      },
    },
    async () => ({
      items: (await publishedKeys(app.db)).map((k) => ({
        ...k,
        createdAt: k.createdAt.toISOString(),
        retiredAt: k.retiredAt?.toISOString() ?? null,
      })),
    }),
  );

  app.post(
    '/api/organisation-keys/rotation',
    {
      config: { access: RULES.rotateOwnKey },
      schema: {
        tags: ['organisations'],
        summary: '更换本机构签名密钥 Rotate the organisation’s signing key',
        response: { 200: keyRotationSchema },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      return ctx.db.transaction((tx) => rotateKey(tx, app.masterKey, ctx.actor, ctx.clock));
    },
  );
};
