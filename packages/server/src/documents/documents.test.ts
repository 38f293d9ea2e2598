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

  it('embeds its font as a subset', () => {
    // pdffonts: name, type (may contain spaces), encoding, emb, sub, uni, object, generation
    const fonts = execFileSync('pdffonts', [join(tmp, 'task-book.pdf')])
      .toString()
      .split('\n')
      .slice(2)
      .filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+\S+ .* yes\s+yes\s+yes\s+\d+\s+\d+$/);
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
