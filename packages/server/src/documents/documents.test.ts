import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { SECTION_SCHEMAS, TASK_BOOK_SECTIONS, TASK_BOOK_TITLE, sectionHeading, type SectionKey } from '@smartcity/domain';
// docx 9 zips with fflate (not jszip), so fflate is already installed
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleTaskBook } from './fixtures.js';
import { findCjkFont, gb2312Hanzi } from './fonts.js';
import { renderTaskBookDocx } from './task-book.docx.js';
import { taskBookBlocks } from './task-book.model.js';
import { renderTaskBookPdf } from './task-book.pdf.js';

const tmp = mkdtempSync(join(tmpdir(), 'task-book-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sample = sampleTaskBook();
let docx: Buffer;
let pdf: Buffer;
beforeAll(async () => {
  [docx, pdf] = await Promise.all([renderTaskBookDocx(sample), renderTaskBookPdf(sample)]);
  writeFileSync(join(tmp, 'task-book.docx'), docx);
  writeFileSync(join(tmp, 'task-book.pdf'), pdf);
});

/** What both files must print, whitespace removed: pdftotext breaks lines wherever the layout did. */
function missingFrom(pdfPath: string): string[] {
  // -raw keeps content-stream order, so a table cell's lines stay together instead of interleaving with the next cell's
  const text = execFileSync('pdftotext', ['-raw', pdfPath, '-']).toString().replace(/\s+/g, '');
  const expected = [
    TASK_BOOK_TITLE,
    sample.pilotName,
    ...TASK_BOOK_SECTIONS.map(sectionHeading),
    ...sample.content.tasks.projects.map((p) => p.name),
    `${sample.ministryName}（甲方）：`,
    `${sample.governmentName}（乙方）：`,
    `${sample.provinceDeptName}（丙方）：`,
    ...Object.values(sample.signatures).map((s) => `负责人（签字）：${s.name}`),
    '2013年2月20日',
    sample.verification!.digest,
    sample.verification!.url,
  ];
  return expected.map((s) => s.replace(/\s+/g, '')).filter((s) => !text.includes(s));
}

describe('sample task book', () => {
  it('is valid content for every section', () => {
    for (const key of Object.keys(SECTION_SCHEMAS) as SectionKey[]) {
      expect(SECTION_SCHEMAS[key].safeParse(sample.content[key]).success, key).toBe(true);
    }
  });

  it('signed, fills in each signatory and date; unsigned, leaves them to be written by hand', () => {
    const parties = (doc: typeof sample) => taskBookBlocks(doc).flatMap((b) => (b.kind === 'signatures' ? b.parties : []));
    expect(parties(sample).map((p) => [p.party, p.signatory, p.date])).toEqual([
      ['住房和城乡建设部（甲方）：', '张建华（副部长）', '2013 年 2 月 20 日'],
      ['无锡市人民政府（乙方）：', '王志明（市长）', '2013 年 2 月 20 日'],
      ['江苏省住房和城乡建设厅（丙方）：', '陈国强（厅长）', '2013 年 2 月 20 日'],
    ]);
    for (const p of parties(sampleTaskBook({ signed: false }))) {
      expect([p.signLabel, p.signatory, p.seal, p.date.replace(/\s+/g, ' ')]).toEqual(['负责人（签字）：', null, '（公 章）', '年 月 日']);
    }
  });
});

describe('DOCX', () => {
  it('is A4 with GB/T 9704 margins in every section', () => {
    const xml = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']!);
    const attrs = (tag: string) =>
      [...xml.matchAll(new RegExp(`<w:${tag} ([^>]*)/>`, 'g'))].map((m) =>
        Object.fromEntries([...m[1]!.matchAll(/w:(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
      );
    const sizes = attrs('pgSz');
    expect(sizes[0]).toMatchObject({ w: '11906', h: '16838' });
    for (const s of sizes) expect(s.orient === 'landscape' ? [s.h, s.w] : [s.w, s.h]).toEqual(['11906', '16838']);
    const margins = attrs('pgMar');
    expect(margins).toHaveLength(sizes.length);
    for (const m of margins) expect(m).toMatchObject({ top: '2098', bottom: '1985', left: '1588', right: '1474' });
  });

  it('marks a draft 草稿 at the head of every page; signed, prints the digest, the link and its QR code instead', async () => {
    const files = (doc: Buffer) => unzipSync(new Uint8Array(doc));
    const headers = (f: Record<string, Uint8Array>) =>
      Object.keys(f)
        .filter((n) => /^word\/header\d*\.xml$/.test(n))
        .map((n) => strFromU8(f[n]!));
    const draft = files(await renderTaskBookDocx(sampleTaskBook({ signed: false })));
    const draftSections = strFromU8(draft['word/document.xml']!).match(/<w:sectPr/g)!.length;
    // every section names a default and an even-page header, each with 草稿
    expect(strFromU8(draft['word/document.xml']!).match(/<w:headerReference w:type="(default|even)"/g)).toHaveLength(2 * draftSections);
    for (const h of headers(draft)) expect(h).toContain('草稿');

    const signed = files(docx);
    expect(headers(signed).join('')).not.toContain('草稿');
    const xml = strFromU8(signed['word/document.xml']!);
    expect(xml).toContain(sample.verification!.digest);
    expect(xml).toContain(sample.verification!.url);
    const png = Object.keys(signed).find((n) => n.startsWith('word/media/') && n.endsWith('.png'))!;
    writeFileSync(join(tmp, 'qr.png'), signed[png]!);
    const decoded = execFileSync('zbarimg', ['-q', '--raw', join(tmp, 'qr.png')], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    expect(decoded.trim()).toBe(sample.verification!.url);
  });

  it('puts odd page numbers at the right and even ones at the left', () => {
    const f = unzipSync(new Uint8Array(docx));
    expect(strFromU8(f['word/settings.xml']!)).toContain('<w:evenAndOddHeaders/>');
    const footers = Object.keys(f)
      .filter((n) => /^word\/footer\d*\.xml$/.test(n))
      .map((n) => strFromU8(f[n]!));
    const sides = new Set(footers.map((x) => /<w:jc w:val="(\w+)"/.exec(x)![1]));
    expect(sides).toEqual(new Set(['right', 'left']));
  });

  it('converted by LibreOffice, prints the title, the eight headings, every project and the signatories', async () => {
    // a private profile: a LibreOffice the developer has open would otherwise take the job, or lock us out
    const profile = pathToFileURL(join(tmp, 'lo-profile')).href;
    const out = join(tmp, 'lo');
    await promisify(execFile)(
      'soffice',
      [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, join(tmp, 'task-book.docx')],
      {
        timeout: 170_000,
      },
    );
    expect(missingFrom(join(out, 'task-book.pdf'))).toEqual([]);
  }, 180_000);
});

describe('PDF', () => {
  it('is A4 and prints the title, the eight headings, every project and the signatories', () => {
    expect(execFileSync('pdfinfo', [join(tmp, 'task-book.pdf')]).toString()).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(missingFrom(join(tmp, 'task-book.pdf'))).toEqual([]);
  });

  it('carries a table row taller than a page over to the next pages', async () => {
    const long = sampleTaskBook({ projects: 2, indicators: 2, years: 3 });
    const content = Array.from({ length: 120 }, (_, i) => `第${i + 1}段：扩展城市公共信息平台。`).join('');
    long.content.tasks.projects[0]!.content = content;
    const path = join(tmp, 'long-row.pdf');
    writeFileSync(path, await renderTaskBookPdf(long));
    // only the 建设内容 column of the landscape pages (x 182–358 pt): its pieces must join up, page after page
    const column = execFileSync('pdftotext', ['-raw', '-x', '181', '-y', '0', '-W', '178', '-H', '595', path, '-']).toString();
    expect(column.replace(/\s+/g, '').replaceAll('建设内容', '')).toContain(content);
    expect(column.split('建设内容').length - 1).toBeGreaterThan(3); // the header row repeated on each page
  });

  it('embeds its fonts as subsets: a serif body, Noto Sans CJK for 黑体 and AR PL UKai for 楷体', () => {
    // pdffonts: name, type (may contain spaces), encoding, emb, sub, uni, object, generation
    const fonts = execFileSync('pdffonts', [join(tmp, 'task-book.pdf')])
      .toString()
      .split('\n')
      .slice(2)
      .filter(Boolean);
    expect(fonts).toHaveLength(3);
    for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+\S+ .* yes\s+yes\s+yes\s+\d+\s+\d+$/);
    const names = fonts.map((l) => l.split(/\s/)[0]!.slice(7));
    expect(names).toEqual(
      expect.arrayContaining([expect.stringMatching(/^NotoSerifCJK/), expect.stringMatching(/^NotoSansCJK/), 'UKaiCN']),
    );
  });

  it('has one bookmark per section, in order', () => {
    // pdftohtml -xml writes the document outline as <outline><item page="n">title</item>…
    const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', join(tmp, 'task-book.pdf')], { maxBuffer: 64 << 20 }).toString();
    const items = [...(/<outline>([\s\S]*?)<\/outline>/.exec(xml)?.[1] ?? '').matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)];
    expect(items.map((m) => m[2])).toEqual(TASK_BOOK_SECTIONS.map(sectionHeading));
    // each leads to the page its heading is printed on
    for (const [, page, title] of items) {
      const text = execFileSync('pdftotext', ['-raw', '-f', page!, '-l', page!, join(tmp, 'task-book.pdf'), '-']).toString();
      expect(text.replace(/\s+/g, ''), title).toContain(title!.replace(/\s+/g, ''));
    }
  });

  it('numbers pages — n — from the first page after the cover: odd at the right, even at the left, one character in', () => {
    const xml = execFileSync('pdftotext', ['-bbox', join(tmp, 'task-book.pdf'), '-']).toString();
    const pages = xml.split('<page ').slice(1);
    // GB/T 9704 margins (left 28 mm, right 26 mm) and a 四号 (14 pt) character, in points
    const left = (28 * 72) / 25.4 + 14;
    const rightInset = (26 * 72) / 25.4 + 14;
    pages.forEach((page, i) => {
      const width = Number(/width="([\d.]+)"/.exec(page)![1]);
      const height = Number(/height="([\d.]+)"/.exec(page)![1]);
      const footer = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].filter(
        (w) => Number(w[2]) > height - (35 * 72) / 25.4,
      );
      if (i === 0) return expect(footer, 'the cover').toEqual([]);
      expect(footer.map((w) => w[4]).join(' '), `page ${i + 1}`).toBe(`— ${i} —`);
      if (i % 2 === 1) expect(Number(footer.at(-1)![3])).toBeCloseTo(width - rightInset, 0);
      else expect(Number(footer[0]![1])).toBeCloseTo(left, 0);
    });
  });

  it('is watermarked 草稿 on every page only while unsigned, and dates its cover with the version', async () => {
    const path = join(tmp, 'draft.pdf');
    writeFileSync(path, await renderTaskBookPdf(sampleTaskBook({ signed: false })));
    const pageTexts = (file: string) =>
      execFileSync('pdftotext', ['-raw', file, '-'])
        .toString()
        .split('\f')
        .filter((p) => p.trim())
        .map((p) => p.replace(/\s+/g, ''));
    const draft = pageTexts(path);
    for (const [i, page] of draft.entries()) expect(page, `page ${i + 1}`).toContain('草稿');
    expect(draft[0]).toContain('2013年1月28日');
    const signed = pageTexts(join(tmp, 'task-book.pdf'));
    expect(signed.join('')).not.toContain('草稿');
    expect(signed[0]).toContain('2013年2月20日');
  });

  it('keeps every amount on one line, however large', async () => {
    const big = sampleTaskBook({ projects: 3, indicators: 2, years: 3 });
    const project = big.content.tasks.projects[0]!;
    Object.assign(project, { totalInvestment: 987654321.25, funding: { government: 987654321.25, social: 0, bank: 0, other: 0 } });
    const path = join(tmp, 'big-amounts.pdf');
    writeFileSync(path, await renderTaskBookPdf(big));
    const lines = execFileSync('pdftotext', ['-raw', path, '-']).toString().split('\n');
    const total = big.content.tasks.projects.reduce((sum, p) => sum + p.totalInvestment, 0);
    const onOneLine = (amount: string) => lines.filter((l) => l.includes(amount)).length;
    // the project's 总投资 and 政府投资 (on one table row), and the 合计 row's 总投资
    expect(lines.flatMap((l) => l.match(/987,654,321\.25/g) ?? [])).toHaveLength(2);
    expect(onOneLine(total.toLocaleString('en-US', { maximumFractionDigits: 2 }))).toBe(1);
  });
});

describe('CJK font', () => {
  const saved = process.env.SMARTCITY_FONT_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.SMARTCITY_FONT_DIR;
    else process.env.SMARTCITY_FONT_DIR = saved;
  });

  it('knows the 6,763 hanzi of GB2312', () => {
    const hanzi = gb2312Hanzi();
    expect(hanzi).toHaveLength(6763);
    expect(new Set(hanzi).size).toBe(6763);
    expect([hanzi[0], hanzi.at(-1)]).toEqual(['啊', '齄']);
    expect(/^\p{Script=Han}+$/u.test(hanzi)).toBe(true);
  });

  it('refuses with no_cjk_font when no folder has a font covering GB2312', () => {
    process.env.SMARTCITY_FONT_DIR = mkdtempSync(join(tmp, 'fonts-empty-'));
    expect(() => findCjkFont({ dirs: [] })).toThrow(expect.objectContaining({ status: 503, code: 'no_cjk_font' }));
  });

  it("prefers the office's folder to the system's", () => {
    const system = findCjkFont();
    const office = join(tmp, 'fonts-office');
    mkdirSync(office);
    const licensed = join(office, `licensed${extname(system.path)}`);
    symlinkSync(system.path, licensed);
    process.env.SMARTCITY_FONT_DIR = office;
    expect(findCjkFont()).toMatchObject({ path: licensed, postscriptName: system.postscriptName });
  });
});
