import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.js';
import { moveClockTo, signedTaskBook } from '../annual-reports/test-helpers.js';

// The platform's yearly figures as the annual report's actual values, with evidence a reader checks with OpenSSL.

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const sm3 = (s: string | Buffer) => createHash('sm3').update(s).digest('hex');
const resource = (name: string, themes: string[], indicatorCodes: string[], classification: string) => ({
  classification,
  name,
  summary: `${name}（测试）`,
  themes,
  fields: [
    { name: 'key', label: '编号', type: 'string', key: true, required: true },
    { name: 'subject', label: '名称', type: 'string' },
  ],
  format: '结构化数据',
  updateCycle: 'monthly',
  sharingClass: 'unconditional',
  sharingMethod: 'api',
  indicatorCodes,
});
const csv = (n: number, tag: string) => ['key,subject', ...Array.from({ length: n }, (_, i) => `${tag}-${i},${tag} ${i}`)].join('\n');

async function listAndLoad(editor: Agent, spec: ReturnType<typeof resource>, file: string) {
  const made = await editor.post('/api/platform/resources', spec);
  expect(made.statusCode, made.body).toBe(201);
  const id = made.json().id as string;
  expect((await editor.post(`/api/platform/resources/${id}/transitions`, { action: 'publish' })).statusCode).toBe(200);
  expect((await editor.upload(`/api/platform/resources/${id}/loads`, 'data.csv', Buffer.from(file))).statusCode).toBe(201);
  return id;
}

describe('platform figures → indicators, with evidence', () => {
  let pilotId: string;
  let editor: Agent;
  let reportId: string;
  const files = { people: csv(5, 'p'), firms: csv(3, 'f'), wifi: csv(7, 'w'), firmsLater: csv(4, 'g') };
  let ids: Record<string, string>;

  beforeAll(async () => {
    ({ pilotId } = await signedTaskBook(env, 'pilot-2012-025'));
    moveClockTo(env, '2013-06-03T10:00');
    ids = {
      people: await listAndLoad(
        await env.as('wuxi-gaj.editor'),
        resource('人口库', ['人口', '基础数据库'], ['1.3.1'], '1-01-001-009'),
        files.people,
      ),
      firms: await listAndLoad(await env.as('wuxi-scjgj.editor'), resource('法人库', ['法人单位'], ['1.3.1'], '1-02-001-009'), files.firms),
      wifi: await listAndLoad(await env.as('wuxi-scjgj.editor'), resource('公共无线热点', ['通信'], ['1.2.1'], '2-09-009-009'), files.wifi),
    };
    // December: 人口 loaded again (fresh at the year's end); 法人 not since June (a monthly cycle: stale by then)
    moveClockTo(env, '2013-12-30T10:00');
    const again = await (
      await env.as('wuxi-gaj.editor')
    ).upload(`/api/platform/resources/${ids.people}/loads`, 'd.csv', Buffer.from(files.people));
    expect(again.statusCode).toBe(201);
    // next year: a later load must not change 2013's values
    moveClockTo(env, '2014-01-05T10:00');
    const later = await (
      await env.as('wuxi-scjgj.editor')
    ).upload(`/api/platform/resources/${ids.firms}/loads`, 'e.csv', Buffer.from(files.firmsLater));
    expect(later.statusCode).toBe(201);
    moveClockTo(env, '2014-01-10T10:00');
    editor = await env.as('pilot-2012-025.editor'); // the sign-in of 2013 has expired
    const made = await editor.post(`/api/pilots/${pilotId}/annual-reports`, { year: 2013 });
    expect(made.statusCode, made.body).toBe(201);
    reportId = made.json().id;
  });

  it('offers 1.3.1, 1.3.2 and a linked indicator as the report’s actual values, each with its evidence', async () => {
    const res = await editor.get(`/api/annual-reports/${reportId}/platform-values`);
    expect(res.statusCode, res.body).toBe(200);
    const { items, figures } = res.json();
    // the oracle: 无锡's departments as the department list counts them, and the two providers
    const departments = (await (await env.as('pilot-2012-025.viewer')).get('/api/platform/departments')).json().items.length as number;
    expect(departments).toBeGreaterThan(2);
    const byCode = Object.fromEntries(items.map((i: { code: string }) => [i.code, i]));
    expect(byCode['1.3.2']).toMatchObject({
      indicatorId: 'i-1.3.2',
      measure: 'connected',
      numerator: 2,
      denominator: departments,
      value: Math.round((2 / departments) * 1000) / 10,
      unit: '%',
      evidence: [{ kind: 'figures', year: 2013, digest: figures.digest }],
    });
    // of the four basic databases, 人口 is published and fresh at the year's end; 法人 stale; the other two missing
    expect(byCode['1.3.1']).toMatchObject({ measure: 'basicDatabases', value: 25, numerator: 1, denominator: 4 });
    const loads = byCode['1.3.1'].evidence.map((e: { resource: { id: string }; load: { digest: string; at: string } }) => ({
      id: e.resource.id,
      digest: e.load.digest,
      at: e.load.at,
    }));
    // the value back to the loads behind it: the last of 2013 for each, its file's SM3
    expect(loads).toEqual(
      expect.arrayContaining([
        { id: ids.people, digest: sm3(files.people), at: '2013-12-30T02:00:00.000Z' },
        { id: ids.firms, digest: sm3(files.firms), at: '2013-06-03T02:00:00.000Z' },
      ]),
    );
    expect(byCode['1.2.1']).toMatchObject({ measure: 'records', value: 7, unit: '条' });
    expect(byCode['1.2.1'].evidence[0]).toMatchObject({ resource: { id: ids.wifi }, load: { digest: sm3(files.wifi), rowsAfter: 7 } });
    expect(byCode['1.1.1']).toBeUndefined();
  });

  it('links to the year’s figures, which resolve and whose SM3 OpenSSL reproduces', async () => {
    const year = await editor.get(`/api/platform/health/${pilotId}/years/2013`);
    expect(year.statusCode, year.body).toBe(200);
    const y = year.json();
    expect(y).toMatchObject({ year: 2013, complete: true, asOf: '2013-12-31T16:00:00.000Z' });
    expect(JSON.parse(y.canonical).figures).toEqual(y.figures);
    const openssl = spawnSync('openssl', ['dgst', '-sm3'], { input: y.canonical, encoding: 'utf8' });
    expect(openssl.stdout.trim().split('= ')[1]).toBe(y.digest);
    // 2014 so far counts 法人's January load; 2013 is as it was
    const years = (await editor.get(`/api/platform/health/${pilotId}/years`)).json().items;
    expect(years.map((x: { year: number }) => x.year)).toEqual([2013, 2014]);
    expect(years[0].digest).toBe(y.digest);
    expect(years[1]).toMatchObject({ complete: false, figures: { connected: 2 } });
    expect(years[1].linked.find((r: { id: string }) => r.id === ids.firms).load).toMatchObject({
      digest: sm3(files.firmsLater),
      rowsAfter: 7,
    });
    // a department reads its own platform's years; a foreign pilot's is not found
    expect((await (await env.as('wuxi-rsj.viewer')).get(`/api/platform/health/${pilotId}/years/2013`)).statusCode).toBe(200);
    const changzhou = (await (await env.as('pilot-2012-026.viewer')).get('/api/pilots')).json().items[0].id;
    expect((await (await env.as('wuxi-rsj.viewer')).get(`/api/platform/health/${changzhou}/years/2013`)).statusCode).toBe(404);
    expect((await editor.get(`/api/platform/health/${pilotId}/years/1999`)).statusCode).toBe(400);
  });

  it('traces a key project to its indicators, their resources and yearly values', async () => {
    const res = await (await env.as('dept-320000.viewer')).get(`/api/pilots/${pilotId}/trace`);
    expect(res.statusCode, res.body).toBe(200);
    const trace = res.json();
    expect(trace.years).toEqual([2013, 2014, 2015]);
    const [project] = trace.projects;
    expect(project.indicators.map((i: { id: string }) => i.id)).toEqual(['i-1.3.2']);
    const values = project.indicators[0].values;
    const offered = (await editor.get(`/api/annual-reports/${reportId}/platform-values`)).json().items;
    expect(values[0].value).toEqual(offered.find((i: { code: string }) => i.code === '1.3.2'));
    expect(values[2]).toEqual({ year: 2015, value: null });
    // departments see no programme paperwork
    expect((await (await env.as('wuxi-rsj.viewer')).get(`/api/pilots/${pilotId}/trace`)).statusCode).toBe(404);
  });
});
