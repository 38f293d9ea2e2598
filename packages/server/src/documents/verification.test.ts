import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatures, taskBookVersions } from '../db/schema.js';
import { createTestEnv, type TestEnv } from '../test/harness.js';
import { approvedTaskBook, signAs, signProgramme } from '../test/signed-programme.js';
import { asDatabaseOwner } from '../test/tamper.js';

// A public address unlike any request's Host, with a path: the printed link must come from it alone.
const PUBLIC_URL = 'https://smartcity.example.gov.cn/portal';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const tmp = mkdtempSync(join(tmpdir(), 'verification-'));
let env: TestEnv;
let ids: { taskBookId: string; agreementId: string };
beforeAll(async () => {
  env = await createTestEnv({ config: { publicUrl: PUBLIC_URL } });
  ids = await signProgramme(env);
}, 120_000);
afterAll(async () => {
  await env?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Each page's text (pdftotext -raw), whitespace removed: diagonal or wrapped text still reads as one string. */
function pagesOf(pdf: Buffer, name: string): string[] {
  const path = join(tmp, name);
  writeFileSync(path, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path]).toString())![1]);
  return Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-raw', '-f', String(i + 1), '-l', String(i + 1), path, '-'])
      .toString()
      .replace(/\s+/g, ''),
  );
}

/** What zbarimg reads from the QR codes on a page of the PDF, rendered at 150 dpi. */
function qrCodesOn(pdf: Buffer, page: number): string[] {
  const dir = mkdtempSync(join(tmp, 'qr-'));
  const path = join(dir, 'doc.pdf');
  writeFileSync(path, pdf);
  execFileSync('pdftoppm', ['-r', '150', '-f', String(page), '-l', String(page), '-png', path, join(dir, 'page')]);
  const png = readdirSync(dir).find((f) => f.endsWith('.png'))!;
  return execFileSync('zbarimg', ['-q', '--raw', join(dir, png)], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .split('\n')
    .filter(Boolean);
}

/** `2026-12-01T…Z` → 2026年12月1日 in Beijing time, without spaces (as pagesOf reads it) */
function beijingDay(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

describe('a signed task book', () => {
  let pages: string[];
  let pdf: Buffer;
  let digest: string;
  beforeAll(async () => {
    const viewer = await env.as('pilot-2012-025.viewer');
    digest = (await viewer.get(`/api/task-books/${ids.taskBookId}/versions`)).json().items.at(-1).digest;
    // the Host a client sends is its own choice and must not end up in the document
    const res = await viewer.get(`/api/task-books/${ids.taskBookId}/document.pdf`, { host: 'attacker.example.com' });
    expect(res.statusCode, res.body).toBe(200);
    pdf = res.rawPayload;
    pages = pagesOf(pdf, 'signed.pdf');
  });

  it('prints the version digest the API reports, a verification link under SMARTCITY_PUBLIC_URL and no 草稿', () => {
    const text = pages.join('');
    expect(text).toContain(digest);
    expect(text).toMatch(new RegExp(`${PUBLIC_URL}/verify/${UUID}`));
    expect(text).not.toContain('attacker.example.com');
    expect(text).not.toContain('草稿');
  });

  it('has a QR code that decodes to the printed link', () => {
    const last = pages.findIndex((p) => p.includes(`${PUBLIC_URL}/verify/`));
    const link = new RegExp(`${PUBLIC_URL}/verify/${UUID}`).exec(pages[last]!)![0];
    expect(qrCodesOn(pdf, last + 1)).toEqual([link]);
  });

  it('dates its cover with the day the last party signed', async () => {
    const book = (await (await env.as('pilot-2012-025.viewer')).get(`/api/task-books/${ids.taskBookId}`)).json();
    const last = book.signatures
      .map((s: { signedOn: string }) => s.signedOn)
      .sort()
      .at(-1) as string;
    const [y, m, d] = last.split('-').map(Number);
    expect(pages[0]).toContain(`${y}年${m}月${d}日`);
  });

  it('verifies publicly, without signing in: valid, with each signer, date and key fingerprint', async () => {
    const link = new RegExp(`${PUBLIC_URL}/verify/(${UUID})`).exec(pages.join(''))!;
    const res = await env.anonymous().get(`/api/public/verifications/${link[1]}`);
    expect(res.statusCode, res.body).toBe(200);
    const keys = (await env.anonymous().get('/api/public/keys')).json().items as { organisationId: string; fingerprint: string }[];
    const evidence = (await (await env.as('pilot-2012-025.viewer')).get(`/api/task-books/${ids.taskBookId}/signature-evidence`)).json()
      .items as { party: string; organisationId: string }[];
    const body = res.json();
    expect(body).toMatchObject({ kind: 'taskBook', pilot: '无锡市', version: 1, current: true, digest, digestOk: true, result: 'valid' });
    expect(body.signatures.map((s: { party: string }) => s.party).sort()).toEqual(['ministry', 'pilot', 'province']);
    for (const s of body.signatures) {
      const org = evidence.find((e) => e.party === s.party)!.organisationId;
      expect(keys.map((k) => k.fingerprint)).toContain(s.keyFingerprint);
      expect(keys.find((k) => k.fingerprint === s.keyFingerprint)!.organisationId).toBe(org);
      expect(s).toMatchObject({ ok: true, signedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    }
  });

  it('verifies as invalid once a signature no longer matches', async () => {
    const link = new RegExp(`${PUBLIC_URL}/verify/(${UUID})`).exec(pages.join(''))!;
    const { db } = env.database;
    const [row] = await db.select().from(signatures).where(eq(signatures.subjectId, ids.taskBookId)).limit(1);
    await asDatabaseOwner(db, ['signatures'], async () => {
      await db.update(signatures).set({ signerName: '冒名者' }).where(eq(signatures.id, row!.id));
      try {
        expect((await env.anonymous().get(`/api/public/verifications/${link[1]}`)).json().result).toBe('invalid');
      } finally {
        await db.update(signatures).set({ signerName: row!.signerName }).where(eq(signatures.id, row!.id));
      }
    });
  });
});

describe('an unsigned task book version', () => {
  let id: string;
  let versionId: string;
  beforeAll(async () => {
    id = await approvedTaskBook(env, 'pilot-2012-032', 'submit');
    const [version] = await env.database.db.select().from(taskBookVersions).where(eq(taskBookVersions.taskBookId, id));
    versionId = version!.id;
  });

  it('is watermarked 草稿 on every page, its cover dated the day the version was frozen, with no verification link', async () => {
    const editor = await env.as('pilot-2012-032.editor');
    const frozen = (await editor.get(`/api/task-books/${id}/versions`)).json().items[0].createdAt as string;
    const pages = pagesOf((await editor.get(`/api/task-books/${id}/document.pdf`)).rawPayload, 'draft.pdf');
    expect(pages.length).toBeGreaterThan(5);
    for (const [i, page] of pages.entries()) expect(page, `page ${i + 1}`).toContain('草稿');
    expect(pages[0]).toContain(beijingDay(frozen));
    expect(pages.join('')).not.toContain('/verify/');
  });

  it('verifies publicly as not signed (未签署), before and after the first of three signatures — never valid', async () => {
    const verify = async () => (await env.anonymous().get(`/api/public/verifications/${versionId}`)).json();
    expect(await verify()).toMatchObject({ result: 'notSigned', signatures: [], digestOk: true, current: true });
    for (const [who, action] of [
      ['dept-320000.reviewer', 'provinceApprove'],
      ['mohurd.reviewer', 'ministryApprove'],
    ] as const)
      expect((await (await env.as(who)).post(`/api/task-books/${id}/transitions`, { action })).statusCode).toBe(200);
    const signed = await signAs(env, 'mohurd.signatory', `/api/task-books/${id}`);
    expect(signed.statusCode, signed.body).toBe(200);
    const partly = await verify();
    expect(partly.result).toBe('notSigned');
    expect(partly.signatures).toMatchObject([{ party: 'ministry', ok: true }]);
  });
});

describe('public verification', () => {
  it('of a signed agreement: its PDF links to it and it is valid', async () => {
    const res = await (await env.as('gov-320000.viewer')).get(`/api/agreements/${ids.agreementId}/document.pdf`);
    const text = pagesOf(res.rawPayload, 'agreement.pdf').join('');
    expect(text).toContain(`${PUBLIC_URL}/verify/${ids.agreementId}`);
    expect(text).not.toContain('草稿');
    const body = (await env.anonymous().get(`/api/public/verifications/${ids.agreementId}`)).json();
    expect(body).toMatchObject({ kind: 'agreement', pilot: null, result: 'valid', digestOk: true });
    expect(body.signatures).toHaveLength(2);
  });

  it('of an id that names nothing: 404', async () => {
    const res = await env.anonymous().get('/api/public/verifications/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
  });
});
