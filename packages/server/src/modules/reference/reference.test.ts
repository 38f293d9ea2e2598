import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { noticePilotList } from '../../test/seed-notice.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ demo: false });
});
afterAll(() => env?.close());

describe('the first batch as the notice publishes it (附件1)', () => {
  it('lists the 90 pilots under the notice’s 28 province headings, in its order and spelling, without sign-in', async () => {
    const notice = noticePilotList();
    expect(notice.flatMap((g) => g.pilots)).toHaveLength(90);
    const res = await env.anonymous().get('/api/public/pilots');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(90);
    expect(body.batch).toMatchObject({ year: 2012, name: '2012年度', announcedOn: '2013-01-29', documentNo: '建办科〔2013〕5号' });
    expect(body.batches).toEqual([{ year: 2012, name: '2012年度' }]);
    expect(
      body.provinces.map((p: { heading: string; pilots: { publishedName: string }[] }) => ({
        heading: p.heading,
        pilots: p.pilots.map((x) => x.publishedName),
      })),
    ).toEqual(notice);
  });

  it('has the per-province counts of the notice', async () => {
    const body = (await env.anonymous().get('/api/public/pilots')).json();
    const counts = Object.fromEntries(body.provinces.map((p: { heading: string; pilots: unknown[] }) => [p.heading, p.pilots.length]));
    expect(counts).toMatchObject({ 江苏省: 9, 山东省: 8, 河北省: 6, 北京市: 4, 河南省: 6, 广东省: 6, 浙江省: 5, 湖南省: 5 });
    expect(Object.keys(counts)).toHaveLength(28);
  });

  it('counts pilots per province on the public map data, for all 34 provincial-level divisions', async () => {
    const res = await env.anonymous().get('/api/provinces');
    const items: { code: string; name: string; pilotCount: number }[] = res.json().items;
    expect(items).toHaveLength(34);
    expect(items.find((p) => p.code === '320000')).toMatchObject({ name: '江苏省', pilotCount: 9 });
    expect(items.reduce((n, p) => n + p.pilotCount, 0)).toBe(90);
  });

  it('an unknown batch is a 404 and a malformed one a 400 naming the field', async () => {
    expect((await env.anonymous().get('/api/public/pilots?batch=2099')).statusCode).toBe(404);
    const bad = await env.anonymous().get('/api/public/pilots?batch=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('batch');
  });
});

describe('the 2012 indicator system', () => {
  it('has 4 level-1, 11 level-2 and 57 level-3 indicators, readable as a tree', async () => {
    const agent = await signedInMinistry();
    const systems = (await agent.get('/api/indicator-systems')).json().items;
    expect(systems).toHaveLength(1);
    expect(systems[0]).toMatchObject({ code: 'MOHURD-2012', counts: [4, 11, 57] });
    const tree = (await agent.get(`/api/indicator-systems/${systems[0].id}/tree`)).json();
    const byCode = (await agent.get('/api/indicator-systems/MOHURD-2012/tree')).json();
    expect(byCode).toEqual(tree);
    type Node = { name: string; children: Node[] };
    const level2 = tree.items.flatMap((n: Node) => n.children);
    const level3 = level2.flatMap((n: Node) => n.children);
    expect([tree.items.length, level2.length, level3.length]).toEqual([4, 11, 57]);
    expect(tree.items[0].name).toBe('保障体系与基础设施');
    expect(level2.map((n: Node) => n.name)).toContain('公共平台与数据库');
    expect(level3.map((n: Node) => n.name)).toContain('城市公共信息平台');
  });

  it('marks the qualitative level-3 indicators as data/ records them, and migration 0014 sets the same ones', async () => {
    const tree = (await (await signedInMinistry()).get('/api/indicator-systems/MOHURD-2012/tree')).json();
    type Node = { code: string; name: string; qualitative: boolean; children: Node[] };
    const level3: Node[] = tree.items.flatMap((n: Node) => n.children.flatMap((c) => c.children));
    const served = level3.filter((n) => n.qualitative).map((n) => n.code);
    expect(served).toHaveLength(45);
    // the reading of data/README.md: arrangements and capabilities qualitative, rates and amounts not
    expect(served).toEqual(expect.arrayContaining(['1.1.2', '1.3.2', '3.3.1']));
    expect(level3.filter((n) => !n.qualitative).map((n) => n.name)).toEqual([
      '无线网络',
      '宽带网络',
      '下一代广播电视网',
      '园林绿化',
      '建筑节能',
      '绿色建筑',
      '节水应用',
      '垃圾分类与处理',
      '网上办事',
      '创新投入',
      '高新技术产业',
      '现代服务业',
    ]);
    const migration = readFileSync(fileURLToPath(new URL('../../../drizzle/0016_indicator_qualitative.sql', import.meta.url)), 'utf8');
    const inMigration = [...migration.slice(migration.indexOf('-- custom:')).matchAll(/'(\d+\.\d+\.\d+)'/g)].map((m) => m[1]);
    expect(inMigration).toEqual(served);
  });
});

async function signedInMinistry() {
  const { seedDemo } = await import('../../seed/seed.js');
  await seedDemo(env.database.db, env.clock, 'Test-password-2013');
  return env.as('mohurd.viewer');
}
