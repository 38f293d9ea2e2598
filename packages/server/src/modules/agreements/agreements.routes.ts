import { historyRoute } from '../audit/history.js';
import { loadAgreement } from './agreements.service.js';
import { confirmPassword } from '../session/session.service.js';
import { RULES } from '../../tenancy/abilities.js';
import {
  agreementContentSchema,
  agreementListQuery,
  divisionCode,
  idParam,
  signatureRequestSchema,
  verificationSchema,
  agreementLifecycle,
  transitionRequestOf,
  agreementSchema,
  agreementSummarySchema,
  signatureEvidenceSchema,
} from '@smartcity/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../context.js';
import { documentRoutes } from '../../shared/downloads.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import {
  agreementDocument,
  createAgreement,
  getAgreement,
  listAgreements,
  signAgreement,
  transitionAgreement,
  updateAgreement,
  verifyAgreement,
  agreementSignatureEvidence,
} from './agreements.service.js';
import { transitionRoute } from '../../lifecycle/transition-route.js';
import { agreementExport } from './agreements.export.js';
import { exportRoutes } from '../../shared/export.js';

const tags = ['agreements'];
// the Ministry, the provincial government that is party to it, and that province's department (read)
const readers = ['ministry', 'provincialGovernment', 'province'] as const;
const inScope = { tiers: readers, resource: 'agreement' } as const;

export const agreementRoutes: FastifyPluginAsyncZod = async (app) => {
  historyRoute(app, {
    base: '/api/agreements',
    access: inScope,
    types: ['agreement'],
    tags,
    load: (ctx, id) => loadAgreement(ctx, ctx.db, id),
  });

  app.post(
    '/api/agreements',
    {
      config: { access: RULES.ministryAdmin },
      schema: {
        tags,
        summary: '起草共同推进智慧城市创建协议 Draft a co-promotion agreement',
        body: z.strictObject({ provinceCode: divisionCode, content: agreementContentSchema }),
        response: { 201: agreementSchema },
      },
    },
    async (req, reply) => reply.code(201).send(await createAgreement(ctxOf(req), req.body)),
  );

  app.get(
    '/api/agreements',
    {
      config: { access: { tiers: readers } },
      schema: {
        tags,
        summary: '协议列表（按权限范围）Agreements in scope',
        querystring: agreementListQuery,
        response: { 200: z.object({ items: z.array(agreementSummarySchema) }) },
      },
    },
    async (req) => listAgreements(ctxOf(req), req.query),
  );

  exportRoutes(app, agreementExport({ tiers: readers }));

  app.get(
    '/api/agreements/:id',
    { config: { access: inScope }, schema: { tags, summary: '协议 Agreement', params: idParam, response: { 200: agreementSchema } } },
    async (req, reply) => {
      const agreement = await getAgreement(ctxOf(req), req.params.id);
      setEtag(reply, agreement.version);
      return agreement;
    },
  );

  app.patch(
    '/api/agreements/:id',
    {
      config: { ifMatch: true, access: { tiers: ['ministry'], roles: ['editor', 'admin'], resource: 'agreement' } },
      schema: {
        tags,
        summary: '修改协议文本（起草中，需 If-Match）Edit the text',
        params: idParam,
        body: z.strictObject({ content: agreementContentSchema }),
        response: { 200: agreementSchema },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const version = await updateAgreement(ctx, req.params.id, ifMatchVersion(req), req.body.content);
      setEtag(reply, version);
      return getAgreement(ctx, req.params.id);
    },
  );

  transitionRoute(app, {
    base: '/api/agreements',
    lifecycle: agreementLifecycle,
    resource: 'agreement',
    tags,
    summary: '流转：定稿提交签署 Freeze for signing',
    body: transitionRequestOf(agreementLifecycle),
    response: agreementSchema,
    fire: (ctx, id, body) => transitionAgreement(ctx, id, body.action),
    present: (ctx, id) => getAgreement(ctx, id),
  });

  app.post(
    '/api/agreements/:id/signatures',
    {
      config: { access: { tiers: ['ministry', 'provincialGovernment'], roles: ['signatory'], resource: 'agreement' } },
      schema: {
        tags,
        summary: '签署（SM3 摘要 + SM2 签名）Sign',
        params: idParam,
        body: signatureRequestSchema,
        response: { 200: agreementSchema },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await confirmPassword(app, ctx.actor, req.body.password, req.ip);
      await signAgreement(ctx, app.masterKey, req.params.id);
      return getAgreement(ctx, req.params.id);
    },
  );

  app.get(
    '/api/agreements/:id/verify',
    {
      config: { access: inScope },
      schema: { tags, summary: '校验摘要与签名 Verify', params: idParam, response: { 200: verificationSchema } },
    },
    async (req) => verifyAgreement(ctxOf(req), req.params.id),
  );

  app.get(
    '/api/agreements/:id/signature-evidence',
    {
      config: { access: inScope },
      schema: {
        tags,
        summary: '签名验证材料（签名原文、DER 签名、PEM 公钥，可用 OpenSSL 3 独立验证）Signature evidence',
        params: idParam,
        response: { 200: signatureEvidenceSchema },
      },
    },
    async (req) => agreementSignatureEvidence(ctxOf(req), req.params.id),
  );

  // the two parties' signature block
  documentRoutes(app, {
    base: '/api/agreements/:id',
    resource: 'agreement',
    tags,
    label: '协议',
    load: (ctx, id) => agreementDocument(ctx, id, app.config.publicUrl),
    filename: (doc) => `共同推进智慧城市创建协议-${doc.governmentName}`,
    renderers: { docx: 'agreementDocx', pdf: 'agreementPdf' },
  });
};
