import { describe, expect, it } from 'vitest';
import { actionsFor, can, validateLifecycle } from '../lifecycle/engine.js';
import { ROLES, TIERS } from '../organisation.js';
import { completeness, emptyContent, periodYears, reshapeForPeriod } from './completeness.js';
import { diffContent, diffText } from './diff.js';
import { TASK_BOOK_STATUSES, taskBookLifecycle, type TaskBookGuardContext } from './task-book.lifecycle.js';

const ready: TaskBookGuardContext = { problems: 0, pastDeadline: false, allSigned: true };

describe('the task book lifecycle table', () => {
  it('is valid', () => expect(validateLifecycle(taskBookLifecycle)).toEqual([]));

  // Every tier × role × state: which buttons it gets (guards satisfied). Anything not listed is refused;
  // completeSigning is the platform's, fired when the last signature lands, so it is nobody's button.
  const expected: Record<string, string[]> = {
    'ministry.reviewer': ['ministryReview:ministryApprove', 'ministryReview:ministryReturn'],
    'ministry.admin': ['ministryReview:ministryApprove', 'ministryReview:ministryReturn'],
    'province.reviewer': ['provinceReview:provinceApprove', 'provinceReview:provinceReturn'],
    'province.admin': ['provinceReview:provinceApprove', 'provinceReview:provinceReturn'],
    'pilot.editor': ['draft:submit', 'signed:amend'],
    'pilot.admin': ['draft:submit', 'signed:amend'],
  };
  for (const tier of TIERS) {
    for (const role of ROLES) {
      it(`${tier}.${role}`, () => {
        const got = TASK_BOOK_STATUSES.flatMap((s) =>
          actionsFor(taskBookLifecycle, s, { tier, roles: [role] }, ready).map((a) => `${s}:${a.action}`),
        );
        expect(got).toEqual(expected[`${tier}.${role}`] ?? []);
      });
    }
  }

  it('guards submission by completeness and deadline, and completion by all three signatures', () => {
    const pilot = { tier: 'pilot' as const, roles: ['editor' as const] };
    expect(can(taskBookLifecycle, 'draft', 'submit', pilot, { ...ready, problems: 2 })).toMatchObject({
      reason: 'incomplete',
      status: 422,
    });
    expect(can(taskBookLifecycle, 'draft', 'submit', pilot, { ...ready, pastDeadline: true })).toMatchObject({ reason: 'pastDeadline' });
    const signer = { tier: 'province' as const, roles: ['signatory' as const] };
    expect(can(taskBookLifecycle, 'signing', 'completeSigning', signer, { ...ready, allSigned: false })).toMatchObject({
      reason: 'signaturesMissing',
    });
    const province = { tier: 'province' as const, roles: ['reviewer' as const] };
    expect(can(taskBookLifecycle, 'provinceReview', 'provinceReturn', province, ready, '  ')).toMatchObject({ reason: 'reasonRequired' });
  });
});

describe('completeness, periods and diffs', () => {
  it('lists what an empty draft misses, section by section, including each required indicator', () => {
    const problems = completeness(reshapeForPeriod(emptyContent(2013)), ['1.1.1', '1.3.2']);
    expect(new Set(problems.map((p) => p.section))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    expect(problems.filter((p) => p.code === 'requiredIndicatorMissing').map((p) => p.subject)).toEqual(['1.1.1', '1.3.2']);
    expect(problems.filter((p) => p.code === 'missingYear').map((p) => p.subject)).toEqual(['2013', '2014', '2015']);
  });

  it('reshapes per-year fields to a new period, keeping the years that remain', () => {
    const c = reshapeForPeriod(emptyContent(2013));
    c.plan.years[2]!.goals = '第三年';
    c.period = { startYear: 2015, endYear: 2019 };
    const r = reshapeForPeriod(c);
    expect(periodYears(r)).toEqual([2015, 2016, 2017, 2018, 2019]);
    expect(r.plan.years.map((y) => [y.year, y.goals])).toEqual([
      [2015, '第三年'],
      [2016, ''],
      [2017, ''],
      [2018, ''],
      [2019, ''],
    ]);
  });

  it('diffs text by characters and content by field, matching list items by id', () => {
    expect(diffText('建设城市平台', '建设城市公共信息平台')).toEqual([
      { op: '=', text: '建设城市' },
      { op: '+', text: '公共信息' },
      { op: '=', text: '平台' },
    ]);
    const a = reshapeForPeriod(emptyContent(2013));
    const b = structuredClone(a);
    b.goals.overall = '新目标';
    b.period.endYear = 2016;
    expect(diffContent(a, b).map((d) => [d.section, d.changes.map((c) => c.path)])).toEqual([
      [1, ['overall']],
      [8, ['endYear']],
    ]);
  });
});
