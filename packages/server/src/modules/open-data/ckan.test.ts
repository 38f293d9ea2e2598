import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';

/*
 * The CKAN Action API, checked against the examples of CKAN's own documentation (fixtures/ckan-docs.json, copied
 * from CKAN's docs and reviewed — not from this code): the envelope, the error objects and statuses, the documented
 * parameters, defaults and result keys, and the documentation's example queries run on data made to answer them.
 */

const docs = JSON.parse(readFileSync(new URL('./fixtures/ckan-docs.json', import.meta.url), 'utf8'));

let env: TestEnv;
let anon: Agent;
beforeAll(async () => {
  env = await createTestEnv();
  anon = env.anonymous();
});
afterAll(() => env?.close());

const RESOURCE = {
  summary: '测试用开放数据。',
  format: '结构化数据',
  updateCycle: 'monthly',
  sharingClass: 'unconditional',
  sharingMethod: 'api',
};
/** the datastore documentation's filter examples name these fields: family_name, given_name, paint */
const PAINT = {
  ...RESOURCE,
  classification: '2-07-009-001',
  name: '机动车涂装颜色备案（测试）',
  themes: ['交通'],
  openData: true,
  fields: [
    { name: 'plate', label: '号牌号码', type: 'string', key: true, required: true },
    { name: 'family_name', label: '姓', type: 'string' },
    { name: 'given_name', label: '名', type: 'string' },
    // indexed: their filters and sorts go through the index columns, as the platform's own queries do
    { name: 'paint', label: '颜色', type: 'string', indexed: true },
    { name: 'year', label: '年份', type: 'integer', indexed: true },
    { name: 'owner_phone', label: '车主电话', type: 'string', personal: true },
  ],
};
const PAINT_CSV = [
  'plate,family_name,given_name,paint,year,owner_phone',
  'A1,Romano,Do-Yun,Black,2019,13812345678',
  'A2,Romano,Marco,Green,2020,13900001111',
  'A3,Kim,Do-Yun,Red,2018,13700002222',
  'A4,Rossi,Luca,Grey,2021,13600003333',
  'A5,Chen,Wei,White,2022,13500004444',
].join('\n');
/** the package_search examples: q=flood, fq=tags:economy */
const FLOOD = {
  ...RESOURCE,
  classification: '2-03-009-001',
  name: '易涝点分布（flooding risk）',
  themes: ['economy', '防汛'],
  openData: true,
  fields: [{ name: 'spot', label: '易涝点编号', type: 'string', key: true }],
};

async function publish(agent: Agent, body: object, csv?: string) {
  const made = await agent.post('/api/platform/resources', body);
  expect(made.statusCode, made.body).toBe(201);
  const r = made.json();
  if (csv) {
    const pub = await agent.post(`/api/platform/resources/${r.id}/transitions`, { action: 'publish' });
    expect(pub.statusCode, pub.body).toBe(200);
    const load = await agent.upload(`/api/platform/resources/${r.id}/loads`, 'data.csv', Buffer.from(csv));
    expect(load.json().status, load.body).toBe('done');
  }
  return r as { id: string; code: string };
}
/** A dataset's CKAN name as docs/open-data.md states it: the resource code, lowercased, '/' as '_'. */
const nameOf = (code: string) => code.toLowerCase().replaceAll('/', '_');

const call = async (action: string, params: Record<string, string> = {}, prefix = '/api/3/action') => {
  const res = await anon.get(`${prefix}/${action}?${new URLSearchParams(params)}`);
  return { status: res.statusCode, body: res.json() };
};
const post = async (action: string, body: unknown) => {
  const res = await env.app.inject({ method: 'POST', url: `/api/3/action/${action}`, payload: body as object });
  return { status: res.statusCode, body: res.json() };
};

describe('open data through the CKAN Action API', () => {
  let paint: { id: string; code: string };
  let flood: { id: string; code: string };
  let hidden: string[];

  beforeAll(async () => {
    const scjgj = await env.as('wuxi-scjgj.editor');
    const rsj = await env.as('wuxi-rsj.editor');
    paint = await publish(scjgj, PAINT, PAINT_CSV);
    flood = await publish(rsj, FLOOD, 'spot\nS1\nS2');
    // never public: shared but not opened, conditional, and an open draft
    hidden = [
      (await publish(scjgj, { ...PAINT, classification: '2-07-009-002', openData: false }, 'plate\nB1')).id,
      (
        await publish(
          scjgj,
          { ...PAINT, classification: '2-07-009-003', openData: false, sharingClass: 'conditional', condition: '仅用于测试' },
          'plate\nC1',
        )
      ).id,
      (await publish(scjgj, { ...PAINT, classification: '2-07-009-004' })).id,
    ];
  });

  it('answers in the documented envelope, its help a link that resolves, and each list action with its documented type', async () => {
    const doc = docs.envelope;
    const res = await call('group_list');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(doc.response).sort());
    expect(res.body.success).toBe(true);
    expect(res.body.help).toMatch(/^http:\/\/[^/]+\/api\/3\/action\/help_show\?name=group_list$/);
    const help = await anon.get(new URL(res.body.help).pathname + new URL(res.body.help).search);
    expect(help.json()).toMatchObject({ success: true, result: expect.any(String) });
    for (const [action, rtype] of Object.entries(docs.rtypes) as [string, string][]) {
      if (action === 'source') continue;
      const r = (await call(action)).body.result;
      if (rtype === 'list of strings') {
        expect(Array.isArray(r), action).toBe(true);
        expect(r.length, action).toBeGreaterThan(0);
        for (const x of r) expect(typeof x, action).toBe('string');
      } else expect(typeof r, action).toBe('object');
    }
  });

  it('lists exactly the open datasets: published, unconditionally shared, flagged open', async () => {
    const names = (await call('package_list')).body.result;
    expect(names).toEqual([nameOf(flood.code), nameOf(paint.code)].sort());
    for (const id of hidden) {
      expect((await call('package_show', { id })).status).toBe(404);
      expect((await call('datastore_search', { resource_id: id })).status).toBe(404);
    }
  });

  it('shows a dataset by name or id, with its organization, groups, tags and one datastore resource; errors as documented', async () => {
    const byName = (await call('package_show', { id: nameOf(paint.code) })).body.result;
    const byId = (await call('package_show', { id: paint.id })).body.result;
    expect(byId).toEqual(byName);
    expect(byName).toMatchObject({
      id: paint.id,
      name: nameOf(paint.code),
      title: PAINT.name,
      organization: { name: 'wuxi-scjgj', title: '无锡市市场监督管理局', is_organization: true },
      tags: [{ name: '交通' }],
      groups: [{ title: '交通', name: expect.stringMatching(/^[a-z0-9_-]{2,100}$/) }],
      num_resources: 1,
    });
    expect(byName.resources).toHaveLength(1);
    expect(byName.resources[0]).toMatchObject({ id: paint.id, package_id: paint.id, datastore_active: true, format: 'CSV' });
    const missing = await call('package_show', { id: 'no-such-dataset' });
    expect(missing.status).toBe(docs.statuses['Not Found Error']);
    expect(Object.keys(missing.body).sort()).toEqual(Object.keys(docs.error.response).sort());
    expect(missing.body).toMatchObject({ success: false, error: { __type: 'Not Found Error', message: expect.any(String) } });
    const noId = await call('package_show');
    expect(noId.status).toBe(docs.statuses['Validation Error']);
    expect(noId.body.error).toEqual({ name_or_id: ['Missing value'], __type: 'Validation Error' });
  });

  it('runs the documented package_search examples: q=flood, fq=tags:economy, the top tags', async () => {
    const [q, fq, top] = docs.package_search.examples.map((e: { params: Record<string, string> }) => e.params);
    const flooded = (await call('package_search', q)).body.result;
    expect(flooded.count).toBe(1);
    expect(flooded.results[0].name).toBe(nameOf(flood.code));
    const economy = (await call('package_search', fq)).body.result;
    expect(economy.results.map((p: { name: string }) => p.name)).toEqual([nameOf(flood.code)]);
    const tags = (await call('package_search', top)).body.result;
    expect(tags.count).toBe(2);
    expect(tags.results).toEqual([]);
    const items = tags.search_facets.tags.items;
    expect(items.length).toBeLessThanOrEqual(10);
    for (const item of items)
      expect(Object.keys(item).sort()).toEqual(Object.keys(docs.package_search.result.search_facets.tags.items[0]).sort());
    expect(items.map((i: { name: string }) => i.name).sort()).toEqual(['economy', '交通', '防汛'].sort());
    // the documented result keys
    for (const key of Object.keys(docs.package_search.result)) expect(tags).toHaveProperty(key);
  });

  it('pages, sorts and facets by organization and group; a POST with a JSON body answers as the GET', async () => {
    const first = (await call('package_search', { rows: '1', sort: 'name asc' })).body.result;
    const second = (await call('package_search', { rows: '1', start: '1', sort: 'name asc' })).body.result;
    expect([first.count, second.count]).toEqual([2, 2]);
    expect([...first.results, ...second.results].map((p: { name: string }) => p.name)).toEqual(
      [nameOf(flood.code), nameOf(paint.code)].sort(),
    );
    const desc = (await call('package_search', { sort: 'name desc' })).body.result.results.map((p: { name: string }) => p.name);
    expect(desc).toEqual([nameOf(flood.code), nameOf(paint.code)].sort().reverse());
    // the default page is the documented 10 rows
    expect((await call('package_search')).body.result.results).toHaveLength(Math.min(2, docs.package_search.defaults.rows));
    const byOrg = (await call('package_search', { 'facet.field': '["organization","groups"]', fq: 'organization:wuxi-rsj' })).body.result;
    expect(byOrg.count).toBe(1);
    expect(byOrg.search_facets.organization.items).toEqual([{ name: 'wuxi-rsj', display_name: '无锡市人力资源和社会保障局', count: 1 }]);
    const group = byOrg.search_facets.groups.items.find((i: { display_name: string }) => i.display_name === '防汛');
    expect((await call('package_search', { fq: `groups:${group.name}` })).body.result.count).toBe(1);
    const viaPost = await post('package_search', { fq: 'organization:wuxi-rsj', 'facet.field': ['organization', 'groups'] });
    expect(viaPost.body.result).toEqual(byOrg);
  });

  it('refuses what the subset does not support as CKAN refuses a bad parameter: a Validation Error naming it', async () => {
    for (const [param, value] of [
      ['q', 'flood OR drought'],
      ['q', 'name:flo*'],
      ['q', 'metadata_modified:[2020 TO 2021]'],
      ['fq', '-tags:economy'],
      ['fq', 'res_format:CSV'],
      ['sort', 'views_recent desc'],
      ['rows', '-1'],
      ['facet.field', '["license_id"]'],
    ]) {
      const res = await call('package_search', { [param!]: value! });
      expect(res.status, `${param}=${value}`).toBe(409);
      expect(res.body.error.__type).toBe('Validation Error');
      expect(Object.keys(res.body.error)).toContain(param);
    }
    const unknown = await call('package_search', { nonsense: '1' });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.__type).toBe('Search Error');
  });

  it('lists organizations, groups and tags, with all_fields; shows an organization by name', async () => {
    expect((await call('organization_list')).body.result).toEqual(['wuxi-rsj', 'wuxi-scjgj']);
    const all = (await call('organization_list', { all_fields: 'true', sort: 'name desc' })).body.result;
    expect(all.map((o: { name: string; package_count: number }) => [o.name, o.package_count])).toEqual([
      ['wuxi-scjgj', 1],
      ['wuxi-rsj', 1],
    ]);
    const org = (await call('organization_show', { id: 'wuxi-scjgj', include_datasets: 'true' })).body.result;
    expect(org).toMatchObject({ name: 'wuxi-scjgj', package_count: 1, packages: [{ id: paint.id }] });
    expect((await call('organization_show', { id: 'wuxi-gaj' })).status).toBe(404);
    expect((await call('tag_list')).body.result.sort()).toEqual(['economy', '交通', '防汛'].sort());
    expect((await call('tag_list', { query: '防' })).body.result).toEqual(['防汛']);
    const groups = (await call('group_list', { all_fields: 'true' })).body.result;
    expect(groups.map((g: { title: string }) => g.title).sort()).toEqual(['economy', '交通', '防汛'].sort());
  });

  it('datastore_search: the documented defaults and result keys, the documented filter examples, paging, projection, sort', async () => {
    const d = docs.datastore_search;
    const all = (await call('datastore_search', { resource_id: paint.id })).body.result;
    expect(all).toMatchObject({
      limit: d.defaults.limit,
      include_total: d.defaults.include_total,
      records_format: d.defaults.records_format,
      total: 5,
    });
    expect(all.records).toHaveLength(5);
    expect(all.fields.map((f: { id: string }) => f.id)).toEqual(PAINT.fields.map((f) => f.name));
    // personal information is masked for the public: the first 3 and last 4 digits stay
    expect(all.records.find((r: { plate: string }) => r.plate === 'A1').owner_phone).toBe('138****5678');
    const [both, any] = d.filters;
    const romano = (await post('datastore_search', { resource_id: paint.id, filters: both.filters })).body.result;
    for (const key of d.result_keys) expect(romano).toHaveProperty(key);
    expect(romano.records.map((r: { plate: string }) => r.plate)).toEqual(['A1']);
    const painted = (await call('datastore_search', { resource_id: paint.id, filters: JSON.stringify(any.filters) })).body.result;
    expect(painted.records.map((r: { plate: string }) => r.plate)).toEqual(['A1', 'A2', 'A4']);
    const page1 = (await call('datastore_search', { resource_id: paint.id, limit: '2', sort: 'year desc' })).body.result;
    expect(page1.records.map((r: { year: number }) => r.year)).toEqual([2022, 2021]);
    const next = (await anon.get(page1._links.next + '&sort=year%20desc')).json().result;
    expect(next.records.map((r: { year: number }) => r.year)).toEqual([2020, 2019]);
    expect(next.total).toBe(5);
    const projected = (
      await call('datastore_search', { resource_id: paint.id, fields: 'plate,paint', q: 'Do-Yun', include_total: 'false' })
    ).body.result;
    expect(projected.records).toEqual([
      { plate: 'A1', paint: 'Black' },
      { plate: 'A3', paint: 'Red' },
    ]);
    expect(projected).not.toHaveProperty('total');
  });

  it('datastore_search errors: unknown field, wrong type, unknown resource; SQL search refused; unknown action', async () => {
    const unknownField = await call('datastore_search', { resource_id: paint.id, filters: '{"colour":"Black"}' });
    expect([unknownField.status, unknownField.body.error.__type]).toEqual([409, 'Validation Error']);
    expect(unknownField.body.error.filters[0]).toMatch(/colour/);
    const wrongType = await call('datastore_search', { resource_id: paint.id, filters: '{"year":"soon"}' });
    expect(wrongType.status).toBe(409);
    expect((await call('datastore_search', { resource_id: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await call('datastore_search')).body.error).toEqual({ resource_id: ['Missing value'], __type: 'Validation Error' });
    const sql = await anon.get(`/api/3/action/datastore_search_sql?sql=${encodeURIComponent('select 1')}`);
    expect(sql.statusCode).toBe(docs.statuses['unknown action']);
    expect(sql.json()).toMatch(/datastore_search_sql.*datastore_search/);
    const unknown = await anon.get('/api/action/package_create');
    expect([unknown.statusCode, unknown.json()]).toEqual([400, 'Bad request: Action name not known: package_create']);
    const notJson = await env.app.inject({
      method: 'POST',
      url: '/api/3/action/package_list',
      payload: '[1]',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('resource_show links the download, which resolves in CSV, XLSX and JSON with personal information masked', async () => {
    const res = (await call('resource_show', { id: paint.id }, '/api/action')).body.result;
    const url = new URL(res.url);
    const csv = await anon.get(url.pathname + url.search);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(PAINT.fields.map((f) => f.name).join(','));
    expect(csv.body).toContain('138****5678');
    expect(csv.body).not.toContain('13812345678');
    const json = await anon.get(`/api/public/open-data/${paint.id}/records?format=json`);
    expect(json.json()).toHaveLength(5);
    const xlsx = await anon.get(`/api/public/open-data/${paint.id}/records?format=xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await anon.get(`/api/public/open-data/${hidden[0]}/records`)).statusCode).toBe(404);
  });
});
