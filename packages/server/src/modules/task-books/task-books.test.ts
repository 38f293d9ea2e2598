import { TASK_BOOK_SECTIONS, type TaskBookContent } from '@smartcity/domain';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm2 } from 'sm-crypto-v2';
import { auditLog, organisationKeys, signatures, taskBookVersions } from '../../db/schema.js';
import { signMessage } from '../../signing/keys.js';
import { asDatabaseOwner } from '../../test/tamper.js';
import { buildApp } from '../../app.js';
import { DocumentRenderer } from '../../documents/pool.js';
import { Agent, createTestEnv, DEMO_PASSWORD, type TestEnv } from '../../test/harness.js';
import { completeContent } from '../../test/task-book-fixture.js';
import { signAs } from '../../test/signed-programme.js';
import { opensslVerifies, type Evidence } from '../../test/openssl.js';
import { signedTaskBookOf } from '../annual-reports/signed-task-book.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const PILOT = 'pilot-2012-025'; // 无锡市, supervised by 江苏 (DEPT-320000)
const as = (who: string) => env.as(who);

async function pilotIdOf(agent: Agent) {
  return (await agent.get('/api/pilots')).json().items[0].id as string;
}

/** The pilot's editor starts a task book and fills every section, each saved with its current version. */
async function draftTaskBook(pilotUser = PILOT, content: TaskBookContent = completeContent()) {
  const editor = await as(`${pilotUser}.editor`);
  const created = await editor.post(`/api/pilots/${await pilotIdOf(editor)}/task-books`);
  expect(created.statusCode).toBe(201);
  const id = created.json().id as string;
  for (const s of TASK_BOOK_SECTIONS) {
    const book = (await editor.get(`/api/task-books/${id}`)).json();
    const version = book.sections[s.n - 1].version;
    const res = await editor.patch(`/api/task-books/${id}/sections/${s.n}`, content[s.key], { 'if-match': `"${version}"` });
    expect(res.statusCode, `section ${s.n}: ${res.body}`).toBe(200);
  }
  return { id, editor };
}

type Node = { code: string; name: string; qualitative: boolean; children: Node[] };

const fire = (agent: Agent, id: string, action: string, extra: object = {}) =>
  agent.post(`/api/task-books/${id}/transitions`, { action, ...extra });

describe('authoring', () => {
  it('starts one task book per pilot per batch, with eight sections in 附件2’s order and wording', async () => {
    const editor = await as('pilot-2012-026.editor');
    const pilotId = await pilotIdOf(editor);
    const res = await editor.post(`/api/pilots/${pilotId}/task-books`);
    expect(res.statusCode).toBe(201);
    const book = res.json();
    expect(book).toMatchObject({
      status: 'draft',
      currentVersion: 0,
      pilot: { name: '常州市' },
      province: { name: '江苏省住房和城乡建设厅' },
      batch: { deadline: '2013-02-22' },
    });
    expect(book.sections.map((s: { heading: string }) => s.heading)).toEqual([
      '一、创建目标',
      '二、主要任务和重点项目（包括任务名称、具体内容、资金筹措、责任部门等）',
      '三、考核指标（对照《国家智慧城市（区、镇）试点指标体系》，分别描述规定项、自选项和创新项指标并明确考核方法）',
      '四、公共信息平台建设、应用和运营（说明平台框架、结构和功能及各业务应用系统和服务内容）',
      '五、阶段目标和工作计划（分年度表述）',
      '六、组织管理',
      '七、保障条件（包括相关政策、资金、技术、人才保障等）',
      '八、创建周期',
    ]);
    // the default period is three years from the year after the batch's (2012年度 → 2013–2015)
    expect(book.sections[7].content).toEqual({ startYear: 2013, endYear: 2015 });
    expect(book.requiredIndicatorCodes).toHaveLength(11);
    expect(book.completeness.length).toBeGreaterThan(10);
    expect((await editor.post(`/api/pilots/${pilotId}/task-books`)).statusCode).toBe(409);
    expect((await (await as('pilot-2012-026.viewer')).post(`/api/pilots/${pilotId}/task-books`)).statusCode).toBe(403);
  });

  it('refuses a stale section save with 409 and never overwrites', async () => {
    const { id, editor } = await draftTaskBook('pilot-2012-027');
    const other = await as('pilot-2012-027.admin');
    const version = (await editor.get(`/api/task-books/${id}`)).json().sections[0].version;
    const mine = { overall: '我的修改', targets: [] };
    const theirs = { overall: '他人的修改', targets: [] };
    const first = await other.patch(`/api/task-books/${id}/sections/1`, theirs, { 'if-match': `"${version}"` });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe(`"${version + 1}"`);
    const stale = await editor.patch(`/api/task-books/${id}/sections/1`, mine, { 'if-match': `"${version}"` });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    expect((await editor.get(`/api/task-books/${id}`)).json().sections[0].content.overall).toBe('他人的修改');
    expect((await editor.patch(`/api/task-books/${id}/sections/1`, mine)).statusCode).toBe(428);
  });

  it('checks sums, years and indicator codes on the server', async () => {
    const { id, editor } = await draftTaskBook('pilot-2012-028');
    const book = (await editor.get(`/api/task-books/${id}`)).json();
    const save = (n: number, body: unknown) =>
      editor.patch(`/api/task-books/${id}/sections/${n}`, body, { 'if-match': `"${book.sections[n - 1].version}"` });
    const tasks = completeContent().tasks;
    const badSum = await save(2, {
      ...tasks,
      projects: [{ ...tasks.projects[0]!, funding: { government: 1, social: 1, bank: 1, other: 1 } }],
    });
    expect(badSum.statusCode).toBe(400);
    expect(badSum.json().error).toMatchObject({ code: 'funding_sum', field: 'projects.0.funding' });
    expect(badSum.json().error.message).toContain('资金来源之和必须等于总投资');
    const tooLong = await save(8, { startYear: 2013, endYear: 2018 });
    expect(tooLong.json().error).toMatchObject({ code: 'period_length', field: 'endYear' });
    const items = completeContent().indicators.items;
    const unknown = await save(3, { items: [{ ...items[0]!, indicatorCode: '9.9.9' }] });
    expect(unknown.json().error).toMatchObject({ code: 'unknown_indicator', field: 'items.0.indicatorCode' });
    const extra = await save(6, { ...completeContent().organisation, secret: 1 });
    expect(extra.json().error).toMatchObject({ code: 'unrecognized_keys', field: 'secret' });
    expect((await editor.patch(`/api/task-books/${id}/sections/9`, {}, { 'if-match': '"1"' })).json().error.field).toBe('n');
  });

  it('takes yes/no or text targets for qualitative indicators and numbers for quantitative ones, naming the field', async () => {
    const { id, editor } = await draftTaskBook('pilot-2012-033');
    const save = async (items: TaskBookContent['indicators']['items']) => {
      const version = (await editor.get(`/api/task-books/${id}`)).json().sections[2].version;
      return editor.patch(`/api/task-books/${id}/sections/3`, { items }, { 'if-match': `"${version}"` });
    };
    const items = () => structuredClone(completeContent().indicators.items);
    // 1.1.2 组织机构 (index 1) is qualitative, 1.2.1 无线网络 (index 5) quantitative (data/indicator-systems/2012.json)
    const numberOnQualitative = items();
    numberOnQualitative[1]!.target = 1;
    const res = await save(numberOnQualitative);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'qualitative_target', field: 'items.1.target' });
    expect(res.json().error.message).toBe('目标值：该指标为定性指标，目标应填“是/否”或文字，不能填数值');
    const yesOnQuantitative = items();
    yesOnQuantitative[5]!.targetsByYear['2014'] = true;
    const en = await editor.patch(
      `/api/task-books/${id}/sections/3`,
      { items: yesOnQuantitative },
      { 'if-match': `"${(await editor.get(`/api/task-books/${id}`)).json().sections[2].version}"`, 'accept-language': 'en' },
    );
    expect(en.statusCode).toBe(400);
    expect(en.json().error).toMatchObject({ code: 'quantitative_target', field: 'items.5.targetsByYear.2014' });
    expect(en.json().error.message).toBe('Target by year: a quantitative indicator takes a number as its target');
    // a text target for a qualitative indicator is kept as written; an innovative indicator takes either
    const text = items();
    text[1]!.target = '成立市长任组长的领导小组';
    text[11]!.target = true;
    expect((await save(text)).statusCode).toBe(200);
    const saved = (await editor.get(`/api/task-books/${id}`)).json().sections[2].content.items;
    expect([saved[1].target, saved[11].target]).toEqual(['成立市长任组长的领导小组', true]);
    // the picker tells the form which is which
    const tree = (await editor.get('/api/indicator-systems/MOHURD-2012/tree')).json();
    const level3 = tree.items.flatMap((a: Node) => a.children.flatMap((b: Node) => b.children));
    expect(level3).toHaveLength(57);
    expect(level3.find((n: Node) => n.code === '1.1.2')).toMatchObject({ name: '组织机构', qualitative: true });
    expect(level3.find((n: Node) => n.code === '1.2.2')).toMatchObject({ name: '宽带网络', qualitative: false });
  });

  it('refuses to drop a mandatory 规定项 row once it is in, but not an optional one', async () => {
    const { id, editor } = await draftTaskBook('pilot-2012-034');
    const save = async (items: TaskBookContent['indicators']['items']) => {
      const version = (await editor.get(`/api/task-books/${id}`)).json().sections[2].version;
      return editor.patch(`/api/task-books/${id}/sections/3`, { items }, { 'if-match': `"${version}"` });
    };
    const items = completeContent().indicators.items;
    const withoutRequired = await save(items.filter((i) => i.indicatorCode !== '1.3.3'));
    expect(withoutRequired.statusCode).toBe(400);
    expect(withoutRequired.json().error).toMatchObject({ code: 'required_indicator_removed', field: 'items' });
    expect(withoutRequired.json().error.message).toBe('考核指标：规定项 1.3.3 不能删除');
    expect((await editor.get(`/api/task-books/${id}`)).json().sections[2].content.items).toHaveLength(12);
    // the 创新项 may go
    expect((await save(items.filter((i) => i.category !== 'innovative'))).statusCode).toBe(200);
  });

  it('reshapes every per-year field when the creation period changes, keeping the years that remain', async () => {
    const { id, editor } = await draftTaskBook('pilot-2012-029');
    const before = (await editor.get(`/api/task-books/${id}`)).json();
    const res = await editor.patch(
      `/api/task-books/${id}/sections/8`,
      { startYear: 2014, endYear: 2017 },
      { 'if-match': `"${before.sections[7].version}"` },
    );
    expect(res.statusCode).toBe(200);
    const after = (await editor.get(`/api/task-books/${id}`)).json();
    expect(after.sections[4].content.years.map((y: { year: number; goals: string }) => [y.year, y.goals])).toEqual([
      [2014, '第 2 年阶段目标'],
      [2015, '第 3 年阶段目标'],
      [2016, ''],
      [2017, ''],
    ]);
    expect(after.sections[2].content.items[5].targetsByYear).toEqual({ 2014: 60, 2015: 90, 2016: null, 2017: null });
    expect(after.sections[2].content.items[0].targetsByYear).toEqual({ 2014: true, 2015: true, 2016: null, 2017: null });
    expect(after.completeness.map((p: { code: string }) => p.code)).toContain('missingYearTarget');
  });
});

describe('the review workflow', () => {
  it('refuses an incomplete submission, with what is missing', async () => {
    const editor = await as('pilot-2012-030.editor');
    const created = (await editor.post(`/api/pilots/${await pilotIdOf(editor)}/task-books`)).json();
    const id = created.id;
    // the button says why before it is pressed
    expect(created.actions).toEqual([{ action: 'submit', kind: 'submit', enabled: false, reason: 'incomplete', needsReason: false }]);
    const res = await fire(editor, id, 'submit');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('incomplete');
  });

  it('goes draft → province → Ministry → signing, refusing wrong parties, roles and states, with reasons shown by section', async () => {
    const { id, editor } = await draftTaskBook();
    const province = await as('dept-320000.reviewer');
    const ministry = await as('mohurd.reviewer');
    // not yet submitted: nobody may review
    expect((await fire(province, id, 'provinceApprove')).statusCode).toBe(409);
    const submitted = await fire(editor, id, 'submit');
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'provinceReview', currentVersion: 1 });
    // frozen: the pilot cannot edit while it is reviewed
    expect((await editor.patch(`/api/task-books/${id}/sections/1`, completeContent().goals, { 'if-match': '"2"' })).statusCode).toBe(409);
    // wrong party, wrong role, wrong state
    expect((await fire(editor, id, 'provinceApprove')).json().error.code).toBe('wrongParty');
    expect((await fire(await as('dept-320000.viewer'), id, 'provinceApprove')).json().error.code).toBe('wrongRole');
    expect((await fire(ministry, id, 'ministryApprove')).statusCode).toBe(409);
    expect((await fire(await as('dept-110000.reviewer'), id, 'provinceApprove')).statusCode).toBe(404); // another province
    // a return needs a reason; the reason is shown beside its section
    expect((await fire(province, id, 'provinceReturn')).json().error.code).toBe('reasonRequired');
    const returned = await fire(province, id, 'provinceReturn', {
      sectionReasons: [{ section: 3, text: '规定项“信息安全”的考核方法不具体' }],
    });
    expect(returned.json()).toMatchObject({ status: 'draft' });
    expect(returned.json().sections[2].returnReasons).toEqual([
      { text: '规定项“信息安全”的考核方法不具体', byName: expect.any(String), action: 'provinceReturn' },
    ]);
    // the pilot fixes section 3 and submits again: version 2, compared with version 1
    const book = returned.json();
    const fixed = structuredClone(book.sections[2].content);
    fixed.items.find((i: { indicatorCode: string }) => i.indicatorCode === '1.3.3').method = '等级保护测评报告与渗透测试';
    expect(
      (await editor.patch(`/api/task-books/${id}/sections/3`, fixed, { 'if-match': `"${book.sections[2].version}"` })).statusCode,
    ).toBe(200);
    // …and links the platform project to one more indicator (section 2)
    const tasks = structuredClone(book.sections[1].content);
    tasks.projects[0].indicatorIds = ['i-1.3.2', 'i-1.1.2'];
    expect(
      (await editor.patch(`/api/task-books/${id}/sections/2`, tasks, { 'if-match': `"${book.sections[1].version}"` })).statusCode,
    ).toBe(200);
    const resubmitted = (await fire(editor, id, 'submit')).json();
    expect(resubmitted).toMatchObject({ status: 'provinceReview', currentVersion: 2, returnedVersion: 1 });
    // the reviewer sees which sections changed since the return
    const reviewed = (await province.get(`/api/task-books/${id}`)).json();
    expect(reviewed.returnedVersion).toBe(1);
    expect(reviewed.sections.filter((s: { changedSinceReturn: boolean }) => s.changedSinceReturn).map((s: { n: number }) => s.n)).toEqual([
      2, 3,
    ]);
    const diff = (await editor.get(`/api/task-books/${id}/diff?from=1&to=2`)).json();
    expect(diff.sections.map((s: { section: number }) => s.section)).toEqual([2, 3]);
    // named as the form names them: the project and indicators by name (the system's name for coded ones), not by path
    expect(diff.sections[0].changes).toEqual([
      expect.objectContaining({
        path: 'projects[#p1].indicatorIds',
        label: '重点项目「城市公共信息平台一期」 › 关联指标',
        beforeText: '1.3.2 城市公共信息平台',
        afterText: '1.3.2 城市公共信息平台、1.1.2 组织机构',
      }),
    ]);
    expect(diff.sections[1].changes[0]).toMatchObject({
      path: 'items[#i-1.3.3].method',
      label: '考核指标「1.3.3 信息安全」 › 考核方法',
      before: '查阅资料与现场核查',
      after: '等级保护测评报告与渗透测试',
      beforeText: '查阅资料与现场核查',
      afterText: '等级保护测评报告与渗透测试',
    });
    expect(diff.sections[1].changes[0].text.map((o: { op: string }) => o.op)).toContain('+');
    // in English when the reader asks for it
    const english = (await editor.get(`/api/task-books/${id}/diff?from=1&to=2`, { 'accept-language': 'en' })).json();
    expect(english.sections[0].changes[0].label).toBe('Key project "城市公共信息平台一期" › Linked indicators');
    expect(english.sections[0].changes[0].afterText).toBe('1.3.2 城市公共信息平台, 1.1.2 组织机构');
    expect(english.sections[1].changes[0].label).toBe('Indicator "1.3.3 信息安全" › Assessment method');
    expect((await fire(province, id, 'provinceApprove')).json().status).toBe('ministryReview');
    expect((await fire(ministry, id, 'ministryReturn', { reason: '请补充投融资方案' })).json().status).toBe('draft');
    expect((await fire(editor, id, 'submit')).json().currentVersion).toBe(3);
    expect((await fire(province, id, 'provinceApprove')).json().status).toBe('ministryReview');
    expect((await fire(ministry, id, 'ministryApprove')).json().status).toBe('signing');
    const versions = (await editor.get(`/api/task-books/${id}/versions`)).json().items;
    expect(versions.map((v: { number: number }) => v.number)).toEqual([1, 2, 3]);
    const actions = (await env.database.db.select().from(auditLog).where(eq(auditLog.targetId, id)).orderBy(auditLog.seq)).map(
      (e) => e.action,
    );
    expect(actions.filter((a) => a.startsWith('taskBook.') && !a.includes('Section'))).toEqual([
      'taskBook.create',
      'taskBook.submit',
      'taskBook.provinceReturn',
      'taskBook.submit',
      'taskBook.provinceApprove',
      'taskBook.ministryReturn',
      'taskBook.submit',
      'taskBook.provinceApprove',
      'taskBook.ministryApprove',
    ]);
  });
});

describe('the deadline', () => {
  it('refuses a first submission after the batch deadline unless the Ministry extends it for that pilot', async () => {
    const { id } = await draftTaskBook('pilot-2012-031');
    env.clock.advance(25 * 86_400_000); // 2013-02-26, past 2013-02-22
    try {
      const editor = await as('pilot-2012-031.editor'); // the earlier session has expired by now
      expect((await editor.get(`/api/task-books/${id}`)).json().actions).toMatchObject([
        { action: 'submit', enabled: false, reason: 'pastDeadline' },
      ]);
      const late = await fire(editor, id, 'submit');
      expect(late.statusCode).toBe(422);
      expect(late.json().error.code).toBe('pastDeadline');
      const pilotId = await pilotIdOf(editor);
      const grant = { rows: [{ kind: 'taskBook', pilotId }], until: '2013-03-15', reason: '同意延期' };
      expect((await (await as('dept-320000.admin')).post('/api/extension-grants', grant)).statusCode).toBe(403);
      expect((await (await as('mohurd.admin')).post('/api/extension-grants', grant)).json().granted).toHaveLength(1);
      expect((await editor.get(`/api/task-books/${id}`)).json().deadlineExtendedTo).toBe('2013-03-15');
      expect((await editor.get(`/api/task-books/${id}`)).json().actions).toMatchObject([{ action: 'submit', enabled: true, reason: null }]);
      expect((await fire(editor, id, 'submit')).json().status).toBe('provinceReview');
    } finally {
      env.clock.advance(-25 * 86_400_000);
    }
  });
});

describe('three-party signing, verification and amendments', () => {
  let id: string;
  let editor: Agent;
  beforeAll(async () => {
    ({ id, editor } = await draftTaskBook('pilot-2012-032'));
    await fire(editor, id, 'submit');
    await fire(await as('dept-320000.reviewer'), id, 'provinceApprove');
    await fire(await as('mohurd.reviewer'), id, 'ministryApprove');
  });

  it('is signed by 甲方, 乙方 and 丙方 signatories only, once each; the last signature completes it', async () => {
    const sign = (who: string, name: string) => signAs(env, who, `/api/task-books/${id}`, { name, title: '负责人' });
    expect((await sign('mohurd.reviewer', '甲')).statusCode).toBe(403); // not a signatory
    expect((await sign('dept-110000.signatory', '外省')).statusCode).toBe(404); // not a party
    expect((await sign('mohurd.signatory', '仇保兴')).json().signatures).toHaveLength(1);
    expect((await sign('mohurd.signatory', '仇保兴')).json().error.code).toBe('already_signed');
    expect((await sign('pilot-2012-032.signatory', '昆山市长')).json().status).toBe('signing');
    const pilotId = await pilotIdOf(editor);
    const pilotStatus = async () => (await (await as('mohurd.viewer')).get(`/api/pilots/${pilotId}`)).json().status;
    expect(await pilotStatus()).toBe('designated');
    // two parties of three: no version governs the pilot's reports yet
    expect(await signedTaskBookOf(env.database.db, pilotId)).toBeNull();
    const done = await sign('dept-320000.signatory', '江苏厅长');
    expect(done.json().status).toBe('signed');
    expect(await signedTaskBookOf(env.database.db, pilotId)).toMatchObject({ taskBookId: id, versionNumber: 1, years: [2013, 2014, 2015] });
    // the last signature put the pilot into 创建期 by itself, audited as the signatory's act
    expect(await pilotStatus()).toBe('creating');
    const moved = await env.database.db.select().from(auditLog).where(eq(auditLog.targetId, pilotId));
    expect(moved.map((e) => [e.action, e.actorName])).toEqual([['pilot.startCreation', expect.any(String)]]);
    expect(
      done
        .json()
        .signatures.map((s: { party: string }) => s.party)
        .sort(),
    ).toEqual(['ministry', 'pilot', 'province']);
    // signed: read-only
    expect((await editor.patch(`/api/task-books/${id}/sections/1`, completeContent().goals, { 'if-match': '"2"' })).statusCode).toBe(409);
    const keys = (await env.anonymous().get('/api/public/keys')).json().items;
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(keys[0].publicKey).toMatch(/^04[0-9a-f]{128}$/);
  });

  it('verifies, and fails when any stored byte of the signed version or a signature changes', async () => {
    const verify = async () => (await editor.get(`/api/task-books/${id}/verify`)).json();
    expect(await verify()).toMatchObject({ ok: true, signed: true });
    const db = env.database.db;
    const [version] = await db.select().from(taskBookVersions).where(eq(taskBookVersions.taskBookId, id));
    // a changed target value in the frozen content
    const content = structuredClone(version!.content) as TaskBookContent;
    content.indicators.items[0]!.target = 91;
    await db.update(taskBookVersions).set({ content }).where(eq(taskBookVersions.id, version!.id));
    const broken = await verify();
    expect(broken.ok).toBe(false);
    expect(broken.versions[0].digestOk).toBe(false);
    await db.update(taskBookVersions).set({ content: version!.content }).where(eq(taskBookVersions.id, version!.id));
    expect((await verify()).ok).toBe(true);
    // a changed signature, and a changed signer name
    // (the rows are append-only: as someone able to switch that off)
    const [sig] = await db.select().from(signatures).where(eq(signatures.subjectId, id));
    const flipped = (sig!.signature.startsWith('0') ? '1' : '0') + sig!.signature.slice(1);
    await asDatabaseOwner(db, ['signatures'], async () => {
      await db.update(signatures).set({ signature: flipped }).where(eq(signatures.id, sig!.id));
      expect((await verify()).ok).toBe(false);
      await db.update(signatures).set({ signature: sig!.signature, signerName: '冒名' }).where(eq(signatures.id, sig!.id));
      expect((await verify()).ok).toBe(false);
      await db.update(signatures).set({ signerName: sig!.signerName }).where(eq(signatures.id, sig!.id));
    });
    expect((await verify()).ok).toBe(true);
    // the private keys at rest are sealed, not plain
    const stored = await db.execute(sql`select private_key_encrypted from organisation_keys limit 1`);
    expect(String((stored.rows[0] as { private_key_encrypted: string }).private_key_encrypted)).toMatch(/^v1\./);
  });

  it('lets anyone verify every signature with OpenSSL 3 alone, from what the API gives', async () => {
    const evidence = await editor.get(`/api/task-books/${id}/signature-evidence`);
    expect(evidence.statusCode, evidence.body).toBe(200);
    const items = evidence.json().items as (Evidence & { party: string })[];
    expect(items.map((i) => i.party).sort()).toEqual(['ministry', 'pilot', 'province']);
    expect(await opensslVerifies(items)).toEqual(items.map(() => ({ genuine: true, altered: false })));
  });

  it('signs a versioned encoding that names every field, keeps signature rows append-only and publishes pinned key fingerprints', async () => {
    const items = (await editor.get(`/api/task-books/${id}/signature-evidence`)).json().items;
    for (const item of items) {
      expect(item.format).toBe('smartcity-signature/2');
      // each field by name (canonical JSON): text cannot move between the signer's name and title and still verify
      expect(JSON.parse(item.message)).toEqual({
        format: 'smartcity-signature/2',
        subjectType: 'taskBook',
        subjectId: id,
        versionNumber: item.versionNumber,
        digest: item.digest,
        party: item.party,
        organisationId: item.organisationId,
        keyFingerprint: item.publicKeyFingerprint,
        signerName: item.signerName,
        signerTitle: item.signerTitle,
        signedOn: item.signedOn,
      });
    }
    const keys = (await env.anonymous().get('/api/public/keys')).json().items;
    for (const item of items)
      expect(keys.find((k: { fingerprint: string }) => k.fingerprint === item.publicKeyFingerprint)).toMatchObject({
        organisationId: item.organisationId,
        pinnedAtSeq: expect.any(Number),
      });
    // refused by the database (checked last: before the fix these changes landed and spoiled the next tests)
    const db = env.database.db;
    const [sig] = await db.select().from(signatures).where(eq(signatures.subjectId, id));
    const refused = (e: unknown) => /signatures is append-only/.test(String((e as { cause?: Error }).cause?.message));
    await expect(db.update(signatures).set({ signerTitle: '改' }).where(eq(signatures.id, sig!.id))).rejects.toSatisfy(refused);
    await expect(db.delete(signatures).where(eq(signatures.id, sig!.id))).rejects.toSatisfy(refused);
  });

  it('refuses a public key replaced in the database even when every signature is made again with it', async () => {
    const db = env.database.db;
    const rows = await db.select().from(signatures).where(eq(signatures.subjectId, id));
    const keysBefore = await db.select().from(organisationKeys);
    const forger = sm2.generateKeyPairHex();
    await asDatabaseOwner(db, ['signatures', 'organisation_keys'], async () => {
      for (const r of rows)
        await db.update(organisationKeys).set({ publicKey: forger.publicKey }).where(eq(organisationKeys.organisationId, r.organisationId));
      // what the evidence now says was signed, signed with the forger's key
      const evidence = (await editor.get(`/api/task-books/${id}/signature-evidence`)).json().items as (Evidence & { party: string })[];
      for (const r of rows)
        await db
          .update(signatures)
          .set({ signature: signMessage(evidence.find((e) => e.party === r.party)!.message, forger.privateKey) })
          .where(eq(signatures.id, r.id));
    });
    try {
      const verify = (await editor.get(`/api/task-books/${id}/verify`)).json();
      expect(verify.ok).toBe(false);
    } finally {
      await asDatabaseOwner(db, ['signatures', 'organisation_keys'], async () => {
        for (const k of keysBefore)
          await db.update(organisationKeys).set({ publicKey: k.publicKey }).where(eq(organisationKeys.organisationId, k.organisationId));
        for (const r of rows) await db.update(signatures).set({ signature: r.signature }).where(eq(signatures.id, r.id));
      });
    }
    expect((await editor.get(`/api/task-books/${id}/verify`)).json().ok).toBe(true);
  });

  it('rotates an organisation key: the new key is announced under the old one, old signatures still verify', async () => {
    const before = (await env.anonymous().get('/api/public/keys')).json().items as {
      organisationId: string;
      fingerprint: string;
      publicKeyPem: string;
    }[];
    const admin = await as('dept-320000.admin');
    const res = await admin.post('/api/organisation-keys/rotation');
    expect(res.statusCode, res.body).toBe(200);
    const rotation = res.json();
    expect(rotation).toMatchObject({ keyNo: 2, userId: '1234567812345678' });
    const previous = before.find((k) => k.fingerprint === rotation.previousFingerprint)!;
    expect(previous).toBeDefined();
    // anyone can check with OpenSSL that the old key announced the new one
    expect(
      await opensslVerifies([
        { message: rotation.statement, signatureDer: rotation.signatureDer, publicKeyPem: previous.publicKeyPem, userId: rotation.userId },
      ]),
    ).toEqual([{ genuine: true, altered: false }]);
    expect(JSON.parse(rotation.statement)).toMatchObject({ previousFingerprint: previous.fingerprint, fingerprint: rotation.fingerprint });
    const after = (await env.anonymous().get('/api/public/keys')).json().items as { fingerprint: string; retiredAt: string | null }[];
    expect(after.find((k) => k.fingerprint === previous.fingerprint)!.retiredAt).not.toBeNull();
    expect(after.find((k) => k.fingerprint === rotation.fingerprint)!.retiredAt).toBeNull();
    expect((await editor.get(`/api/task-books/${id}/verify`)).json().ok).toBe(true);
    await expect((await as('dept-320000.editor')).post('/api/organisation-keys/rotation')).resolves.toMatchObject({ statusCode: 403 });
  });

  it('never serves a tampered signed version as the official document', async () => {
    const db = env.database.db;
    const [version] = await db.select().from(taskBookVersions).where(eq(taskBookVersions.taskBookId, id));
    const content = structuredClone(version!.content) as TaskBookContent;
    content.goals.overall = '篡改后的总体目标';
    await db.update(taskBookVersions).set({ content }).where(eq(taskBookVersions.id, version!.id));
    try {
      for (const format of ['docx', 'pdf']) {
        const res = await editor.get(`/api/task-books/${id}/document.${format}`);
        expect(res.statusCode, format).toBe(409);
        expect(res.json().error.code).toBe('version_tampered');
      }
    } finally {
      await db.update(taskBookVersions).set({ content: version!.content }).where(eq(taskBookVersions.id, version!.id));
    }
    expect((await editor.get(`/api/task-books/${id}/document.docx`)).statusCode).toBe(200);
  });

  it('changes after signing only through a typed amendment, signed again by all three; the history stays readable', async () => {
    expect((await editor.post(`/api/task-books/${id}/amendments`, { type: 'indicatorTarget', reason: '' })).statusCode).toBe(400);
    const opened = await editor.post(`/api/task-books/${id}/amendments`, { type: 'indicatorTarget', reason: '上调信息共享率目标' });
    expect(opened.json()).toMatchObject({ status: 'draft', openAmendment: { type: 'indicatorTarget', fromVersion: 1 } });
    const section = opened.json().sections[2];
    const content = structuredClone(section.content);
    content.items[5].target = 95; // 1.2.1 无线网络, quantitative
    expect((await editor.patch(`/api/task-books/${id}/sections/3`, content, { 'if-match': `"${section.version}"` })).statusCode).toBe(200);
    expect((await fire(editor, id, 'submit')).json()).toMatchObject({ status: 'provinceReview', currentVersion: 2 });
    await fire(await as('dept-320000.reviewer'), id, 'provinceApprove');
    await fire(await as('mohurd.reviewer'), id, 'ministryApprove');
    const pilotId = await pilotIdOf(editor);
    const governing = async () => {
      const signed = await signedTaskBookOf(env.database.db, pilotId);
      return [signed?.versionNumber, signed?.content.indicators.items[5]?.target];
    };
    for (const who of ['mohurd.signatory', 'pilot-2012-032.signatory']) await signAs(env, who, `/api/task-books/${id}`);
    // until the third party signs the amendment, the version signed before it still governs the reports
    expect(await governing()).toEqual([1, 90]);
    await signAs(env, 'dept-320000.signatory', `/api/task-books/${id}`);
    expect(await governing()).toEqual([2, 95]);
    const book = (await editor.get(`/api/task-books/${id}`)).json();
    expect(book).toMatchObject({ status: 'signed', currentVersion: 2, openAmendment: null });
    // the amendment's signatures leave the pilot where the first ones put it
    expect((await editor.get(`/api/pilots/${pilotId}`)).json().status).toBe('creating');
    const moves = await env.database.db.select().from(auditLog).where(eq(auditLog.targetId, pilotId));
    expect(moves.map((e) => e.action)).toEqual(['pilot.startCreation']);
    const verification = (await editor.get(`/api/task-books/${id}/verify`)).json();
    expect(verification.ok).toBe(true);
    expect(verification.versions.map((v: { number: number; signatures: unknown[] }) => [v.number, v.signatures.length])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect((await editor.get(`/api/task-books/${id}/versions/1`)).json().indicators.items[5].target).toBe(90);
    const diff = (await editor.get(`/api/task-books/${id}/diff?from=1&to=2`)).json();
    expect(diff.sections[0].changes).toEqual([
      {
        path: 'items[#i-1.2.1].target',
        label: '考核指标「1.2.1 无线网络」 › 目标值',
        before: 90,
        after: 95,
        beforeText: '90',
        afterText: '95',
      },
    ]);
  });
});

describe('official documents', () => {
  it('downloads the signed task book as DOCX and PDF with Chinese file names', async () => {
    const { id, editor } = await draftTaskBook('pilot-2012-035');
    const docx = await editor.get(`/api/task-books/${id}/document.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.headers['content-disposition']).toContain(encodeURIComponent('国家智慧城市创建任务书'));
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await editor.get(`/api/task-books/${id}/document.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('answers a clear 503 instead of a PDF of empty boxes when no CJK font is available', async () => {
    const { id } = await draftTaskBook('pilot-2012-036');
    // the same database served by a renderer whose font folders hold no CJK font
    const app = await buildApp({
      database: env.database,
      config: env.config,
      clock: env.clock,
      documents: new DocumentRenderer({ size: 1, systemFontDirs: [] }),
    });
    const savedEnv = process.env.SMARTCITY_FONT_DIR;
    process.env.SMARTCITY_FONT_DIR = '/nonexistent';
    try {
      const editor = new Agent(app, DEMO_PASSWORD);
      await editor.signIn('pilot-2012-036.editor');
      const res = await editor.get(`/api/task-books/${id}/document.pdf`);
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('no_cjk_font');
      expect(res.json().error.message).toContain('6763');
    } finally {
      if (savedEnv === undefined) delete process.env.SMARTCITY_FONT_DIR;
      else process.env.SMARTCITY_FONT_DIR = savedEnv;
      await app.close();
    }
  });
});

describe('required indicators per batch (规定项)', () => {
  it('default to every level-3 indicator under 保障体系与基础设施 and can be set by the Ministry only', async () => {
    const ministry = await as('mohurd.admin');
    const before = (await ministry.get('/api/batches')).json().items[0];
    expect(before).toMatchObject({ year: 2012, requiredIsDefault: true });
    expect(before.requiredIndicatorCodes).toEqual([
      '1.1.1',
      '1.1.2',
      '1.1.3',
      '1.1.4',
      '1.1.5',
      '1.2.1',
      '1.2.2',
      '1.2.3',
      '1.3.1',
      '1.3.2',
      '1.3.3',
    ]);
    expect(
      (await (await as('dept-320000.admin')).request('PUT', '/api/batches/2012/required-indicators', { codes: ['1.1.1'] })).statusCode,
    ).toBe(403);
    const unknown = await ministry.request('PUT', '/api/batches/2012/required-indicators', { codes: ['1.1.1', '9.9.9'] });
    expect(unknown.json().error).toMatchObject({ code: 'unknown_indicator', field: 'codes.1' });
    const set = await ministry.request('PUT', '/api/batches/2012/required-indicators', { codes: ['1.3.2', '2.1.2'] });
    expect(set.json().items[0]).toMatchObject({ requiredIsDefault: false, requiredIndicatorCodes: ['1.3.2', '2.1.2'] });
    // a task book now misses 2.1.2 (数字化城市管理) until it chooses it
    const { id, editor } = await draftTaskBook('pilot-2012-037');
    const book = (await editor.get(`/api/task-books/${id}`)).json();
    expect(book.requiredIndicatorCodes).toEqual(['1.3.2', '2.1.2']);
    expect(book.completeness).toEqual([{ section: 3, code: 'requiredIndicatorMissing', subject: '2.1.2' }]);
    expect((await fire(editor, id, 'submit')).json().error.code).toBe('incomplete');
    await ministry.request('PUT', '/api/batches/2012/required-indicators', { codes: before.requiredIndicatorCodes });
  });
});

describe('attachments (修改完善的实施方案 and others)', () => {
  const multipart = (filename: string, data: Buffer) => {
    const boundary = '----smartcity-test';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  };
  const upload = (agent: Agent, id: string, kind: string, filename: string, data: Buffer) => {
    const { body, headers } = multipart(filename, data);
    return agent.request('POST', `/api/task-books/${id}/attachments?kind=${kind}`, body as unknown as string, headers);
  };

  it('accepts the allowed types within the size limit, with an SM3 checksum checked again on download', async () => {
    const { id, editor } = await draftTaskBook('pilot-2012-038');
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1000, 0x20)]);
    const res = await upload(editor, id, 'implementationPlan', '无锡市智慧城市试点实施方案（修改稿）.pdf', pdf);
    expect(res.statusCode).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({
      kind: 'implementationPlan',
      mediaType: 'application/pdf',
      size: pdf.length,
      filename: '无锡市智慧城市试点实施方案（修改稿）.pdf',
    });
    expect(file.sm3).toMatch(/^[0-9a-f]{64}$/);
    expect((await editor.get(`/api/task-books/${id}/attachments`)).json().items).toHaveLength(1);
    const back = await editor.get(`/api/task-books/${id}/attachments/${file.id}`);
    expect(back.rawPayload.equals(pdf)).toBe(true);
    expect(back.headers['x-content-sm3']).toBe(file.sm3);
    // a renamed executable, an unknown kind, an oversize file, a non-multipart body
    const exe = await upload(editor, id, 'other', '实施方案.pdf', Buffer.from('MZ\x90\x00 not a pdf'));
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error).toMatchObject({ code: 'unsupported_file_type', field: 'file' });
    expect((await upload(editor, id, 'virus', 'a.pdf', pdf)).json().error.field).toBe('kind');
    const big = await upload(editor, id, 'other', 'big.pdf', Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(20 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect((await editor.post(`/api/task-books/${id}/attachments?kind=other`, { file: 'x' })).statusCode).toBe(415);
    expect((await editor.get(`/api/task-books/${id}/attachments`)).json().items).toHaveLength(1);
    // the province (浙江, pilot 38 is 宁波市镇海区) reads but does not add
    const province = await as('dept-330000.reviewer');
    expect((await province.get(`/api/task-books/${id}/attachments/${file.id}`)).statusCode).toBe(200);
    expect((await upload(province, id, 'other', 'a.pdf', pdf)).statusCode).toBe(403);
    // a changed stored byte is caught on the way out
    await env.database.db.execute(sql`update attachments set data = ${Buffer.from('%PDF-changed')} where id = ${file.id}`);
    expect((await editor.get(`/api/task-books/${id}/attachments/${file.id}`)).json().error.code).toBe('attachment_corrupt');
    expect((await editor.delete(`/api/task-books/${id}/attachments/${file.id}`)).statusCode).toBe(200);
    expect((await editor.get(`/api/task-books/${id}/attachments`)).json().items).toHaveLength(0);
  });
});
