import { batchImportQuery, batchImportResultSchema, idParam, IMPORT_LIMITS, importResultSchema, MESSAGES } from '@smartcity/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf, type Ctx } from '../../context.js';
import { ifMatchVersion, setEtag } from '../../lib/etag.js';
import { sendDownload } from '../../shared/downloads.js';
import { readFile } from '../../shared/file-routes.js';
import { RULES } from '../../tenancy/abilities.js';
import { annualReportTemplate, importAnnualReport } from './annual-report.import.js';
import { batchPilotsTemplate, importBatchPilots } from './batch-pilots.import.js';
import { importTaskBookSection, taskBookTemplate } from './task-book.import.js';

/*
 * Excel in (issue 11): for each importable record a template to download and an upload that writes through the
 * record's own save. Uploads are capped at IMPORT_LIMITS.uploadBytes (413) and read only after the access check.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const upload = { consumes: ['multipart/form-data'] };
const sectionParams = z.strictObject({
  id: z.uuid(),
  n: z.coerce
    .number()
    .int()
    .pipe(z.union([z.literal(2), z.literal(3)])),
});
const yearParam = z.strictObject({ year: z.coerce.number().int().min(2012).max(2100) });

const sendXlsx = (reply: FastifyReply, filename: string, body: Buffer) =>
  sendDownload(reply, { mediaType: XLSX, filename: `${filename}.xlsx`, body });

/** An import that is a save: If-Match read first, the file after the access check, the new version as the ETag. */
async function saveFromFile(
  req: FastifyRequest,
  reply: FastifyReply,
  save: (ctx: Ctx, ifMatch: number, data: Buffer) => Promise<{ version: number; rows: number }>,
) {
  const ctx = ctxOf(req);
  const ifMatch = ifMatchVersion(req);
  const file = await readFile(req, IMPORT_LIMITS.uploadBytes)();
  const result = await save(ctx, ifMatch, file.data);
  setEtag(reply, result.version);
  return result;
}

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/task-books/:id/sections/:n/template.xlsx',
    {
      config: { access: { tiers: 'all', resource: 'taskBook' } },
      schema: {
        tags: ['task-books'],
        summary: '导入模板：二 重点项目 / 三 考核指标 Import template of section 2 or 3',
        params: sectionParams,
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const sheets = MESSAGES[ctx.lang].imports.sheets;
      return sendXlsx(
        reply,
        req.params.n === 2 ? sheets.projects : sheets.indicators,
        await taskBookTemplate(ctx, req.params.id, req.params.n),
      );
    },
  );

  app.post(
    '/api/task-books/:id/sections/:n/import',
    {
      config: { ifMatch: true, access: { ...RULES.pilotEditor, resource: 'taskBook' } },
      schema: {
        tags: ['task-books'],
        summary: '从 Excel 导入二 重点项目或三 考核指标（替换本节列表；需 If-Match）Import section 2 or 3 from .xlsx',
        ...upload,
        params: sectionParams,
        response: { 200: importResultSchema },
      },
    },
    async (req, reply) =>
      saveFromFile(req, reply, (ctx, ifMatch, data) => importTaskBookSection(ctx, req.params.id, req.params.n, ifMatch, data)),
  );

  app.get(
    '/api/annual-reports/:id/template.xlsx',
    {
      config: { access: { tiers: 'all', resource: 'annualReport' } },
      schema: { tags: ['annual-reports'], summary: '导入模板：指标实际值与项目进展 Import template', params: idParam },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      return sendXlsx(reply, MESSAGES[ctx.lang].imports.sheets.reportIndicators, await annualReportTemplate(ctx, req.params.id));
    },
  );

  app.post(
    '/api/annual-reports/:id/import',
    {
      config: { ifMatch: true, access: { tiers: ['pilot'], roles: ['editor', 'admin'], resource: 'annualReport' } },
      schema: {
        tags: ['annual-reports'],
        summary: '从 Excel 导入指标实际值与项目进展（需 If-Match，仅编制中）Import actuals and progress from .xlsx',
        ...upload,
        params: idParam,
        response: { 200: importResultSchema },
      },
    },
    async (req, reply) => saveFromFile(req, reply, (ctx, ifMatch, data) => importAnnualReport(ctx, req.params.id, ifMatch, data)),
  );

  app.get(
    '/api/batches/:year/pilots/template.xlsx',
    {
      config: { access: RULES.ministryAdmin },
      schema: { tags: ['batches'], summary: '导入模板：新批次试点名单 Import template of a batch’s pilots', params: yearParam },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      return sendXlsx(
        reply,
        `${MESSAGES[ctx.lang].imports.sheets.pilots}-${req.params.year}`,
        await batchPilotsTemplate(ctx, req.params.year),
      );
    },
  );

  app.post(
    '/api/batches/:year/pilots/import',
    {
      config: { access: RULES.ministryAdmin },
      schema: {
        tags: ['batches'],
        summary: '从 Excel 导入新批次试点：commit=false 预览（不写入），commit=true 写入 Import a batch’s pilots (preview, then commit)',
        ...upload,
        params: yearParam,
        querystring: batchImportQuery,
        response: { 200: batchImportResultSchema },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const data = await readFile(req, IMPORT_LIMITS.uploadBytes)();
      return importBatchPilots(ctx, req.params.year, data.data, req.query.commit === 'true');
    },
  );
};
