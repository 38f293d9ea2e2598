import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/harness.js';

let env: TestEnv;
let doc: Record<string, unknown> & { paths: Record<string, Record<string, Operation>> };
beforeAll(async () => {
  env = await createTestEnv({ demo: false });
  doc = (await env.anonymous().get('/api/openapi.json')).json();
});
afterAll(() => env?.close());

interface Operation {
  operationId?: string;
  description?: string;
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, unknown>;
}
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
// reviewed: what anyone may call without signing in (signing in, registering, the public portal and its provinces)
const PUBLIC =
  /^(post \/api\/session|get \/api\/provinces|post \/api\/applicants|post \/api\/password-resets(\/redemption)?)$|^get \/api\/public\//;

describe('the OpenAPI document', () => {
  it('validates with a maintained OpenAPI validator', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('names and describes every operation, with its error responses, its security and the headers it requires', () => {
    const ids = new Set<string>();
    for (const { method, path, op } of operations()) {
      const where = `${method} ${path}`;
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(ids.has(op.operationId!), `${where}: duplicate operationId`).toBe(false);
      ids.add(op.operationId!);
      expect(op.description, where).toBeTruthy();
      expect(
        Object.keys(op.responses).some((code) => /^4/.test(code)),
        `${where}: no 4xx response`,
      ).toBe(true);
      if (PUBLIC.test(where)) continue;
      expect(op.security, where).toEqual([{ session: [] }]);
      if (method !== 'get') expect(op.parameters?.find((p) => p.in === 'header' && p.name === 'x-csrf-token')?.required, where).toBe(true);
    }
    // the section and the other versioned saves require If-Match; the uploads take a multipart body
    expect(doc.paths['/api/task-books/{id}/sections/{n}']!.patch!.parameters?.find((p) => p.name === 'if-match')?.required).toBe(true);
    expect(Object.keys(doc.paths['/api/task-books/{id}/attachments']!.post!.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
  });
});
