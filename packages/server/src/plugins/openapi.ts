import { errorSchema } from '@smartcity/domain';
import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccessRule } from '../types.js';

type JsonObject = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `patch /api/task-books/:id/sections/:n` → `patchTaskBooksByIdSectionsByN`: stable, unique, readable in generated clients. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '')
    .split('/')
    .flatMap((seg) => (seg.startsWith(':') ? ['by', seg.slice(1)] : seg.split(/[-.]/)))
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** Adds a header parameter to the route's JSON-schema headers object. */
function withHeader(headers: JsonObject | undefined, name: string, description: string): JsonObject {
  const h: JsonObject = headers ?? { type: 'object', properties: {} };
  return {
    ...h,
    properties: { ...h.properties, [name]: { type: 'string', description } },
    required: [...new Set([...(h.required ?? []), name])],
  };
}

/**
 * The document says what the server enforces, for every operation: an id, a description, the error shape for every
 * 4xx, the session cookie unless public, the CSRF header on changes, If-Match where a save needs it (route config
 * `ifMatch`), and the multipart body of the uploads.
 */
export const openapiTransform: SwaggerTransform = (input) => {
  const out = jsonSchemaTransform(input as never) as { schema: Record<string, unknown>; url: string };
  const schema = { ...out.schema } as Record<string, unknown> & { headers?: JsonObject; response?: Record<string, unknown> };
  if (schema.hide) return out;
  const route = input.route;
  const method = [route.method].flat()[0]!;
  const rule = route.config?.access as AccessRule | undefined;
  const isPublic = !rule || 'public' in rule;
  schema.operationId = operationIdOf(method, input.url);
  schema.description ??= (schema.summary as string | undefined) ?? schema.operationId;
  schema.response = { ...schema.response, '4XX': { description: '错误 Error', content: { 'application/json': { schema: ERROR_REF } } } };
  if (!isPublic) {
    schema.security = [{ session: [] }];
    if (MUTATING.has(method)) schema.headers = withHeader(schema.headers, 'x-csrf-token', 'CSRF token from GET /api/session');
  }
  if ((route.config as { ifMatch?: boolean } | undefined)?.ifMatch)
    schema.headers = withHeader(schema.headers, 'if-match', 'the version read (ETag); a stale one is refused with 409');
  const download = (route.config as { download?: string | string[] } | undefined)?.download;
  if (download)
    schema.response['200'] = {
      description: '文件 File',
      content: Object.fromEntries([download].flat().map((media) => [media, { schema: { type: 'string', format: 'binary' } }])),
    };
  if ((schema.consumes as string[] | undefined)?.includes('multipart/form-data'))
    schema.body = { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] };
  return { ...out, schema };
};

/** The shared schemas: the error shape every 4xx refers to, and the registered (recursive) ones such as IndicatorNode. */
export const openapiTransformObject: typeof jsonSchemaTransformObject = (input) => {
  const doc = jsonSchemaTransformObject(input) as { components?: { schemas?: Record<string, unknown> } };
  return {
    ...doc,
    components: {
      ...doc.components,
      schemas: { ...doc.components?.schemas, Error: z.toJSONSchema(errorSchema, { target: 'openapi-3.0' }) },
    },
  } as ReturnType<typeof jsonSchemaTransformObject>;
};
