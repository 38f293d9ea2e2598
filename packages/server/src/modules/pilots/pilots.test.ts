import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.js';
import { createTestEnv, type TestEnv } from '../../test/harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const names = (body: { items: { publishedName: string }[] }) => body.items.map((p) => p.publishedName);

describe('the pilot registry, scoped by tier', () => {
  it('shows the Ministry all 90, a province only its own, a pilot only itself, an expert only its assignments', async () => {
    const total = async (u: string) => (await (await env.as(u)).get('/api/pilots?pageSize=200')).json();
    expect((await total('mohurd.viewer')).total).toBe(90);
    const jiangsu = await total('dept-320000.viewer');
    expect(jiangsu.total).toBe(9);
    expect(jiangsu.items.every((p: { provinceCode: string }) => p.provinceCode === '320000')).toBe(true);
    expect(names(jiangsu)).toEqual([
      '无锡市',
      '常州市',
      '镇江市',
      '泰州市',
      '南京河西新城',
      '苏州工业园区',
      '盐城市城南新区',
      '昆山市花桥经济技术开发区',
      '昆山市张浦镇',
    ]);
    expect(names(await total('pilot-2012-025.viewer'))).toEqual(['无锡市']);
    expect(names(await total('experts.reviewer'))).toEqual(['无锡市', '常州市']);
    expect((await total('gov-370000.viewer')).total).toBe(8); // 山东省人民政府
  });

  it('filters by province, kind, status and batch, searches by name, and pages', async () => {
    const agent = await env.as('mohurd.viewer');
    const get = async (q: string) => (await agent.get(`/api/pilots?${q}`)).json();
    expect((await get('province=110000')).total).toBe(4);
    expect(names(await get('kind=town'))).toEqual(['昆山市张浦镇', '浏阳市柏加镇', '佛山市乐从镇']);
    expect((await get('status=designated&batch=2012')).total).toBe(90);
    expect((await get('status=accepted')).total).toBe(0);
    expect((await get('batch=2013')).total).toBe(0);
    expect(names(await get(`q=${encodeURIComponent('株洲')}`))).toEqual(['株洲市', '株洲市云龙示范区']);
    expect((await get(`q=${encodeURIComponent('%')}`)).total).toBe(0); // wildcards match themselves
    const page2 = await get('pageSize=10&page=2');
    expect(page2.total).toBe(90);
    expect(page2.items.map((p: { seq: number }) => p.seq)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(await get('page=50')).toEqual({ items: [], total: 90, totalExact: true });
  });

  it('sorts by a column either way, ties in the published order, and refuses an unknown order naming the field', async () => {
    const agent = await env.as('mohurd.viewer');
    const get = async (q: string) => (await agent.get(`/api/pilots?${q}`)).json();
    // 附件1 ends with 新疆: 库尔勒市、奎屯市
    expect(names(await get('sort=-seq&pageSize=2'))).toEqual(['奎屯市', '库尔勒市']);
    expect(names(await get('sort=-province&pageSize=2'))).toEqual(['库尔勒市', '奎屯市']);
    // kinds sort by their API value: 'county' comes first, and 附件1 has three counties
    expect(names(await get('sort=kind&pageSize=3'))).toEqual(['肇源县', '桦南县', '郫县']);
    expect(names(await get('sort=province&province=110000'))).toEqual(['北京东城区', '北京市朝阳区', '北京未来科技城', '北京市丽泽商务区']);
    const bad = await agent.get('/api/pilots?sort=population');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('sort');
  });

  it('counts pilots per province within scope for the map', async () => {
    const ministry = (await (await env.as('mohurd.viewer')).get('/api/pilots/stats/by-province')).json().items;
    expect(ministry).toHaveLength(28);
    const province = (await (await env.as('dept-320000.viewer')).get('/api/pilots/stats/by-province')).json().items;
    expect(province).toEqual([{ provinceCode: '320000', count: 9 }]);
  });
});

describe('a pilot’s page', () => {
  it('shows the pilot, its government (乙方), its supervising department (丙方) and its people, with an ETag', async () => {
    const agent = await env.as('dept-320000.editor');
    const id = (await agent.get('/api/pilots?pageSize=1')).json().items[0].id;
    const res = await agent.get(`/api/pilots/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    const pilot = res.json();
    expect(pilot).toMatchObject({
      publishedName: '无锡市',
      adminCode: '320200',
      organisation: { name: '无锡市人民政府' },
      supervisor: { name: '江苏省住房和城乡建设厅' },
      abilities: { edit: true },
      actions: [],
    });
    expect(pilot.people.map((p: { username: string }) => p.username)).toContain('pilot-2012-025.admin');
  });

  it('lists the government’s enabled people by sign-in name, the same on the pilot page and the organisation page', async () => {
    const agent = await env.as('mohurd.viewer');
    const pilot = (await agent.get('/api/pilots?q=无锡')).json().items[0];
    const orgId = pilot.organisationId;
    const db = env.database.db;
    // one of them disabled: gone from both pages
    await db.execute(sql`update users set disabled = true where username = 'pilot-2012-025.editor'`);
    const { rows } = await db.execute<{ username: string; display_name: string; roles: string[] }>(
      sql`select username, display_name, roles from users where organisation_id = ${orgId} and not disabled order by username`,
    );
    const expected = rows.map((r) => ({ username: r.username, displayName: r.display_name, roles: r.roles }));
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.map((p) => p.username)).not.toContain('pilot-2012-025.editor');
    const people = (body: { people: { username: string; displayName: string; roles: string[] }[] }) =>
      body.people.map(({ username, displayName, roles }) => ({ username, displayName, roles }));
    expect(people((await agent.get(`/api/pilots/${pilot.id}`)).json())).toEqual(expected);
    expect(people((await agent.get(`/api/organisations/${orgId}`)).json())).toEqual(expected);
  });
});

describe('editing a pilot record', () => {
  it('needs If-Match, saves with the current version, refuses a stale one with 409, and audits the change', async () => {
    const pilot = await env.as('pilot-2012-026.editor');
    const other = await env.as('dept-320000.admin');
    const id = (await pilot.get('/api/pilots')).json().items[0].id;
    expect((await pilot.patch(`/api/pilots/${id}`, { note: 'a' })).statusCode).toBe(428);
    const saved = await pilot.patch(`/api/pilots/${id}`, { note: '试点工作实施管理办公室已成立' }, { 'if-match': '"1"' });
    expect(saved.statusCode).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    expect(saved.json()).toMatchObject({ note: '试点工作实施管理办公室已成立', version: 2 });
    // the province saves next from version 2; the pilot's second save from its stale version 2 must fail
    expect((await other.patch(`/api/pilots/${id}`, { officialName: '常州市' }, { 'if-match': '"2"' })).statusCode).toBe(200);
    const stale = await pilot.patch(`/api/pilots/${id}`, { note: 'overwrite?' }, { 'if-match': '"2"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    expect((await pilot.get(`/api/pilots/${id}`)).json().note).toBe('试点工作实施管理办公室已成立');
    const entries = await env.database.db.select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.seq);
    expect(entries.map((e) => e.action)).toEqual(['pilot.update', 'pilot.update']);
    expect(entries[0]!.afterDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a viewer (403) and another province (404)', async () => {
    const id = (await (await env.as('mohurd.viewer')).get('/api/pilots?province=320000&pageSize=1')).json().items[0].id;
    expect(
      (await (await env.as('pilot-2012-025.viewer')).patch(`/api/pilots/${id}`, { note: 'x' }, { 'if-match': '"1"' })).statusCode,
    ).toBe(403);
    expect((await (await env.as('dept-110000.admin')).patch(`/api/pilots/${id}`, { note: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(
      404,
    );
  });
});

describe('the pilot lifecycle', () => {
  it('offers nobody a button into 创建期 (signing moves the pilot); the Ministry revokes with a reason', async () => {
    const ministry = await env.as('mohurd.admin');
    const id = (await ministry.get('/api/pilots?province=650000&pageSize=1')).json().items[0].id;
    const pilotAdmin = await env.as('pilot-2012-089.admin'); // 库尔勒市
    expect((await pilotAdmin.get('/api/pilots')).json().items[0].id).toBe(id);

    expect((await ministry.get(`/api/pilots/${id}`)).json().actions.map((a: { action: string }) => a.action)).toEqual(['revoke']);
    expect((await pilotAdmin.get(`/api/pilots/${id}`)).json().actions).toEqual([]);
    // the platform's own actions are not in the request at all
    for (const action of ['startCreation', 'requestAcceptance', 'accept', 'fail', 'explode']) {
      const res = await ministry.post(`/api/pilots/${id}/transitions`, { action });
      expect(res.statusCode, action).toBe(400);
      expect(res.json().error.field).toBe('action');
    }
    expect((await pilotAdmin.post(`/api/pilots/${id}/transitions`, { action: 'revoke', reason: '自行撤销' })).statusCode).toBe(403);

    const noReason = await ministry.post(`/api/pilots/${id}/transitions`, { action: 'revoke' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('reasonRequired');
    const revoked = await ministry.post(`/api/pilots/${id}/transitions`, { action: 'revoke', reason: '未按要求开展创建工作' });
    expect(revoked.json()).toMatchObject({ status: 'revoked', version: 2 });
    const entries = await env.database.db.select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.seq);
    expect(entries.map((e) => e.action)).toEqual(['pilot.revoke']);
  });
});
