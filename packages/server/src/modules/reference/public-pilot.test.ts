import type { Rating } from '@smartcity/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptances, notices, organisations, pilots } from '../../db/schema.js';
import { acceptanceKit } from '../../test/acceptance-fixture.js';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { noticePilotList } from '../../test/seed-notice.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const db = () => env.database.db;
const kit = acceptanceKit(() => env);

const pilotOf = kit.pilotOf;
const page = (id: string) => env.anonymous().get(`/api/public/pilots/${id}`);

describe('a pilot’s public page', () => {
  it('shows, without sign-in, the pilot as 附件1 publishes it, its standing and the seed notice that names it', async () => {
    const wuxi = await pilotOf('PILOT-2012-025');
    // what the public must never see: the pilot's own record beyond the list
    await db().update(pilots).set({ note: '内部备注：不公开', officialName: '无锡市人民政府（内部）' }).where(eq(pilots.id, wuxi.id));
    const res = await page(wuxi.id);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // the name and province as the seed notice prints them (附件1, 江苏省's line)
    const jiangsu = noticePilotList().find((g) => g.heading === '江苏省')!;
    expect(jiangsu.pilots).toContain(body.publishedName);
    expect(body).toMatchObject({
      id: wuxi.id,
      publishedName: '无锡市',
      provinceCode: '320000',
      provinceName: '江苏省',
      kind: 'prefectureCity',
      batch: { year: 2012, documentNo: '建办科〔2013〕5号', announcedOn: '2013-01-29' },
      status: 'designated',
      rating: null,
    });
    expect(body.notices.map((n: { docNumber: string }) => n.docNumber)).toEqual(['建办科〔2013〕5号']);
    // exactly the public fields; nothing of the record behind sign-in
    expect(Object.keys(body).sort()).toEqual(
      ['batch', 'id', 'kind', 'notices', 'provinceCode', 'provinceName', 'publishedName', 'rating', 'status'].sort(),
    );
    for (const secret of ['note', 'officialName', 'adminCode', 'organisationId', 'supervisorOrgId', 'version'])
      expect(body).not.toHaveProperty(secret);
    expect(res.body).not.toContain('内部');
    expect(res.body).not.toContain(wuxi.organisationId);
  });

  it('lists a public notice addressed to the pilot, and not one addressed to it alone behind sign-in', async () => {
    const changzhou = await pilotOf('PILOT-2012-026');
    const send = async (title: string, audiencePublic: boolean) =>
      db()
        .insert(notices)
        .values({
          organisationId: (await db().select({ id: organisations.id }).from(organisations).where(eq(organisations.type, 'ministry')))[0]!
            .id,
          title,
          issuer: '住房和城乡建设部',
          issuedOn: '2014-03-01',
          body: '<p>请按要求办理。</p>',
          status: 'published',
          publishedAt: new Date('2014-03-01T00:00:00Z'),
          audiencePublic,
          audienceOrgs: [changzhou.organisationId],
        });
    await send('关于常州市试点工作的公开通报', true);
    await send('关于常州市试点工作的内部提醒', false);
    const titles = (await page(changzhou.id)).json().notices.map((n: { title: string }) => n.title);
    expect(titles).toEqual(['关于常州市试点工作的公开通报', '住房城乡建设部办公厅关于做好国家智慧城市试点工作的通知']);
  });

  it('shows the published 验收 rating with its stars', async () => {
    const { pilotId, taskBookId } = await kit.signedPilot('PILOT-2012-027');
    await db()
      .insert(acceptances)
      .values({
        pilotId,
        taskBookId,
        status: 'published',
        selfAssessment: { narrative: '自评' },
        rating: { stars: 2 } as Rating,
        updatedAt: new Date('2016-01-04T02:00:00Z'),
      });
    expect((await page(pilotId)).json()).toMatchObject({
      status: 'creating',
      rating: { stars: 2, ratingLabel: '二星', publishedOn: '2016-01-04' },
    });
  });

  it('is not there for a revoked pilot (no longer on the list), an unknown id or a malformed one', async () => {
    const leave = await pilotOf('PILOT-2012-028');
    await db().update(pilots).set({ status: 'revoked' }).where(eq(pilots.id, leave.id));
    expect((await page(leave.id)).statusCode).toBe(404);
    expect((await page('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const bad = await page('wuxi');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('id');
  });
});
