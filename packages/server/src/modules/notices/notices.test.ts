import { ATTACHMENT_MAX_BYTES } from '@smartcity/domain';
import { eq, inArray } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, notices, organisations } from '../../db/schema.js';
import { readNotice } from '../../test/seed-notice.js';
import { createTestEnv, type TestEnv } from '../../test/harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const as = (who: string) => env.as(who);
const db = () => env.database.db;
async function orgIds(...codes: string[]): Promise<[string, ...string[]]> {
  const rows = await db()
    .select({ id: organisations.id, code: organisations.code })
    .from(organisations)
    .where(inArray(organisations.code, codes));
  return codes.map((c) => rows.find((r) => r.code === c)!.id) as [string, ...string[]];
}

const draft = (over: Record<string, unknown> = {}) => ({
  title: '关于报送2013年度试点工作进展的通知',
  docNumber: '建办科函〔2013〕12号',
  issuedOn: '2013-03-01',
  body: '<p>请各地于3月底前报送。</p>',
  audience: { public: false, tiers: [], organisationIds: [] },
  ...over,
});

/** Text of the seed Markdown without its markup (headings' #, bold **, list dashes, hard-break spaces), line by line. */
const seedLines = (md = readNotice()) =>
  md
    .split('\n')
    .map((l) => l.replace(/^#+ /, '').replace(/^- /, '').replace(/\*\*/g, '').trim())
    .filter(Boolean);
/** Text of stored HTML: one line per block, tags removed, the five entities the escaper writes decoded. */
const htmlLines = (html: string) =>
  html
    .replace(/<\/(p|h\d|li)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

describe('the seed notice 建办科〔2013〕5号', () => {
  it('is the first public notice, its body the seed text verbatim, with 附件1 and 附件2', async () => {
    const list = (await env.anonymous().get('/api/public/notices')).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ docNumber: '建办科〔2013〕5号', issuer: '住房和城乡建设部办公厅', issuedOn: '2013-01-29' });
    const one = (await env.anonymous().get(`/api/public/notices/${list[0].id}`)).json();
    expect(htmlLines(one.body)).toEqual(seedLines());
    expect(one.body).toContain('第一批国家智慧城市试点名单');
    expect(one.body).toContain('国家智慧城市创建任务书');
  });
});

/** The paragraphs of a .docx, each the text of its runs. */
const docxLines = (bytes: Buffer) =>
  [...strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!).matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    .map((l) => l.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim())
    .filter(Boolean);

describe('the seed notice’s 附件1 and 附件2', () => {
  it('are Word files anyone downloads from the public notice, each the seed’s text of that annex word for word', async () => {
    const id = (await env.anonymous().get('/api/public/notices')).json().items[0].id;
    const files = (await env.anonymous().get(`/api/public/notices/${id}`)).json().attachments;
    expect(files.map((f: { filename: string }) => f.filename)).toEqual([
      '附件1 第一批国家智慧城市试点名单.docx',
      '附件2 国家智慧城市创建任务书（格式）.docx',
    ]);
    const md = readNotice();
    // the seed splits at its own annex headings: "## 附件 1" … "附件 2:" … the end
    const annexes = [md.slice(md.indexOf('## 附件 1'), md.indexOf('附件 2:')), md.slice(md.indexOf('附件 2:'))];
    for (const [i, file] of files.entries()) {
      const res = await env.anonymous().get(`/api/public/notices/${id}/files/${file.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('wordprocessingml');
      expect(docxLines(res.rawPayload)).toEqual(seedLines(annexes[i]));
    }
    expect(docxLines((await env.anonymous().get(`/api/public/notices/${id}/files/${files[0].id}`)).rawPayload)).toContain(
      '无锡市、常州市、镇江市、泰州市、南京河西新城、苏州工业园区、盐城市城南新区、昆山市花桥经济技术开发区、昆山市张浦镇',
    );
  });
});

describe('the public footer', () => {
  it('names the Ministry as 主办单位 unless configured otherwise', async () => {
    expect((await env.anonymous().get('/api/public/site')).json()).toEqual({
      demo: null,
      sponsor: '中华人民共和国住房和城乡建设部',
      contact: null,
    });
  });
});

describe('a notice the Ministry sends to two provinces', () => {
  let id: string;
  let jiangsu: string, zhejiang: string;
  beforeAll(async () => {
    [jiangsu, zhejiang] = (await orgIds('DEPT-320000', 'DEPT-330000')) as [string, string];
    const res = await (
      await as('mohurd.editor')
    ).post('/api/notices', draft({ audience: { public: false, organisationIds: [jiangsu, zhejiang] } }));
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    expect(res.json()).toMatchObject({
      status: 'draft',
      issuer: '住房和城乡建设部',
      mine: true,
      audienceNames: expect.arrayContaining(['江苏省住房和城乡建设厅']),
    });
  });

  it('is invisible to its addressees while a draft', async () => {
    expect((await (await as('dept-320000.viewer')).get(`/api/notices/${id}`)).statusCode).toBe(404);
  });

  it('is published by the Ministry (audited) and reaches the two provinces only', async () => {
    const res = await (await as('mohurd.editor')).post(`/api/notices/${id}/transitions`, { action: 'publish' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('published');
    const audit = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id));
    expect(audit.map((a) => a.action)).toEqual(['notice.create', 'notice.publish']);

    const inbox = (await (await as('dept-320000.viewer')).get('/api/notices')).json();
    expect(inbox.items.find((n: { id: string }) => n.id === id)).toMatchObject({ read: false });
    expect(inbox.unread).toBe(2); // this one and the public seed notice
    for (const outsider of ['dept-110000.viewer', 'pilot-2012-025.viewer']) {
      const agent = await as(outsider);
      expect((await agent.get('/api/notices')).json().items.map((n: { id: string }) => n.id)).not.toContain(id);
      expect((await agent.get(`/api/notices/${id}`)).statusCode).toBe(404);
    }
    expect((await env.anonymous().get(`/api/public/notices/${id}`)).statusCode).toBe(404);
    expect((await env.anonymous().get('/api/public/notices')).json().items).toHaveLength(1);
  });

  it('gives the Ministry a receipt per organisation once one of its users opened it', async () => {
    const before = (await (await as('mohurd.viewer')).get(`/api/notices/${id}/receipts`)).json().items;
    expect(before.map((r: { organisationId: string; readAt: string | null }) => [r.organisationId, r.readAt]).sort()).toEqual(
      [
        [jiangsu, null],
        [zhejiang, null],
      ].sort(),
    );
    const reader = await as('dept-320000.reviewer');
    expect((await reader.get(`/api/notices/${id}`)).json().read).toBe(true);
    await (await as('dept-320000.viewer')).get(`/api/notices/${id}`); // a second reader of the same organisation changes nothing
    const after = (await (await as('mohurd.viewer')).get(`/api/notices/${id}/receipts`)).json().items;
    const js = after.find((r: { organisationId: string }) => r.organisationId === jiangsu);
    expect(js.readBy).toBe((await (await as('dept-320000.reviewer')).get('/api/session')).json().user.displayName);
    expect(js.readAt).toBe(env.clock.now().toISOString());
    expect(after.find((r: { organisationId: string }) => r.organisationId === zhejiang).readAt).toBeNull();
    expect((await (await as('dept-320000.viewer')).get('/api/notices')).json().unread).toBe(1); // the seed notice
    const reads = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id));
    expect(reads.filter((a) => a.action === 'notice.read')).toHaveLength(1);
  });

  it('keeps receipts from the addressees themselves', async () => {
    expect((await (await as('dept-320000.admin')).get(`/api/notices/${id}/receipts`)).statusCode).toBe(403);
  });

  it('cannot be published twice', async () => {
    const res = await (await as('mohurd.editor')).post(`/api/notices/${id}/transitions`, { action: 'publish' });
    expect(res.statusCode).toBe(409);
  });
});

describe('a notice body', () => {
  it('keeps the document’s structure and drops scripts, styles, handlers and javascript: links', async () => {
    const hostile = [
      '<h2>一、总体要求</h2><p onclick="alert(1)">正文<strong>加粗</strong></p>',
      '<script>alert(1)</script><style>p{color:red}</style>',
      '<a href="javascript:alert(1)">恶意链接</a><a href="https://www.mohurd.gov.cn/">住房和城乡建设部</a>',
      '<img src=x onerror="alert(1)"><iframe src="https://evil.example"></iframe>',
      '<table><tr><td colspan="2" style="background:url(javascript:alert(1))">表格</td></tr></table>',
      '<svg><a xlink:href="javascript:alert(1)">x</a></svg><p><a href="JaVaScRiPt&#58;alert(1)">编码</a></p>',
    ].join('');
    const res = await (await as('mohurd.editor')).post('/api/notices', draft({ body: hostile, audience: { public: true } }));
    expect(res.statusCode, res.body).toBe(201);
    const body: string = res.json().body;
    expect(body).toContain('<h2>一、总体要求</h2>');
    expect(body).toContain('<p>正文<strong>加粗</strong></p>');
    expect(body).toContain('<a href="https://www.mohurd.gov.cn/" rel="noopener noreferrer">住房和城乡建设部</a>');
    expect(body).toContain('<td colspan="2">表格</td>');
    for (const bad of [
      '<script',
      'alert(1)</',
      '<style',
      'onclick',
      'onerror',
      'javascript',
      'JaVaScRiPt',
      '<img',
      '<iframe',
      '<svg',
      'style=',
    ])
      expect(body).not.toContain(bad);
    const stored = await db().select({ body: notices.body }).from(notices).where(eq(notices.id, res.json().id));
    expect(stored[0]!.body).toBe(body);
  });

  it('that is nothing but markup is refused as empty', async () => {
    const res = await (
      await as('mohurd.editor')
    ).post('/api/notices', draft({ body: '<script>alert(1)</script>', audience: { public: true } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('body');
  });
});

describe('bad input, by field', () => {
  it.each([
    ['title', { title: '' }],
    ['issuedOn', { issuedOn: '2013-02-30' }],
    ['body', { body: '' }],
    ['audience', { audience: { public: false } }],
    ['audience.organisationIds', { audience: { public: false, organisationIds: ['00000000-0000-4000-8000-000000000000'] } }],
    ['audience.tiers', { audience: { public: false, tiers: ['mayor'] } }],
  ])('names %s', async (field, over) => {
    const res = await (await as('mohurd.editor')).post('/api/notices', draft(over));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.field).toMatch(new RegExp(`^${field.replace('.', '\\.')}`));
  });

  it('a province addresses only its own pilots and the public', async () => {
    const [wuxi, dongcheng] = (await orgIds('PILOT-2012-025', 'PILOT-2012-001')) as [string, string];
    const dept = await as('dept-320000.editor');
    const foreign = await dept.post('/api/notices', draft({ audience: { public: false, organisationIds: [dongcheng] } }));
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error).toMatchObject({ code: 'audience_out_of_scope', field: 'audience.organisationIds' });
    const tiers = await dept.post('/api/notices', draft({ audience: { public: false, tiers: ['pilot'] } }));
    expect(tiers.json().error).toMatchObject({ code: 'audience_out_of_scope', field: 'audience.tiers' });
    const own = await dept.post(
      '/api/notices',
      draft({ issuer: '江苏省住房和城乡建设厅科技处', audience: { public: false, organisationIds: [wuxi] } }),
    );
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().issuer).toBe('江苏省住房和城乡建设厅科技处');
  });

  it('a pilot or a viewer may not send', async () => {
    expect((await (await as('pilot-2012-025.editor')).post('/api/notices', draft({ audience: { public: true } }))).statusCode).toBe(403);
    expect((await (await as('mohurd.viewer')).post('/api/notices', draft({ audience: { public: true } }))).statusCode).toBe(403);
  });
});

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20)]);

describe('a notice’s attachments', () => {
  let id: string;
  let fileId: string;
  beforeAll(async () => {
    const [jiangsu] = await orgIds('DEPT-320000');
    const res = await (await as('mohurd.editor')).post('/api/notices', draft({ audience: { public: false, organisationIds: [jiangsu] } }));
    id = res.json().id;
  });

  it('are uploaded by the sender to its draft: PDF, Word, Excel or images up to 20 MB, anything else refused', async () => {
    const sender = await as('mohurd.editor');
    const ok = await sender.upload(`/api/notices/${id}/files`, '附件 实施细则.pdf', pdf);
    expect(ok.statusCode, ok.body).toBe(201);
    fileId = ok.json().id;
    expect(ok.json()).toMatchObject({ filename: '附件 实施细则.pdf', mediaType: 'application/pdf', size: pdf.length });
    // a text file; an executable renamed .pdf (its first bytes are not a PDF's)
    expect((await sender.upload(`/api/notices/${id}/files`, '说明.txt', Buffer.from('说明'))).json().error).toMatchObject({
      code: 'unsupported_file_type',
      field: 'file',
    });
    const renamed = await sender.upload(`/api/notices/${id}/files`, 'setup.pdf', Buffer.from('MZ\x90\x00 not a pdf'));
    expect(renamed.statusCode).toBe(415);
    const tooBig = await sender.upload(`/api/notices/${id}/files`, '过大.pdf', Buffer.concat([pdf, Buffer.alloc(ATTACHMENT_MAX_BYTES)]));
    expect(tooBig.statusCode).toBe(413);
    expect((await sender.post(`/api/notices/${id}/files`, { file: 'x' })).statusCode).toBe(415);
    // others may not add to it: a province's editor (not the sender), a viewer of the sender
    expect((await (await as('dept-320000.editor')).upload(`/api/notices/${id}/files`, 'a.pdf', pdf)).statusCode).toBe(404);
    expect((await (await as('mohurd.viewer')).upload(`/api/notices/${id}/files`, 'a.pdf', pdf)).statusCode).toBe(403);
    const list = (await sender.get(`/api/notices/${id}/files`)).json().items;
    expect(list.map((f: { filename: string }) => f.filename)).toEqual(['附件 实施细则.pdf']);
  });

  it('are downloaded by the audience once published, and by nobody outside it (404)', async () => {
    const url = () => `/api/notices/${id}/files/${fileId}`;
    expect((await (await as('dept-320000.viewer')).get(url())).statusCode).toBe(404); // still a draft
    expect((await (await as('mohurd.editor')).post(`/api/notices/${id}/transitions`, { action: 'publish' })).statusCode).toBe(200);
    const got = await (await as('dept-320000.viewer')).get(url());
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    for (const outsider of ['dept-110000.viewer', 'pilot-2012-025.viewer'])
      expect((await (await as(outsider)).get(url())).statusCode).toBe(404);
    expect((await env.anonymous().get(url())).statusCode).toBe(401);
    // not public: the portal does not hand it out either
    expect((await env.anonymous().get(`/api/public/notices/${id}/files/${fileId}`)).statusCode).toBe(404);
    // published, it no longer changes
    const late = await (await as('mohurd.editor')).upload(`/api/notices/${id}/files`, '补充.pdf', pdf);
    expect(late.json().error).toMatchObject({ code: 'wrong_state' });
  });
});

describe('editing a draft', () => {
  let id: string;
  beforeAll(async () => {
    id = (await (await as('mohurd.editor')).post('/api/notices', draft({ audience: { public: true } }))).json().id;
  });
  const patch = async (who: string, body: unknown, version?: number) =>
    (await as(who)).patch(`/api/notices/${id}`, body, version === undefined ? {} : { 'if-match': `"${version}"` });

  it('replaces the fields given against the version read, sanitised and audited', async () => {
    const res = await patch(
      'mohurd.editor',
      { title: '关于报送2013年度试点工作进展的通知（修订）', body: '<h2>一、要求</h2><p onclick="x()">按时报送</p>' },
      1,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({
      version: 2,
      title: '关于报送2013年度试点工作进展的通知（修订）',
      body: '<h2>一、要求</h2><p>按时报送</p>',
      docNumber: '建办科函〔2013〕12号',
      status: 'draft',
    });
    const audit = await db()
      .select({ action: auditLog.action, before: auditLog.beforeDigest, after: auditLog.afterDigest })
      .from(auditLog)
      .where(eq(auditLog.targetId, id));
    expect(audit.map((a) => a.action)).toEqual(['notice.create', 'notice.update']);
    // the log keeps digests of what the fields were and became
    expect(audit[1]!.before).toMatch(/^[0-9a-f]{64}$/);
    expect(audit[1]!.after).toMatch(/^[0-9a-f]{64}$/);
    expect(audit[1]!.after).not.toBe(audit[1]!.before);
  });

  it('refuses a stale version (409), a missing If-Match (428), bad fields by name, and other organisations', async () => {
    const stale = await patch('mohurd.editor', { title: '旧版本上的修改' }, 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale_version', field: 'if-match' });
    expect((await patch('mohurd.editor', { title: '无版本' })).statusCode).toBe(428);
    expect((await patch('mohurd.editor', { body: '<script>x()</script>' }, 2)).json().error.field).toBe('body');
    expect((await patch('mohurd.editor', { issuedOn: '2013-02-30' }, 2)).json().error.field).toBe('issuedOn');
    expect((await patch('mohurd.editor', { colour: 'red' }, 2)).statusCode).toBe(400);
    expect((await patch('dept-320000.editor', { title: '越权' }, 2)).statusCode).toBe(404);
    expect((await patch('mohurd.viewer', { title: '越权' }, 2)).statusCode).toBe(403);
    const [row] = await db().select({ title: notices.title, version: notices.version }).from(notices).where(eq(notices.id, id));
    expect(row).toEqual({ title: '关于报送2013年度试点工作进展的通知（修订）', version: 2 });
  });

  it('clears 文号 with null, and keeps the version when a save changes nothing', async () => {
    const cleared = await patch('mohurd.editor', { docNumber: null }, 2);
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ version: 3, docNumber: null });
    const entries = async () => (await db().select().from(auditLog).where(eq(auditLog.targetId, id))).length;
    const audited = await entries();
    for (const same of [{}, { docNumber: null }, { title: '关于报送2013年度试点工作进展的通知（修订）' }]) {
      const res = await patch('mohurd.editor', same, 3);
      expect(res.statusCode, JSON.stringify(same)).toBe(200);
      expect(res.json().version).toBe(3);
    }
    expect(await entries()).toBe(audited);
  });

  it('is over once the notice is published (409)', async () => {
    await (await as('mohurd.editor')).post(`/api/notices/${id}/transitions`, { action: 'publish' });
    const version = (await (await as('mohurd.editor')).get(`/api/notices/${id}`)).json().version;
    const res = await patch('mohurd.editor', { title: '发布后修改' }, version);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('wrong_state');
  });
});
