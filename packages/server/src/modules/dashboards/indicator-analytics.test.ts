import type { IndicatorAnalytics } from '@smartcity/domain';
import { describe, expect, it } from 'vitest';
import { onDemoProgramme } from '../../test/demo-env.js';

// The demo programme's accepted annual reports, read through the lists and records a reviewer reads, give the
// expected figures; the analytics route must give the same, and a province only its own pilots' share of them.
const demo = onDemoProgramme();
const get = demo.get;

interface Value {
  pilot: string;
  year: number;
  value: number;
}
interface PilotInfo {
  id: string;
  kind: string;
  provinceCode: string;
  batchYear: number;
}
interface Node {
  id: string;
  code: string;
  level: number;
  qualitative: boolean;
  children: Node[];
}

/** Linear interpolation between the order statistics (what a spreadsheet's QUARTILE.INC gives). */
function quantile(values: number[], p: number) {
  const sorted = values.toSorted((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.ceil(at)]! - sorted[lo]!) * (at - lo);
}

const byYear = (values: Value[]) => {
  const years = new Map<number, number[]>();
  for (const v of values) years.set(v.year, [...(years.get(v.year) ?? []), v.value]);
  return [...years].sort(([a], [b]) => a - b);
};

/** Every reported value of the level-3 indicator `code` in reports of any status, as `who` reads them. */
async function reportedValues(who: string, code: string) {
  const reports = (await get(who, '/api/annual-reports')).items as {
    id: string;
    taskBookId: string;
    status: string;
    pilot: { id: string };
  }[];
  const itemOf = new Map<string, string | undefined>();
  const values: (Value & { status: string })[] = [];
  for (const r of reports) {
    if (!itemOf.has(r.taskBookId)) {
      const book = await get(who, `/api/task-books/${r.taskBookId}`);
      const items = book.sections.find((s: { n: number }) => s.n === 3).content.items as { id: string; indicatorCode: string | null }[];
      itemOf.set(r.taskBookId, items.find((i) => i.indicatorCode === code)?.id);
    }
    const itemId = itemOf.get(r.taskBookId);
    if (!itemId) continue;
    const report = await get(who, `/api/annual-reports/${r.id}`);
    const actual = report.content.indicators.find((i: { id: string }) => i.id === itemId)?.actual;
    if (typeof actual === 'number') values.push({ pilot: r.pilot.id, year: report.year, value: actual, status: r.status });
  }
  return values;
}

function expectSummaries(got: IndicatorAnalytics['years'], values: Value[], qualitative: boolean, label: string) {
  const expected = byYear(values);
  expect(
    got.map((s) => s.year),
    label,
  ).toEqual(expected.map(([y]) => y));
  for (const [year, vs] of expected) {
    const s = got.find((g) => g.year === year)!;
    expect(s.pilots, `${label} ${year}`).toBe(vs.length);
    if (qualitative) {
      const counts = new Map<number, number>();
      for (const v of vs) counts.set(v, (counts.get(v) ?? 0) + 1);
      expect(new Map(s.answers.map((a) => [a.value, a.pilots])), `${label} ${year}`).toEqual(counts);
      expect(s.median).toBeNull();
    } else {
      expect(s.min, `${label} ${year} min`).toBe(Math.min(...vs));
      expect(s.max, `${label} ${year} max`).toBe(Math.max(...vs));
      expect(s.median, `${label} ${year} median`).toBeCloseTo(quantile(vs, 0.5), 9);
      expect(s.q1, `${label} ${year} q1`).toBeCloseTo(quantile(vs, 0.25), 9);
      expect(s.q3, `${label} ${year} q3`).toBeCloseTo(quantile(vs, 0.75), 9);
      expect(s.answers).toEqual([]);
    }
  }
}

async function level3(code: string) {
  const [system] = (await get('mohurd.viewer', '/api/indicator-systems')).items as { id: string }[];
  const all = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...all(n.children)]);
  const nodes = all((await get('mohurd.viewer', `/api/indicator-systems/${system!.id}/tree`)).items as Node[]);
  return nodes.find((n) => n.code === code)!;
}

const pilotsOf = async (who: string) =>
  (await get(who, '/api/pilots?pageSize=200')).items.map((p: PilotInfo) => [p.id, p]) as [string, PilotInfo][];

describe('indicator analytics', () => {
  it('gives the Ministry the distribution, cohorts and one pilot against its median from accepted reports only', async () => {
    const indicator = await level3('1.2.1'); // 无线网络: quantitative, 规定项 of batch 1
    expect(indicator.qualitative).toBe(false);
    const reported = await reportedValues('mohurd.viewer', '1.2.1');
    const accepted = reported.filter((v) => v.status === 'accepted');
    expect(accepted.length).toBeGreaterThan(20);
    // reports not yet accepted carry values too: counting them would change the figures
    expect(reported.length).toBeGreaterThan(accepted.length);

    const pilots = new Map(await pilotsOf('mohurd.viewer'));
    const d: IndicatorAnalytics = await get('mohurd.viewer', `/api/indicator-analytics?indicator=${indicator.id}&cohort=kind`);
    expect(d.indicator).toMatchObject({ code: '1.2.1', qualitative: false });
    expectSummaries(d.years, accepted, false, 'all');
    const kinds = [...new Set(accepted.map((v) => pilots.get(v.pilot)!.kind))].sort();
    expect(d.cohorts.map((c) => c.key).sort()).toEqual(kinds);
    for (const c of d.cohorts)
      expectSummaries(
        c.years,
        accepted.filter((v) => pilots.get(v.pilot)!.kind === c.key),
        false,
        c.key,
      );

    // one pilot against its province's median
    const wuxi = accepted.find((v) => pilots.get(v.pilot)!.provinceCode === '320000')!.pilot;
    const byProvince: IndicatorAnalytics = await get(
      'mohurd.viewer',
      `/api/indicator-analytics?indicator=${indicator.id}&cohort=province&pilot=${wuxi}`,
    );
    expect(byProvince.pilot!.cohortKey).toBe('320000');
    expect(byProvince.cohorts.find((c) => c.key === '320000')!.name).toBe('江苏省');
    const jiangsu = accepted.filter((v) => pilots.get(v.pilot)!.provinceCode === '320000');
    expect(byProvince.pilot!.years.map((y) => [y.year, y.value])).toEqual(
      accepted
        .filter((v) => v.pilot === wuxi)
        .map((v) => [v.year, v.value])
        .sort(([a], [b]) => a! - b!),
    );
    for (const y of byProvince.pilot!.years) {
      const cohort = jiangsu.filter((v) => v.year === y.year).map((v) => v.value);
      expect(y.cohortPilots).toBe(cohort.length);
      expect(y.cohortMedian).toBeCloseTo(quantile(cohort, 0.5), 9);
    }
  });

  it('counts the pilots per answer for a qualitative indicator', async () => {
    const indicator = await level3('1.1.2'); // 组织机构
    expect(indicator.qualitative).toBe(true);
    const accepted = (await reportedValues('mohurd.viewer', '1.1.2')).filter((v) => v.status === 'accepted');
    expect(accepted.length).toBeGreaterThan(0);
    const pilots = new Map(await pilotsOf('mohurd.viewer'));
    const d: IndicatorAnalytics = await get('mohurd.viewer', `/api/indicator-analytics?indicator=${indicator.id}`);
    expect(d.cohort).toBe('batch');
    expectSummaries(d.years, accepted, true, 'all');
    for (const c of d.cohorts)
      expectSummaries(
        c.years,
        accepted.filter((v) => String(pilots.get(v.pilot)!.batchYear) === c.key),
        true,
        c.key,
      );
  });

  it("gives a province its own pilots' values only, not even another province's counts", async () => {
    const indicator = await level3('1.2.1');
    const own = new Map(await pilotsOf('dept-320000.viewer'));
    const all = (await reportedValues('mohurd.viewer', '1.2.1')).filter((v) => v.status === 'accepted');
    const expected = all.filter((v) => own.has(v.pilot));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    const d: IndicatorAnalytics = await get('dept-320000.viewer', `/api/indicator-analytics?indicator=${indicator.id}&cohort=province`);
    expectSummaries(d.years, expected, false, 'jiangsu');
    expect(d.cohorts.map((c) => c.key)).toEqual(['320000']);
    // a foreign pilot is missing, not compared
    const foreign = all.find((v) => !own.has(v.pilot))!.pilot;
    const res = await (await demo.env.as('dept-320000.viewer')).get(`/api/indicator-analytics?indicator=${indicator.id}&pilot=${foreign}`);
    expect(res.statusCode).toBe(404);
    const beijing: IndicatorAnalytics = await get(
      'dept-110000.viewer',
      `/api/indicator-analytics?indicator=${indicator.id}&cohort=province`,
    );
    expect(beijing.cohorts.every((c) => c.key === '110000')).toBe(true);
  });

  it('refuses pilots, and names the field of an indicator that is not level 3', async () => {
    const indicator = await level3('1.2.1');
    expect((await (await demo.env.as('pilot-2012-025.viewer')).get(`/api/indicator-analytics?indicator=${indicator.id}`)).statusCode).toBe(
      403,
    );
    const level2 = await level3('1.2');
    const res = await (await demo.env.as('mohurd.viewer')).get(`/api/indicator-analytics?indicator=${level2.id}&cohort=kind`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('indicator');
    const bad = await (await demo.env.as('mohurd.viewer')).get(`/api/indicator-analytics?indicator=${indicator.id}&cohort=city`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('cohort');
  });
});
