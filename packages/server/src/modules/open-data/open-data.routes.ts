import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../lib/errors.js';
import { MEDIA, sendSheet } from '../../shared/export.js';
import { cellOf } from '../platform/records.service.js';
import { ACTIONS, CkanError, openRecords, type DataDict } from './ckan.service.js';

/*
 * 开放数据: the CKAN Action API at /api/3/action/<action> and /api/action/<action> (GET with query parameters for
 * every action here, as all are free of side effects; POST with a JSON body), and each open dataset's download. The
 * API answers in CKAN's envelope and error objects, not ours (docs/open-data.md), so it is outside our OpenAPI.
 */

const base = (req: FastifyRequest) => `${req.protocol}://${req.host}`;
const help = (req: FastifyRequest, action: string) => `${base(req)}/api/3/action/help_show?name=${encodeURIComponent(action)}`;

/** CKAN's answer to a request it cannot read: 400 with a JSON string, not the envelope. */
const badRequest = (reply: FastifyReply, message: string) =>
  reply
    .code(400)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(`Bad request: ${message}`));

export const openDataRoutes: FastifyPluginAsyncZod = async (app) => {
  const rateLimit = { max: app.config.dataRateLimit, timeWindow: '1 minute', hook: 'preHandler' as const };

  // a body CKAN could not decode is its "JSON Error"; everything else is answered as on every other route
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.code?.startsWith('FST_ERR_CTP_') || (err.statusCode === 400 && err instanceof SyntaxError))
      return badRequest(reply, `JSON Error: ${err.message}`);
    throw err;
  });

  const answer = async (req: FastifyRequest<{ Params: { action: string } }>, reply: FastifyReply, data: unknown) => {
    const name = req.params.action;
    const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
    if (!action) {
      // datastore_search_sql is not offered: CKAN answers so when its SQL search is switched off
      const hint = name === 'datastore_search_sql' ? ' (SQL search is not offered here: use datastore_search)' : '';
      return badRequest(reply, `Action name not known: ${name}${hint}`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data))
      return badRequest(reply, `JSON Error: Request data JSON decoded to ${JSON.stringify(data)} but it needs to be a dictionary.`);
    const { callback: _callback, ...dict } = data as DataDict;
    try {
      const result = await action.run(app.db, dict, base(req));
      return reply.type('application/json; charset=utf-8').send({ help: help(req, name), success: true, result });
    } catch (err) {
      if (!(err instanceof CkanError)) throw err;
      return reply
        .code(err.status)
        .type('application/json; charset=utf-8')
        .send({ help: help(req, name), success: false, error: err.error });
    }
  };

  const schema = { hide: true, params: z.object({ action: z.string().max(100) }) };
  for (const prefix of ['/api/3/action', '/api/action']) {
    app.get(`${prefix}/:action`, { config: { access: { public: true }, rateLimit }, schema }, (req, reply) =>
      answer(req, reply, req.query ?? {}),
    );
    app.post(`${prefix}/:action`, { config: { access: { public: true }, rateLimit }, schema }, (req, reply) =>
      answer(req, reply, req.body ?? {}),
    );
  }

  app.get(
    '/api/public/open-data/:id/records',
    {
      config: { access: { public: true, resource: 'resource' }, rateLimit, download: [MEDIA.csv, MEDIA.xlsx, 'application/json'] },
      schema: {
        tags: ['public'],
        summary: '下载开放数据（CSV、XLSX、JSON；个人信息脱敏）Download an open dataset',
        params: z.object({ id: z.uuid() }),
        querystring: z.strictObject({ format: z.enum(['csv', 'xlsx', 'json']).default('csv') }),
      },
    },
    async (req, reply) => {
      const found = await openRecords(app.db, req.params.id);
      if (!found) throw new AppError(404, 'not_found', 'id');
      const { dataset, rows } = found;
      const { format } = req.query;
      const filename = `${dataset.code.replaceAll('/', '_')}.${format}`;
      if (format === 'json') {
        // a JSON array written as the rows come, like the sheets: memory does not grow with the dataset
        async function* json() {
          let sep = '[';
          for await (const row of rows) {
            yield sep + JSON.stringify(row);
            sep = ',';
          }
          yield sep === '[' ? '[]' : ']';
        }
        return reply
          .type('application/json; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .send(Readable.from(json()));
      }
      const headers = dataset.fields.map((f) => f.name);
      async function* cells() {
        for await (const row of rows) yield headers.map((h) => cellOf(row[h]));
      }
      const sheet = { name: 'records', title: null, headers, widths: headers.map(() => 16) };
      return sendSheet(reply, format, filename, sheet, cells(), req.log);
    },
  );
};
