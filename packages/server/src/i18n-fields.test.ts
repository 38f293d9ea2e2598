import { fieldLabel, type Lang } from '@smartcity/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';

// An error message names the field it is about (`{field}：类型不正确`). Every field a client can send (body, query, path,
// header) must read as a label in both languages, never as its code name: the list of fields is the OpenAPI document's,
// not the catalogs'.

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema | Schema[];
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
}
interface Operation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

let env: TestEnv;
let doc: OpenApi;
beforeAll(async () => {
  env = await createTestEnv({ demo: false });
  doc = (await env.anonymous().get('/api/openapi.json')).json();
});
afterAll(() => env?.close());

/** Every property path a schema admits, at every depth, as an error would name it (array items as `.0`). */
function propertyPaths(schema: Schema | undefined, prefix: string, out: Map<string, string>, seen = new Set<Schema>()) {
  if (!schema || seen.has(schema)) return;
  seen.add(schema);
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    propertyPaths(doc.components?.schemas?.[name], prefix, out, seen);
  }
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.set(path, name);
    propertyPaths(sub, path, out, new Set(seen));
  }
  const items = Array.isArray(schema.items) ? schema.items : schema.items ? [schema.items] : [];
  for (const sub of items) propertyPaths(sub, prefix ? `${prefix}.0` : '0', out, new Set(seen));
  // a record's keys are data (years, ids), but its values' properties are fields
  if (typeof schema.additionalProperties === 'object') propertyPaths(schema.additionalProperties, prefix, out, new Set(seen));
  for (const sub of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])])
    propertyPaths(sub, prefix, out, new Set(seen));
}

/** path → the operations that accept it, for a readable failure. */
function fieldsOfEveryRoute(): Map<string, { name: string; where: Set<string> }> {
  const all = new Map<string, { name: string; where: Set<string> }>();
  for (const [route, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const found = new Map<string, string>();
      for (const p of op.parameters ?? [])
        if (p.in === 'query' || p.in === 'path' || p.in === 'header') {
          found.set(p.name, p.name);
          propertyPaths(p.schema, p.name, found);
        }
      for (const media of Object.values(op.requestBody?.content ?? {})) propertyPaths(media.schema, '', found);
      for (const [path, name] of found) {
        const entry = all.get(path) ?? { name, where: new Set<string>() };
        entry.where.add(`${method.toUpperCase()} ${route}`);
        all.set(path, entry);
      }
    }
  return all;
}

describe('field labels', () => {
  it('the OpenAPI document has fields to check (the walk reaches bodies, queries, path parameters and nested parts)', () => {
    const fields = fieldsOfEveryRoute();
    // one of each kind, known from the API: a path parameter, a query parameter, a body field, a nested body field
    for (const path of ['id', 'pageSize', 'reason', 'parts.indicators', 'projects.0.name']) expect(fields.has(path), path).toBe(true);
  });

  it.each<Lang>(['zh-CN', 'en'])('every field of every route has a label in %s', (lang) => {
    const unlabelled = [...fieldsOfEveryRoute()]
      .filter(([path, { name }]) => {
        const label = fieldLabel(lang, path);
        return label === path || label === name || (lang === 'zh-CN' && !/\p{Script=Han}/u.test(label));
      })
      .map(([path, { where }]) => `${path} (${[...where][0]}${where.size > 1 ? ` and ${where.size - 1} more` : ''})`);
    expect(unlabelled).toEqual([]);
  });
});
