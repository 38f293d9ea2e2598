import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftApplication, fire } from '../packages/server/src/modules/applications/applications.test-kit.js';
import { signProgramme } from '../packages/server/src/test/signed-programme.js';
import { chineseOutsideNames, newPage, openStage, settled, signIn, switchToEnglish, type Stage } from './support.js';

// The whole UI in English: every main page of each role, scanned for Chinese outside proper names and official titles.
let stage: Stage;
const ids = {} as Record<
  'pilot' | 'signedBook' | 'draftBook' | 'call' | 'application' | 'report' | 'inspection' | 'acceptance' | 'agreement',
  string
>;

const ok = (res: { statusCode: number; body: string; json(): unknown }, status: number) => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as { id: string; items: { id: string }[] };
};

beforeAll(async () => {
  stage = await openStage();
  const { env } = stage;
  const signed = await signProgramme(env); // 无锡市: signed task book and the 江苏 agreement
  ids.signedBook = signed.taskBookId;
  ids.agreement = signed.agreementId;
  const wuxi = await env.as('pilot-2012-025.editor');
  ids.pilot = ok(await wuxi.get('/api/pilots'), 200).items[0]!.id;
  ids.report = ok(await wuxi.post(`/api/pilots/${ids.pilot}/annual-reports`, { year: 2013 }), 201).id;
  ids.acceptance = ok(await (await env.as('pilot-2012-025.admin')).post(`/api/pilots/${ids.pilot}/acceptance`), 201).id;
  ids.inspection = ok(
    await (
      await env.as('dept-320000.reviewer')
    ).post('/api/inspections', {
      pilotId: ids.pilot,
      inspectedOn: '2013-01-30',
      inspectors: ['张检查'],
      projectsChecked: ['城市公共信息平台一期'],
      summary: '平台数据共享不足',
      findings: [{ title: '部门数据未接入平台', description: '住建、交通数据未共享', rectificationDue: '2013-03-31' }],
    }),
    201,
  ).id;
  // another 江苏 pilot's task book, still a draft its editor fills in
  const changzhou = await env.as('pilot-2012-026.editor');
  const other = ok(await changzhou.get('/api/pilots'), 200).items[0]!.id;
  ids.draftBook = ok(await changzhou.post(`/api/pilots/${other}/task-books`), 201).id;
  // a call with an application the province has recommended, reviewed by a named expert
  const ministry = await env.as('mohurd.admin');
  ids.call = ok(
    await ministry.post('/api/calls', {
      year: 2013,
      title: '2013年度国家智慧城市试点申报',
      opensOn: '2013-01-15',
      closesOn: '2013-04-30',
      quotaPerProvince: 3,
      taskBookDeadline: '2014-02-28',
    }),
    201,
  ).id;
  ok(await ministry.post(`/api/calls/${ids.call}/transitions`, { action: 'open' }), 200);
  const { id, editor } = await draftApplication(env, 'appl-320500.editor', ids.call, '苏州市');
  ids.application = id;
  ok(await fire(editor, id, 'submit'), 200);
  ok(await fire(await env.as('dept-320000.reviewer'), id, 'forward', '材料齐全，同意推荐。'), 200);
  // chosen automatically: the least loaded, by username, of those not from 江苏 — expert.li first
  ok(await ministry.post(`/api/applications/${id}/assignments`, {}), 200);
}, 240_000);
afterAll(() => stage?.close());

/** Visits each path and returns the offenders as "path: text" lines, after a screenshot of each page. */
async function scan(page: Page, shot: (name: string) => Promise<void>, paths: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const path of paths) {
    await page.goto(stage.baseUrl + path);
    await settled(page);
    await shot(path.replace(/[^a-z]+/gi, '-').replace(/^-|-$/g, '') || 'home');
    for (const text of await chineseOutsideNames(page)) problems.push(`${path}: ${text}`);
  }
  return problems;
}

/** Switches the UI to English with the header's language switch (the choice stays in this browser). */
async function english(page: Page) {
  await page.goto(stage.baseUrl + '/login');
  await switchToEnglish(page);
}

const ROLES: [string, string, () => string[]][] = [
  [
    'ministry admin',
    'mohurd.admin',
    () => [
      '/app',
      '/app/pilots',
      `/app/pilots/${ids.pilot}`,
      '/app/task-books',
      `/app/task-books/${ids.signedBook}`,
      '/app/calls',
      `/app/calls/${ids.call}`,
      `/app/applications/${ids.application}`,
      '/app/annual-reports',
      `/app/annual-reports/${ids.report}`,
      '/app/inspections',
      `/app/inspections/${ids.inspection}`,
      '/app/acceptances',
      `/app/acceptances/${ids.acceptance}`,
      '/app/agreements',
      `/app/agreements/${ids.agreement}`,
      '/app/indicators',
      '/app/organisations',
      '/app/rating-rules',
      '/app/notifications',
    ],
  ],
  [
    'province reviewer',
    'dept-320000.reviewer',
    () => [
      '/app',
      '/app/pilots',
      `/app/pilots/${ids.pilot}`,
      `/app/task-books/${ids.signedBook}`,
      `/app/calls/${ids.call}`,
      `/app/applications/${ids.application}`,
      `/app/annual-reports/${ids.report}`,
      `/app/inspections/${ids.inspection}`,
      `/app/acceptances/${ids.acceptance}`,
      '/app/notifications',
    ],
  ],
  [
    'pilot editor with a signed task book',
    'pilot-2012-025.editor',
    () => [
      '/app',
      `/app/pilots/${ids.pilot}`,
      '/app/task-books',
      `/app/task-books/${ids.signedBook}`,
      '/app/annual-reports',
      `/app/annual-reports/${ids.report}`,
      '/app/inspections',
      `/app/inspections/${ids.inspection}`,
      '/app/acceptances',
      `/app/acceptances/${ids.acceptance}`,
      '/app/notifications',
    ],
  ],
  ['pilot editor drafting a task book', 'pilot-2012-026.editor', () => ['/app', `/app/task-books/${ids.draftBook}`]],
  ['applicant', 'appl-320500.editor', () => ['/app/calls', `/app/calls/${ids.call}`, `/app/applications/${ids.application}`, '/app/todos']],
  ['expert', 'expert.li', () => ['/app', '/app/calls', `/app/applications/${ids.application}`, '/app/acceptances', '/app/notifications']],
];

describe('the English UI', () => {
  it('shows no Chinese on the public pages but names and titles', async () => {
    const { page, shot } = await newPage(stage, 'english/public');
    await english(page);
    const pilotId = (await stage.env.anonymous().get('/api/public/pilots')).json().provinces[0].pilots[0].id as string;
    const noticeId = (await stage.env.anonymous().get('/api/public/notices')).json().items[0].id as string;
    const portal = [
      '/',
      '/login',
      '/register',
      `/public/pilots/${pilotId}`,
      `/notices/${noticeId}`,
      `/public/search?q=${encodeURIComponent('无锡')}`,
    ];
    expect(await scan(page, shot, portal)).toEqual([]);
  });

  it.each(ROLES)(
    'shows no Chinese to the %s but names and titles',
    async (role, username, paths) => {
      const { page, shot } = await newPage(stage, `english/${role.replace(/ /g, '-')}`);
      await english(page);
      await signIn(page, stage.baseUrl, username);
      expect(await scan(page, shot, paths())).toEqual([]);
    },
    240_000,
  );
});
