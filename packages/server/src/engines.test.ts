import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { parse as parseDisposition } from 'content-disposition';
import { Document, ExternalHyperlink, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import Fastify from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sendDownload } from './shared/downloads.js';

/*
 * `npm ci` on Node 20 warns EBADENGINE for three packages that declare Node ≥ 22: cookie 2 (@fastify/cookie,
 * light-my-request), content-disposition 3 (@fastify/static, and our downloads) and nanoid 6 (bundled by docx).
 * README states they are safe on Node ≥ 20.19; these tests run each one's code path on the Node running them.
 */
const dir = mkdtempSync(join(tmpdir(), 'smartcity-engines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FILENAME = '国家智慧城市创建任务书（无锡市）.txt';

async function app() {
  const a = Fastify();
  await a.register(cookie, { secret: 'engines-test-secret-0123456789abcdef' });
  writeFileSync(join(dir, 'task-book.txt'), '任务书');
  await a.register(fastifyStatic, { root: dir, serve: false });
  a.get('/set', async (_req, reply) => reply.setCookie('sc_probe', '智慧城市', { signed: true, path: '/' }).send({ ok: true }));
  a.get('/read', async (req) => {
    const raw = req.cookies.sc_probe;
    return raw === undefined ? { valid: false } : req.unsignCookie(raw);
  });
  a.get('/static-download', async (_req, reply) => reply.download('task-book.txt', FILENAME));
  a.get('/our-download', async (_req, reply) =>
    sendDownload(reply, { mediaType: 'text/plain', filename: FILENAME, body: Buffer.from('任务书') }),
  );
  return a;
}

describe(`packages that declare Node ≥ 22, on Node ${process.versions.node}`, () => {
  it('cookie 2: a signed cookie set and read back, through light-my-request and over real HTTP', async () => {
    const a = await app();
    const set = await a.inject({ url: '/set' });
    const jar = set.cookies.find((c) => c.name === 'sc_probe')!;
    expect(jar.value).toContain('.'); // value.signature
    expect((await a.inject({ url: '/read', cookies: { sc_probe: jar.value } })).json()).toEqual({
      valid: true,
      renew: false,
      value: '智慧城市',
    });
    expect((await a.inject({ url: '/read', cookies: { sc_probe: `${jar.value}x` } })).json()).toMatchObject({ valid: false });

    const base = await a.listen({ host: '127.0.0.1', port: 0 });
    try {
      const setCookie = (await fetch(`${base}/set`)).headers.get('set-cookie')!;
      const pair = setCookie.split(';')[0]!;
      expect(await (await fetch(`${base}/read`, { headers: { cookie: pair } })).json()).toEqual({
        valid: true,
        renew: false,
        value: '智慧城市',
      });
    } finally {
      await a.close();
    }
  });

  it('content-disposition 3: a Chinese file name survives the header, with an ASCII fallback', async () => {
    const a = await app();
    for (const url of ['/static-download', '/our-download']) {
      const res = await a.inject({ url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      const header = res.headers['content-disposition'] as string;
      expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''/);
      expect(parseDisposition(header)).toEqual({ type: 'attachment', parameters: { filename: FILENAME } });
    }
    await a.close();
  });

  it('nanoid 6 (inside docx): a DOCX with a hyperlink and a numbered list gets its unique relationship ids', async () => {
    const doc = new Document({
      numbering: { config: [{ reference: 'tasks', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.' }] }] },
      sections: [
        {
          children: [
            new Paragraph({ numbering: { reference: 'tasks', level: 0 }, children: [new TextRun('建设城市公共信息平台')] }),
            new Paragraph({ children: [new ExternalHyperlink({ link: 'https://example.org/verify', children: [new TextRun('校验')] })] }),
          ],
        },
      ],
    });
    const zip = unzipSync(new Uint8Array(await Packer.toBuffer(doc)));
    const rels = strFromU8(zip['word/_rels/document.xml.rels']!);
    const hyperlink = /Id="([^"]+)"[^>]*Target="https:\/\/example\.org\/verify"/.exec(rels);
    expect(hyperlink?.[1]).toMatch(/^rId[a-z0-9_-]{21}$/);
    expect(strFromU8(zip['word/document.xml']!)).toContain(`r:id="${hyperlink![1]}"`);
  });
});
