import { and, eq, ne, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { verifyIntegrity } from '../../audit/integrity.js';
import { auditLog, expertAssignments, pilots, users } from '../../db/schema.js';
import { onDemoProgramme } from '../../test/demo-env.js';
import { refreshDemo } from './programme.js';

// The demo programme as `--demo` makes it (built once per run and engine, test/demo.ts), seeded on 2026-11-16.
const demo = onDemoProgramme();
const get = demo.get;
const todos = async (who: string) => (await get(who, '/api/todos?pageSize=200')).items as { kind: string; overdue: boolean }[];

describe('the demo programme', () => {
  it('says so: every page can show 演示数据', async () => {
    expect((await demo.env.anonymous().get('/api/public/site')).json()).toMatchObject({
      demo: { seededOn: '2026-11-16', refreshedOn: '2026-11-16' },
    });
  });

  it('holds batch 1 in motion: task books at every stage, most signed, pilots in 创建期', async () => {
    const books = (await get('mohurd.viewer', '/api/task-books')).items as { status: string }[];
    const count = (s: string) => books.filter((b) => b.status === s).length;
    expect(books.length).toBeGreaterThan(80);
    expect(count('signed')).toBeGreaterThan(50);
    for (const s of ['draft', 'provinceReview', 'ministryReview', 'signing']) expect(count(s), s).toBeGreaterThan(0);
    const list = (await get('mohurd.viewer', '/api/pilots?pageSize=100')).items as { status: string }[];
    expect(list.filter((p) => p.status === 'creating').length).toBeGreaterThan(40);
    expect(list.some((p) => p.status === 'accepted')).toBe(true);
  });

  it('has city platforms in use: 无锡’s catalog with the four basic databases, grants, a request waiting, one escalated', async () => {
    const catalog = (await get('wuxi-rsj.viewer', '/api/platform/resources')).items as {
      name: string;
      sharingClass: string;
      stale: boolean;
    }[];
    expect(catalog.length).toBeGreaterThanOrEqual(29);
    for (const name of ['人口基础信息', '法人单位基础信息', '自然资源和空间地理基础信息', '宏观经济基础信息'])
      expect(catalog.map((r) => r.name)).toContain(name);
    expect(new Set(catalog.map((r) => r.sharingClass))).toEqual(new Set(['unconditional', 'conditional', 'none']));
    expect(catalog.some((r) => r.stale)).toBe(true);
    // 常州's departments see only 常州's
    expect(((await get('cz-gaj.viewer', '/api/platform/resources')).items as unknown[]).length).toBe(2);
    expect((await todos('wuxi-zrzyj.reviewer')).map((t) => t.kind)).toContain('decideSharingRequest');
    expect(await todos('pilot-2012-025.admin')).toContainEqual(expect.objectContaining({ kind: 'decideSharingRequest', overdue: true }));
    const granted = (await get('wuxi-rsj.viewer', '/api/platform/sharing-requests?side=consumer')).items as { live: boolean }[];
    expect(granted.some((g) => g.live)).toBe(true);
  });

  it('shows the platform’s figures in 无锡’s annual reports: 1.3.1 and 1.3.2 with evidence that resolves, year by year', async () => {
    const reports = (await get('pilot-2012-025.viewer', '/api/annual-reports')).items as { id: string; year: number }[];
    const values = async (year: number) =>
      (await get('pilot-2012-025.viewer', `/api/annual-reports/${reports.find((r) => r.year === year)!.id}/platform-values`)) as {
        items: { code: string; value: number; evidence: { kind: string; year: number; digest: string }[] }[];
      };
    const basic = async (year: number) => (await values(year)).items.find((i) => i.code === '1.3.1')!.value;
    // 2013: 人口 and 法人单位 kept fresh to the year's end; from 2014 all four basic databases
    expect([await basic(2013), await basic(2014), await basic(2015)]).toEqual([50, 100, 100]);
    const platform = (await values(2015)).items.find((i) => i.code === '1.3.2')!;
    expect(platform.value).toBeGreaterThan(50);
    const [evidence] = platform.evidence;
    const pilotId = (await get('pilot-2012-025.viewer', '/api/pilots')).items[0].id as string;
    expect((await get('dept-320000.viewer', `/api/platform/health/${pilotId}/years/${evidence!.year}`)).digest).toBe(evidence!.digest);
    const years = (await get('wuxi-dsjj.viewer', `/api/platform/health/${pilotId}/years`)).items as { year: number }[];
    expect(years[0]!.year).toBe(2013);
    expect(years.at(-1)!.year).toBe(2026);
  });

  it('has history: reports accepted and returned, rectifications open and closed, published ratings', async () => {
    const reports = (await get('mohurd.viewer', '/api/annual-reports')).items as { status: string; year: number }[];
    expect(reports.filter((r) => r.status === 'accepted').length).toBeGreaterThan(10);
    expect(reports.some((r) => r.status === 'draft')).toBe(true);
    const ratings = (await demo.env.anonymous().get('/api/public/ratings')).json().items as { stars: number }[];
    expect(ratings.length).toBeGreaterThan(0);
    const findings = await demo.env.database.db.execute<{ status: string; n: number }>(
      sql`select status, count(*)::int as n from findings group by status order by status`,
    );
    expect(findings.rows.map((r) => r.status)).toEqual(['answered', 'closed', 'open']);
  });

  it('gives every role live work today', async () => {
    // expected work per role, from the issue: the Ministry reviews and signs, provinces review and approve
    // registrations, pilots fix returns and owe reports, experts score, applicants draft
    const has = async (who: string, kind: string | RegExp) =>
      expect(
        (await todos(who)).map((t) => t.kind),
        who,
      ).toContainEqual(expect.stringMatching(kind));
    await has('mohurd.reviewer', /taskBook|review/i);
    await has('mohurd.signatory', /sign/i);
    await has('mohurd.admin', /./);
    const books = (await get('mohurd.viewer', '/api/task-books')).items as { status: string; pilot: { id: string } }[];
    const orgOf = async (pilotId: string) => {
      const [row] = await demo.env.database.db
        .execute<{ code: string; province: string }>(
          sql`select lower(o.code) as code, p.province_code as province from pilots p join organisations o on o.id = p.organisation_id where p.id = ${pilotId}`,
        )
        .then((r) => r.rows);
      return row!;
    };
    const atProvince = await orgOf(books.find((b) => b.status === 'provinceReview')!.pilot.id);
    await has(`dept-${atProvince.province}.reviewer`, /./);
    const returned = books.find((b) => b.status === 'draft')!;
    await has(`${(await orgOf(returned.pilot.id)).code}.editor`, /./);
    await has('dept-510000.admin', /applicant|registration/i); // 绵阳's registration waits for 四川
    const expertWork = await Promise.all(['expert.zhang', 'expert.li', 'expert.wang', 'expert.zhao', 'expert.chen'].map(todos));
    expect(expertWork.some((items) => items.length > 0)).toBe(true);
    await has('appl-320500.editor', /./); // 苏州's application is still a draft
  });

  it("shows 无锡市's history on its hub, to those who see the pilot only", async () => {
    const [wuxi] = (await get('pilot-2012-025.viewer', '/api/pilots')).items as { id: string }[];
    const events = (await get('pilot-2012-025.viewer', `/api/pilots/${wuxi!.id}/timeline`)).items as {
      lifecycle: string;
      action: string;
    }[];
    const said = new Set(events.map((e) => `${e.lifecycle}.${e.action}`));
    for (const e of ['taskBook.submit', 'taskBook.provinceApprove', 'taskBook.ministryApprove', 'taskBook.sign', 'annualReport.accept'])
      expect(said, e).toContain(e);
    expect(events.filter((e) => e.action === 'sign' && e.lifecycle === 'taskBook')).toHaveLength(3);
    expect(events.some((e) => e.lifecycle === 'taskBook' && e.action === 'saveSection')).toBe(false);
    expect((await (await demo.env.as('pilot-2012-001.viewer')).get(`/api/pilots/${wuxi!.id}/timeline`)).statusCode).toBe(404);
  });

  it('has read its history: the bell counts today’s work, not a decade of notifications', async () => {
    for (const who of ['mohurd.viewer', 'mohurd.reviewer', 'dept-320000.reviewer', 'pilot-2012-025.editor']) {
      type Page = { items: { createdAt: string }[]; unread: number; total: number };
      const unread = (await get(who, '/api/notifications?unread=true&pageSize=100')) as Page;
      expect(unread.unread, who).toBeLessThan(99);
      expect(
        unread.items.filter((n) => n.createdAt < '2017-01-01'),
        who,
      ).toEqual([]);
      // the history is there, read
      const read = (await get(who, '/api/notifications?unread=false&pageSize=1')) as Page;
      expect(read.total, who).toBeGreaterThan(0);
    }
  });

  it('runs a live call whose dates follow the seeding date', async () => {
    const calls = (await get('mohurd.viewer', '/api/calls')).items as {
      id: string;
      title: string;
      opensOn: string;
      closesOn: string;
      status: string;
    }[];
    const live = calls.find((c) => c.title.includes('演示'))!;
    expect(live).toMatchObject({ status: 'open', title: '2026年度国家智慧城市试点申报（演示）' });
    expect(live.opensOn < '2026-11-16' && live.closesOn > '2026-11-16' && live.closesOn < '2027-01-01').toBe(true);
    const apps = (await get('mohurd.viewer', `/api/applications?call=${live.id}`)).items as { status: string }[];
    expect(new Set(apps.map((a) => a.status))).toEqual(new Set(['draft', 'provinceReview', 'expertReview']));
  });

  it('respects the conflict-of-interest rule: no expert reviews a subject of their home province', async () => {
    const db = demo.env.database.db;
    const conflicts = await db
      .select({ username: users.username })
      .from(expertAssignments)
      .innerJoin(users, eq(users.id, expertAssignments.expertUserId))
      .innerJoin(pilots, eq(pilots.id, expertAssignments.pilotId))
      .where(eq(users.homeProvinceCode, pilots.provinceCode));
    expect(conflicts).toEqual([]);
    const panels = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from expert_reviews r join users u on u.id = r.expert_user_id
          left join applications a on a.id = r.subject_id left join acceptances c on c.id = r.subject_id
          left join pilots p on p.id = c.pilot_id
          where u.home_province_code = coalesce(a.province_code, p.province_code)`,
    );
    expect(panels.rows[0]!.n).toBe(0);
  });

  it('verifies: the audit chain and every signature, as a third party would check them', async () => {
    const report = await verifyIntegrity(demo.env.database.db);
    expect(report.audit.ok).toBe(true);
    expect(report.signatures.failed).toEqual([]);
    expect(report.signatures.checked).toBeGreaterThan(150);
  });

  it('moves the live call forward with --refresh, audited', async () => {
    demo.env.clock.advance(10 * 86_400_000);
    expect(await refreshDemo(demo.env.database.db, demo.env.clock)).toEqual({ days: 10, refreshedOn: '2026-11-26' });
    const calls = (await get('mohurd.viewer', '/api/calls')).items as { title: string; opensOn: string; closesOn: string }[];
    const live = calls.find((c) => c.title.includes('演示'))!;
    expect(live.closesOn).toBe('2026-12-17'); // 2026-11-16 + 21 days, moved by 10
    const [entry] = await demo.env.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'demo.refresh'), ne(auditLog.targetId, '')));
    expect(entry?.targetId).toBe('2026-11-16');
  });
});
