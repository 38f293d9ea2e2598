import { randomUUID } from 'node:crypto';
import { panelExplanation } from '@smartcity/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expertAssignments, organisations, pilots, users } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { createTestEnv, type TestEnv } from '../../test/harness.js';
import { expertPanelRepository } from './expert-panel.repository.js';
import { expertPanel, type PanelSubject } from './expert-panel.service.js';

/*
 * The panel decisions (docs/expert-panel.md), one table for both subjects that experts score. The expected
 * experts are written out by hand from the seeded committee — 张 上海, 李 广东, 王 四川, 赵 湖北, 陈 江苏,
 * experts.reviewer 北京 — plus one member with no home province on file; the subjects are in 江苏.
 */
let env: TestEnv;
let jiangsuPilot: { id: string; orgId: string };
const ids = new Map<string, string>();
const id = (username: string) => ids.get(username)!;

beforeAll(async () => {
  env = await createTestEnv();
  const db = env.database.db;
  const [committee] = await db.select().from(organisations).where(eq(organisations.type, 'expertCommittee'));
  await db.insert(users).values({
    organisationId: committee!.id,
    username: 'expert.nohome',
    displayName: '周宁（专家，籍贯未登记）',
    passwordHash: 'x',
    roles: ['reviewer'],
    homeProvinceCode: null,
  });
  for (const u of await db.select({ id: users.id, username: users.username }).from(users).where(eq(users.organisationId, committee!.id)))
    ids.set(u.username, u.id);
  const [p] = await db
    .select({ id: pilots.id, orgId: pilots.organisationId })
    .from(pilots)
    .where(eq(pilots.provinceCode, '320000'))
    .orderBy(pilots.seq)
    .limit(1)
    .offset(5);
  jiangsuPilot = p!;
});
afterAll(() => env?.close());

const tx = <T>(fn: (tx: Parameters<Parameters<TestEnv['database']['db']['transaction']>[0]>[0]) => Promise<T>) =>
  env.database.db.transaction(fn);
const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: e.code, field: e.field };
    throw e;
  }
  return null;
};
const pilotReaders = async () =>
  (await env.database.db.select().from(expertAssignments).where(eq(expertAssignments.pilotId, jiangsuPilot.id))).map((r) => r.expertUserId);

// Subjects run in this order: the second sees the open load the first left behind.
const SUBJECTS = [
  {
    kind: 'application (综合评审)',
    subject: (): PanelSubject => ({
      type: 'application',
      id: randomUUID(),
      ownerOrgId: jiangsuPilot.orgId,
      provinceCode: '320000',
      grantsPilot: null,
    }),
    // everyone at load 0: byte order of usernames ('.' sorts before 's', unlike most locale collations)
    automatic: ['expert.li', 'expert.wang', 'expert.zhang'],
    readsPilot: false,
  },
  {
    kind: 'acceptance (验收)',
    subject: (): PanelSubject => ({
      type: 'acceptance',
      id: randomUUID(),
      ownerOrgId: jiangsuPilot.orgId,
      provinceCode: '320000',
      grantsPilot: jiangsuPilot.id,
    }),
    // wang and zhang still owe their application review; li has scored it: li, zhao, reviewer at load 0
    automatic: ['expert.li', 'expert.zhao', 'experts.reviewer'],
    readsPilot: true,
  },
] as const;

describe.each(SUBJECTS)('the expert panel of an $kind', ({ subject: make, automatic, readsPilot }) => {
  let subject: PanelSubject;
  beforeAll(() => {
    subject = make();
  });

  it('chooses automatically the least loaded without a conflict: never 江苏, never a member with no home province', async () => {
    const chosen = await tx((t) => expertPanel.assign(t, subject, { count: 3 }));
    expect(chosen.map((c) => c.id)).toEqual(automatic.map(id));
    expect(panelExplanation('zh-CN', chosen[0]!.basis)).toMatch(/^籍贯.+，回避本省；分配时待评 \d+ 件（最少）$/);
    expect(panelExplanation('en', chosen[0]!.basis)).toMatch(
      /^home province .+, which it does not review; \d+ open reviews when assigned \(the fewest\)$/,
    );
    expect(new Set(await pilotReaders()).has(id(automatic[0]))).toBe(readsPilot);
  });

  it('lets the Ministry name a member with no home province by hand, but never one of the province', async () => {
    expect(
      await refusal(tx((t) => expertPanel.assign(t, subject, { count: 3, expertUserIds: [id('expert.nohome'), id('expert.chen')] }))),
    ).toEqual({
      status: 422,
      code: 'conflict_of_interest',
      field: 'expertUserIds.1',
    });
    const [named] = await tx((t) => expertPanel.assign(t, subject, { count: 3, expertUserIds: [id('expert.nohome')] }));
    expect(panelExplanation('zh-CN', named!.basis)).toMatch(/^部指定；籍贯未登记；分配时待评 \d+ 件$/);
    expect(panelExplanation('en', named!.basis)).toMatch(
      /^Named by the Ministry; home province not recorded; \d+ open reviews when assigned$/,
    );
    expect(await refusal(tx((t) => expertPanel.assign(t, subject, { count: 3, expertUserIds: [id('experts.viewer')] })))).toMatchObject({
      code: 'not_an_expert',
    });
  });

  it('takes one submission per expert, answering a repeat with already_scored', async () => {
    const at = new Date('2013-06-01T00:00:00Z');
    const sheet = { scores: { overall: 80 }, total: 80, comment: '', at };
    expect(await tx((t) => expertPanel.score(t, subject, id(automatic[0]), sheet, 'scores', false))).toBe(1);
    expect(await refusal(tx((t) => expertPanel.score(t, subject, id(automatic[0]), sheet, 'scores', false)))).toEqual({
      status: 409,
      code: 'already_scored',
      field: 'scores',
    });
    expect(await refusal(tx((t) => expertPanel.score(t, subject, id('expert.chen'), sheet, 'scores', false)))).toMatchObject({
      status: 403,
      code: 'not_assigned',
    });
  });

  it('revokes an expert who has not scored (its pilot access with it), never one who has', async () => {
    expect(await refusal(tx((t) => expertPanel.revoke(t, subject, id(automatic[0]))))).toMatchObject({
      status: 409,
      code: 'already_scored',
    });
    await tx((t) => expertPanel.revoke(t, subject, id('expert.nohome')));
    const panel = (await expertPanelRepository.members(env.database.db, subject)).map((m) => m.expertUserId);
    expect(panel).toEqual(automatic.map(id));
    expect((await pilotReaders()).includes(id('expert.nohome'))).toBe(false);
  });

  it('ends the experts’ access to the pilot when the subject is decided', async () => {
    const ended = await tx((t) => expertPanel.close(t, subject));
    expect(new Set(ended)).toEqual(new Set(readsPilot ? automatic.map(id) : []));
    const readers = await pilotReaders();
    for (const u of automatic) expect(readers.includes(id(u))).toBe(false);
  });
});
