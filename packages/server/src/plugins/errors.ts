import { errorMessage, MESSAGES, pickLang, type ImportProblem } from '@smartcity/domain';
import { ZodError } from 'zod';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';

interface Body {
  status: number;
  code: string;
  field?: string | undefined;
  vars?: Record<string, string>;
  rows?: { index: number; code: string }[] | undefined;
  problems?: ImportProblem[] | undefined;
}

// Fastify's own client errors, by code.
const FASTIFY_CODES: Record<string, Body> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', field: 'body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', field: 'body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', field: 'body' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', field: 'content-type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'malformed_json', field: 'body' },
  FST_CSRF_INVALID_TOKEN: { status: 403, code: 'csrf', field: 'x-csrf-token' },
  FST_CSRF_MISSING_SECRET: { status: 403, code: 'csrf', field: 'x-csrf-token' },
  FST_ERR_BAD_URL: { status: 400, code: 'invalid_format', field: 'url' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'too_big', field: 'url' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'body_too_large', field: 'file' },
  FST_FILES_LIMIT: { status: 413, code: 'body_too_large', field: 'file' },
  FST_PARTS_LIMIT: { status: 413, code: 'body_too_large', field: 'file' },
  FST_FIELDS_LIMIT: { status: 400, code: 'unrecognized_keys', field: 'body' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'unsupported_media_type', field: 'content-type' },
};

// PostgreSQL errors that can only come from input we failed to catch earlier: still the client's, never a 500.
const PG_CODES: Record<string, Body> = {
  '23505': { status: 409, code: 'conflict' },
  '22P02': { status: 400, code: 'invalid_format', field: 'body' },
  '22001': { status: 400, code: 'too_big', field: 'body' },
  '22021': { status: 400, code: 'control_chars', field: 'body' },
};

// Refinements name their own error code in the message (e.g. funding_sum); other issues use zod's code.
const issueCode = (zodCode: string, message: string) => (message in MESSAGES['zh-CN'].errors ? message : zodCode);
const fieldOf = (path: string, keys: string[] | undefined, fallback: string) =>
  (keys?.[0] ? [path, keys[0]].filter(Boolean).join('.') : path) || fallback;

function classify(err: FastifyError & { validationContext?: string }): Body | null {
  if (err instanceof AppError) return { status: err.status, code: err.code, field: err.field, vars: err.vars, ...err.details };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const [issue] = err.validation;
    const keys = (issue?.params as { keys?: string[] } | undefined)?.keys;
    const path = issue?.instancePath.replace(/^\//, '').replace(/\//g, '.') ?? '';
    return {
      status: 400,
      code: issueCode(issue?.keyword ?? 'validation', issue?.message ?? ''),
      field: fieldOf(path, keys, err.validationContext || 'body'),
    };
  }
  // a service validating a body whose shape depends on the route (a task-book section)
  if (err instanceof ZodError) {
    const [issue] = err.issues;
    const keys = issue && 'keys' in issue ? (issue.keys as string[]) : undefined;
    return {
      status: 400,
      code: issueCode(issue?.code ?? 'validation', issue?.message ?? ''),
      field: fieldOf(issue?.path.join('.') ?? '', keys, 'body'),
    };
  }
  if (err.code && FASTIFY_CODES[err.code]) return FASTIFY_CODES[err.code]!;
  if (err.statusCode === 429) return { status: 429, code: 'rate_limited' };
  // Drizzle wraps driver errors; the PostgreSQL code sits on the cause
  const pgCode = (err.cause as { code?: string } | undefined)?.code ?? err.code;
  if (pgCode && PG_CODES[pgCode]) return PG_CODES[pgCode]!;
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return { status: err.statusCode, code: 'validation' };
  return null;
}

export function sendError(req: FastifyRequest, reply: FastifyReply, body: Body) {
  const lang = pickLang(req.headers['accept-language']);
  const message = errorMessage(lang, body.code, { field: body.field ?? '', ...body.vars });
  const rows = body.rows?.map((r) => ({ ...r, message: (MESSAGES[lang].rowRefusal as Record<string, string>)[r.code] ?? r.code }));
  return reply
    .code(body.status)
    .type('application/json; charset=utf-8')
    .send({
      error: {
        code: body.code,
        message,
        ...(body.field ? { field: body.field } : {}),
        ...(rows ? { rows } : {}),
        ...(body.problems ? { problems: body.problems } : {}),
      },
    });
}

function handle(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const body = classify(err);
  if (body) return sendError(req, reply, body);
  req.log.error({ err }, 'unhandled error');
  return sendError(req, reply, { status: 500, code: 'internal' });
}

/** Errors the router raises before any hook runs (bad URL encoding, over-long parameters). */
export const frameworkErrors = handle;

/** One mapping from anything thrown to `{error: {code, message, field?}}`, in the client's language. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(handle);
});
