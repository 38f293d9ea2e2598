import type { Dashboard, DashboardFigures } from '@smartcity/domain';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { onDemoProgramme } from '../../test/demo-env.js';

// The demo programme (seeded on 2026-11-16): batch 1 with task books at every stage, reports from 2013 on, findings
// and ratings. Every dashboard figure must equal the total of the list it links to, for the same filter.
const demo = onDemoProgramme();
const get = demo.get;
const query = (q: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(q).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();
const registryTotal = async (who: string, q: Record<string, string | number | undefined>) =>
  (await get(who, `/api/pilots?${query({ ...q, pageSize: 1 })}`)).total as number;

/** Each figure beside the registry filter that lists what it counts. */
function figureFilters(f: DashboardFigures, year: number | null) {
  const pairs: [number, Record<string, string | number>][] = [[f.pilots, {}]];
  for (const [s, n] of Object.entries(f.byStatus)) pairs.push([n, { status: s }]);
  for (const [s, n] of Object.entries(f.taskBooks)) pairs.push([n, { taskBook: s }]);
  if (year !== null) for (const [s, n] of Object.entries(f.reports)) pairs.push([n, { report: s, year }]);
  pairs.push([f.openFindings, { findings: 'open' }]);
  f.stars.forEach((n, stars) => pairs.push([n, { stars }]));
  return pairs;
}

async function expectFiguresMatchLists(who: string, filter: Record<string, string | number | undefined>) {
  const d: Dashboard = await get(who, `/api/dashboard?${query(filter)}`);
  const base = { batch: filter.batch, province: filter.province };
  for (const [figure, extra] of figureFilters(d.totals, d.year))
    expect(figure, `${who} ${query(filter)} ${query(extra)}`).toBe(await registryTotal(who, { ...base, ...extra }));
  // the map and the province table: each province's count is the registry's for that province
  for (const p of d.provinces) expect(p.pilots, p.provinceCode).toBe(await registryTotal(who, { ...base, province: p.provinceCode }));
  return d;
}

describe('the dashboard', () => {
  it("gives the Ministry figures equal to the lists' totals, for several filters", async () => {
    const all = await expectFiguresMatchLists('mohurd.viewer', {});
    expect(all.totals.pilots).toBeGreaterThanOrEqual(90);
    expect(all.year).toBe(2015); // the latest year whose reports are past due (the demo's creation periods end 2015–2016)
    expect(all.totals.reports.accepted).toBeGreaterThan(0);
    expect(all.totals.reports.overdue).toBeGreaterThan(0);
    expect(all.totals.openFindings).toBeGreaterThan(0);
    expect(all.totals.stars.reduce((a, b) => a + b)).toBeGreaterThan(0);
    await expectFiguresMatchLists('mohurd.viewer', { batch: 2012, year: 2014 });
    await expectFiguresMatchLists('mohurd.viewer', { province: '320000', year: 2013 });
    await expectFiguresMatchLists('mohurd.viewer', { batch: 2012, province: '370000' });
  });

  it('counts task books and reports as their own lists do', async () => {
    const d: Dashboard = await get('mohurd.viewer', '/api/dashboard?batch=2012&year=2014');
    const books = (await get('mohurd.viewer', '/api/task-books')).items as { status: string; batch: { year: number } }[];
    for (const s of ['draft', 'provinceReview', 'ministryReview', 'signing', 'signed'] as const)
      expect(d.totals.taskBooks[s], s).toBe(books.filter((b) => b.batch.year === 2012 && b.status === s).length);
    expect(d.totals.taskBooks.none).toBe(
      (await registryTotal('mohurd.viewer', { batch: 2012 })) - books.filter((b) => b.batch.year === 2012).length,
    );
    const reports = (await get('mohurd.viewer', '/api/annual-reports?year=2014')).items as { status: string }[];
    expect(d.totals.reports.accepted).toBe(reports.filter((r) => r.status === 'accepted').length);
    expect(d.totals.reports.submitted).toBe(reports.filter((r) => r.status !== 'draft').length);
    // overdue: owed, past 31 December 2014, not submitted — drafts and reports never started alike
    expect(d.totals.reports.overdue).toBe(d.totals.reports.due - d.totals.reports.submitted);
    expect(d.overdue.items.filter((o) => o.kind === 'report')).toHaveLength(d.totals.reports.overdue);
    expect(d.overdue.total).toBeGreaterThanOrEqual(d.overdue.items.length);
  });

  it('shows a province its own pilots only, with the same figures the Ministry sees for it', async () => {
    const jiangsu = await expectFiguresMatchLists('dept-320000.viewer', { year: 2014 });
    expect(jiangsu.provinces.map((p) => p.provinceCode)).toEqual(['320000']);
    expect(jiangsu.totals.pilots).toBe(9);
    const ministry: Dashboard = await get('mohurd.viewer', '/api/dashboard?province=320000&year=2014');
    expect(jiangsu.totals).toEqual(ministry.totals);
    // asking for another province gives nothing, not its figures
    const foreign: Dashboard = await get('dept-320000.viewer', '/api/dashboard?province=110000&year=2014');
    expect(foreign.totals.pilots).toBe(0);
    expect(foreign.provinces).toEqual([]);
    expect(foreign.overdue.items).toEqual([]);
    const progress = (await get('dept-320000.viewer', '/api/dashboard/pilots?year=2014')).items as { id: string }[];
    const own = (await get('dept-320000.viewer', '/api/pilots?pageSize=100')).items as { id: string; provinceCode: string }[];
    expect(progress.map((p) => p.id).sort()).toEqual(own.map((p) => p.id).sort());
    expect(jiangsu.overdue.items.every((o) => own.some((p) => p.id === o.pilot.id))).toBe(true);
  });

  it("sums the planned investment of a province's signed task books by year and funding source", async () => {
    const d: Dashboard = await get('dept-320000.viewer', '/api/dashboard');
    // the same, worked out here from each signed book's projects: each source spread evenly over the project's years
    type Project = { startYear: number; endYear: number; funding: Record<string, number> };
    const books = (await get('dept-320000.viewer', '/api/task-books')).items as { id: string; status: string }[];
    const expected = new Map<number, Record<string, number>>();
    for (const book of books.filter((b) => b.status === 'signed')) {
      const full = await get('dept-320000.viewer', `/api/task-books/${book.id}`);
      for (const p of full.sections.find((s: { n: number }) => s.n === 2).content.projects as Project[])
        for (let y = p.startYear; y <= p.endYear; y++) {
          const row = expected.get(y) ?? { government: 0, social: 0, bank: 0, other: 0 };
          for (const source of Object.keys(row)) row[source]! += p.funding[source]! / (p.endYear - p.startYear + 1);
          expected.set(y, row);
        }
    }
    expect(expected.size).toBeGreaterThan(0);
    expect(d.investment.map((r) => r.year)).toEqual([...expected.keys()].sort());
    for (const row of d.investment)
      for (const source of ['government', 'social', 'bank', 'other'] as const)
        expect(row[source], `${row.year} ${source}`).toBeCloseTo(expected.get(row.year)![source]!, 1);
    // a province sees its own books only: the Ministry's figure for 江苏 is the same
    const ministry: Dashboard = await get('mohurd.viewer', '/api/dashboard?province=320000');
    expect(ministry.investment).toEqual(d.investment);
  });

  it('refuses pilots and experts, and a report filter without its year names the field', async () => {
    expect((await (await demo.env.as('pilot-2012-025.viewer')).get('/api/dashboard')).statusCode).toBe(403);
    expect((await (await demo.env.as('experts.reviewer')).get('/api/dashboard/pilots')).statusCode).toBe(403);
    const res = await (await demo.env.as('mohurd.viewer')).get('/api/pilots?report=overdue');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('year');
  });
});

describe("a pilot's own dashboard", () => {
  it('sets its signed task book against its accepted reports', async () => {
    const [wuxi] = (await get('pilot-2012-025.viewer', '/api/pilots')).items as { id: string }[];
    const d = await get('pilot-2012-025.viewer', `/api/pilots/${wuxi!.id}/dashboard`);
    const [book] = (await get('pilot-2012-025.viewer', '/api/task-books')).items as { id: string }[];
    const full = await get('pilot-2012-025.viewer', `/api/task-books/${book!.id}`);
    const projects = full.sections.find((s: { n: number }) => s.n === 2).content.projects as { totalInvestment: number }[];
    expect(d.signed).toBe(true);
    expect(d.projects.planned).toBe(projects.length);
    const planned = d.funding.reduce((a: number, f: { planned: number }) => a + f.planned, 0);
    expect(planned).toBeCloseTo(
      projects.reduce((a, p) => a + p.totalInvestment, 0),
      0,
    );
    // 2013's accepted report: each indicator's actual is the one the report gives
    const reports = (await get('pilot-2012-025.viewer', '/api/annual-reports?year=2013')).items as { id: string; status: string }[];
    expect(reports[0]!.status).toBe('accepted');
    const report = await get('pilot-2012-025.viewer', `/api/annual-reports/${reports[0]!.id}`);
    const first = report.content.indicators[0] as { id: string; actual: number };
    const row = d.indicators.find((i: { id: string }) => i.id === first.id);
    expect(row.years.find((y: { year: number }) => y.year === 2013).actual).toBe(first.actual);
    // what the accepted report says was spent, by year (the demo reports no spending: set some, as a report would)
    await demo.env.database.db.execute(
      sql`update annual_reports set content = jsonb_set(content, '{projects,0,spent}', '{"government": 100, "social": 20.5, "bank": 0, "other": 4}')
        where id = ${reports[0]!.id}`,
    );
    const after = await get('pilot-2012-025.viewer', `/api/pilots/${wuxi!.id}/dashboard`);
    expect(after.funding.find((f: { year: number }) => f.year === 2013).spent).toBe(124.5);
    // another province's pilot is missing to a province
    expect((await (await demo.env.as('dept-110000.viewer')).get(`/api/pilots/${wuxi!.id}/dashboard`)).statusCode).toBe(404);
  });
});
