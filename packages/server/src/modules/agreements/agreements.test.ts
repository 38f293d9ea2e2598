import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreements, signatures } from '../../db/schema.js';
import { canonicalJson, sm3 } from '../../lib/canonical.js';
import { opensslVerifies, type Evidence } from '../../test/openssl.js';
import { asDatabaseOwner } from '../../test/tamper.js';
import { createTestEnv, DEMO_PASSWORD, type Agent, type TestEnv } from '../../test/harness.js';
import { setPerson } from '../../test/signed-programme.js';

let env: TestEnv;
const tmp = mkdtempSync(join(tmpdir(), 'agreement-'));
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await env?.close();
});

const as = (who: string) => env.as(who);
const content = (goals = '到 2015 年，全省试点城市建成城市公共信息平台。') => ({
  goals,
  ministryDuties: '甲方负责试点工作的统筹指导、政策支持和验收评价。',
  provinceDuties: '乙方负责组织本省试点城市的创建工作，落实配套资金和政策。\n乙方每年向甲方报告进展。',
  support: '甲方在科技计划项目、标准规范等方面给予支持。',
  term: '本协议有效期至 2015 年 12 月 31 日。',
});
const fire = (agent: Agent, id: string, action: string) => agent.post(`/api/agreements/${id}/transitions`, { action });
const sign = (agent: Agent, id: string) => agent.post(`/api/agreements/${id}/signatures`, { password: DEMO_PASSWORD });

async function draft(provinceCode: string) {
  const res = await (await as('mohurd.admin')).post('/api/agreements', { provinceCode, content: content() });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe('drafting', () => {
  it('creates one agreement per province with pilots, naming its 省级人民政府; only the Ministry admin may', async () => {
    const admin = await as('mohurd.admin');
    const res = await admin.post('/api/agreements', { provinceCode: '320000', content: content() });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'draft',
      province: { code: '320000', name: '江苏省' },
      government: { name: '江苏省人民政府' },
      digest: null,
      actions: [{ action: 'freeze' }],
    });
    expect((await admin.post('/api/agreements', { provinceCode: '320000', content: content() })).json().error.code).toBe(
      'agreement_exists',
    );
    expect((await (await as('mohurd.editor')).post('/api/agreements', { provinceCode: '330000', content: content() })).statusCode).toBe(
      403,
    );
    expect((await (await as('gov-330000.admin')).post('/api/agreements', { provinceCode: '330000', content: content() })).statusCode).toBe(
      403,
    );
    const bad = await admin.post('/api/agreements', { provinceCode: '330000', content: { ...content(), goals: 42 } });
    expect(bad.json().error).toMatchObject({ code: 'invalid_type', field: 'content.goals' });
    expect((await admin.post('/api/agreements', { provinceCode: '999999', content: content() })).json().error).toMatchObject({
      code: 'invalid_value',
      field: 'provinceCode',
    });
    // 广西 has no pilot in batch 1: nothing to promote yet
    expect((await admin.post('/api/agreements', { provinceCode: '450000', content: content() })).json().error).toMatchObject({
      code: 'province_without_pilots',
      field: 'provinceCode',
    });
  });

  it('is seen by the Ministry, its provincial government and that province’s department only', async () => {
    const id = await draft('340000');
    for (const who of ['mohurd.viewer', 'gov-340000.viewer', 'dept-340000.viewer']) {
      expect((await (await as(who)).get(`/api/agreements/${id}`)).statusCode, who).toBe(200);
    }
    expect((await (await as('gov-110000.viewer')).get(`/api/agreements/${id}`)).statusCode).toBe(404);
    expect((await (await as('dept-110000.viewer')).get(`/api/agreements/${id}`)).statusCode).toBe(404);
    expect((await (await as('pilot-2012-025.admin')).get(`/api/agreements/${id}`)).statusCode).toBe(403);
    const list = (await (await as('gov-340000.viewer')).get('/api/agreements')).json().items;
    expect(list.map((a: { id: string }) => a.id)).toEqual([id]);
  });

  it('edits the draft with If-Match, refusing stale versions and other parties', async () => {
    const id = await draft('350000');
    const editor = await as('mohurd.editor');
    const got = await editor.get(`/api/agreements/${id}`);
    const etag = got.headers.etag as string;
    const saved = await editor.patch(`/api/agreements/${id}`, { content: content('新的创建目标') }, { 'if-match': etag });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().content.goals).toBe('新的创建目标');
    expect((await editor.patch(`/api/agreements/${id}`, { content: content('旧的') }, { 'if-match': etag })).json().error.code).toBe(
      'stale_version',
    );
    expect((await editor.patch(`/api/agreements/${id}`, { content: content() })).statusCode).toBe(428);
    expect(
      (
        await (
          await as('gov-350000.admin')
        ).patch(`/api/agreements/${id}`, { content: content() }, { 'if-match': saved.headers.etag as string })
      ).statusCode,
    ).toBe(403);
  });
});

describe('freezing and signing', () => {
  let id: string;
  beforeAll(async () => {
    id = await draft('370000');
  });

  it('freezes by the Ministry admin only, from draft only, storing the SM3 digest of the canonical content', async () => {
    expect((await sign(await as('mohurd.signatory'), id)).json().error.code).toBe('wrong_state');
    expect((await fire(await as('gov-370000.admin'), id, 'freeze')).statusCode).toBe(403);
    expect((await fire(await as('mohurd.editor'), id, 'freeze')).json().error.code).toBe('wrongRole');
    const frozen = await fire(await as('mohurd.admin'), id, 'freeze');
    expect(frozen.statusCode).toBe(200);
    expect(frozen.json()).toMatchObject({ status: 'signing', digest: sm3(canonicalJson(content())) });
    expect((await fire(await as('mohurd.admin'), id, 'freeze')).json().error.code).toBe('wrong_state');
    // frozen: no more edits
    const editor = await as('mohurd.editor');
    const etag = (await editor.get(`/api/agreements/${id}`)).headers.etag as string;
    expect((await editor.patch(`/api/agreements/${id}`, { content: content('x') }, { 'if-match': etag })).json().error.code).toBe(
      'wrong_state',
    );
    // the last signature completes signing, never a button
    // the platform completes it with the last signature: nobody fires it by hand
    expect((await fire(await as('mohurd.signatory'), id, 'completeSigning')).json().error).toMatchObject({
      code: 'invalid_value',
      field: 'action',
    });
  });

  it('is signed by 甲方 and 乙方 once each; the second signature completes it; both owe it on their to-do lists until then', async () => {
    // the signatures name the people behind the accounts
    await setPerson(env, 'mohurd.signatory', { name: '张建华', title: '副部长' });
    await setPerson(env, 'gov-370000.signatory', { name: '李省长', title: '省长' });
    const ministry = await as('mohurd.signatory');
    const gov = await as('gov-370000.signatory');
    const todoKinds = async (agent: Agent) =>
      (await agent.get('/api/todos?pageSize=200'))
        .json()
        .items.filter((t: { subjectId: string }) => t.subjectId === id)
        .map((t: { kind: string }) => t.kind);
    expect(await todoKinds(ministry)).toEqual(['signAgreement']);
    expect(await todoKinds(gov)).toEqual(['signAgreement']);
    expect((await sign(await as('gov-110000.signatory'), id)).statusCode).toBe(404);
    expect((await sign(await as('dept-370000.signatory'), id)).statusCode).toBe(403);
    expect((await sign(await as('gov-370000.admin'), id)).statusCode).toBe(403);
    const first = await sign(ministry, id);
    expect(first.json()).toMatchObject({ status: 'signing', signatures: [{ party: 'ministry', signerName: '张建华' }] });
    expect((await sign(ministry, id)).json().error.code).toBe('already_signed');
    expect(await todoKinds(ministry)).toEqual([]);
    const second = await sign(gov, id);
    expect(second.json()).toMatchObject({ status: 'signed', abilities: { sign: false } });
    expect(await todoKinds(gov)).toEqual([]);
    const verified = (await gov.get(`/api/agreements/${id}/verify`)).json();
    expect(verified).toMatchObject({ ok: true, signed: true, versions: [{ number: 1, digestOk: true }] });
    expect(verified.versions[0].signatures.map((s: { party: string; ok: boolean }) => [s.party, s.ok])).toEqual([
      ['ministry', true],
      ['provincialGovernment', true],
    ]);
    // and by anyone, with OpenSSL 3 alone, from what the API gives
    const evidence = (await gov.get(`/api/agreements/${id}/signature-evidence`)).json().items as Evidence[];
    expect(evidence).toHaveLength(2);
    expect(await opensslVerifies(evidence)).toEqual([
      { genuine: true, altered: false },
      { genuine: true, altered: false },
    ]);
  });

  it('fails verification when the content or a signature is tampered with', async () => {
    const db = env.database.db;
    const viewer = await as('mohurd.viewer');
    const [row] = await db.select().from(agreements).where(eq(agreements.id, id));
    await db
      .update(agreements)
      .set({ content: { ...row!.content, support: '被篡改的支持措施' } })
      .where(eq(agreements.id, id));
    const tampered = (await viewer.get(`/api/agreements/${id}/verify`)).json();
    expect(tampered.ok).toBe(false);
    expect(tampered.versions[0].digestOk).toBe(false);
    await db.update(agreements).set({ content: row!.content }).where(eq(agreements.id, id));
    expect((await viewer.get(`/api/agreements/${id}/verify`)).json().ok).toBe(true);

    // signature rows are append-only: as someone able to switch that off
    await asDatabaseOwner(db, ['signatures'], async () => {
      await db
        .update(signatures)
        .set({ signerName: '冒名者' })
        .where(and(eq(signatures.subjectId, id), eq(signatures.party, 'provincialGovernment')));
      const forged = (await viewer.get(`/api/agreements/${id}/verify`)).json();
      expect(forged.ok).toBe(false);
      expect(forged.versions[0].signatures.map((s: { ok: boolean }) => s.ok)).toEqual([true, false]);
      await db
        .update(signatures)
        .set({ signerName: '李省长' })
        .where(and(eq(signatures.subjectId, id), eq(signatures.party, 'provincialGovernment')));
    });
  });

  it('prints the title, both parties, every section and the filled signature block in A4 PDF and DOCX', async () => {
    const gov = await as('gov-370000.viewer');
    const pdf = await gov.get(`/api/agreements/${id}/document.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const path = join(tmp, 'agreement.pdf');
    writeFileSync(path, pdf.rawPayload);
    expect(execFileSync('pdfinfo', [path]).toString()).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-raw', path, '-']).toString().replace(/\s+/g, '');
    for (const s of [
      '共同推进智慧城市创建协议',
      '住房和城乡建设部（甲方）',
      '山东省人民政府（乙方）',
      '二、甲方职责',
      '三、乙方职责',
      '代表（签字）：张建华（副部长）',
      '代表（签字）：李省长（省长）',
    ]) {
      expect(text, s).toContain(s);
    }
    const docx = await gov.get(`/api/agreements/${id}/document.docx`);
    expect(docx.statusCode).toBe(200);
    const xml = strFromU8(unzipSync(new Uint8Array(docx.rawPayload))['word/document.xml']!);
    expect(xml).toContain('共同推进智慧城市创建协议');
    expect(xml).toContain('山东省人民政府（乙方）');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1985" w:left="1588"/);
  });
});
