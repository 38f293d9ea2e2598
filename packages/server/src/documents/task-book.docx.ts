import type { TaskBookDocument } from '@smartcity/domain';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from 'docx';
import { A4_TWIPS, LINE_PITCH_PT, MARGINS_MM, PAGE_NUMBER_GAP_MM, SIZE_PT, pageNumberText, twips } from './layout.js';
import { qrPng } from './qr.js';
import { taskBookBlocks, taskBookMeta, type Block, type DocumentMeta, type SignatureParty } from './task-book.model.js';

/**
 * Word files name fonts only; the reader's machine supplies them. The Chinese face goes in eastAsia; Latin letters
 * and digits get SimSun / Times New Roman, which every Chinese Windows has. Where 方正小标宋简体 is missing,
 * Word and LibreOffice substitute their default Chinese 宋体.
 */
const FONTS = {
  title: { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '方正小标宋简体' },
  body: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' },
  heading1: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' },
  // GB/T 9704's second-level headings are 楷体
  heading2: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '楷体_GB2312' },
  pageNumber: { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体' },
};
const half = (pt: number) => pt * 2; // docx sizes are half-points
const LINE = { line: LINE_PITCH_PT * 20, lineRule: LineRuleType.EXACT };
const INDENT_2_CHARS = { firstLine: SIZE_PT.body * 2 * 20 };
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const margin = {
  top: twips(MARGINS_MM.top),
  bottom: twips(MARGINS_MM.bottom),
  left: twips(MARGINS_MM.left),
  right: twips(MARGINS_MM.right),
};

export const renderTaskBookDocx = (doc: TaskBookDocument): Promise<Buffer> => renderBlocksDocx(taskBookBlocks(doc), taskBookMeta(doc));

/** Any document made of blocks (task book, co-promotion agreement): a cover first, then the text. */
export async function renderBlocksDocx(blocks: Block[], meta: DocumentMeta): Promise<Buffer> {
  const sections: ISectionOptions[] = [];
  let orientation: 'portrait' | 'landscape' = 'portrait';
  let children: (Paragraph | Table)[] = [];
  // the cover and each orientation marker close a section: Word sets orientation (and page numbering) per section
  const close = () => {
    if (children.length) sections.push(section(children, orientation, sections.length, meta.draft));
    children = [];
  };
  for (const block of blocks) {
    if (block.kind === 'cover') {
      children.push(...cover(block));
      close();
    } else if (block.kind === 'orientation') {
      close();
      orientation = block.value;
    } else {
      children.push(...render(block, orientation));
    }
  }
  close();
  return Packer.toBuffer(
    new Document({
      title: meta.title,
      creator: meta.author,
      // GB/T 9704 puts odd page numbers at the right and even ones at the left
      evenAndOddHeaderAndFooters: true,
      // zh-CN makes LibreOffice substitute missing fonts with a Simplified Chinese face, not a Japanese one
      styles: {
        default: { document: { run: { font: FONTS.body, size: half(SIZE_PT.body), language: { value: 'zh-CN', eastAsia: 'zh-CN' } } } },
      },
      sections,
    }),
  );
}

/** Section 0 is the cover, which has no page number: the text starts at page 1. A draft is marked 草稿 on every page. */
function section(children: (Paragraph | Table)[], orientation: 'portrait' | 'landscape', index: number, draft: boolean): ISectionOptions {
  return {
    properties: {
      page: {
        // docx swaps width and height for landscape
        size: { ...A4_TWIPS, orientation: orientation === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
        // the footer distance runs to the number's foot; its top is to sit 7 mm below the text block
        margin: { ...margin, footer: twips(MARGINS_MM.bottom - PAGE_NUMBER_GAP_MM) - SIZE_PT.pageNumber * 20 },
        ...(index === 1 ? { pageNumbers: { start: 1 } } : {}),
      },
    },
    ...(draft ? { headers: { default: draftHeader(), even: draftHeader() } } : {}),
    ...(index > 0 ? { footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') } } : {}),
    children,
  };
}

/** `— n —`, odd pages at the right and even ones at the left, one character in from the text block's edge. */
function pageNumberFooter(side: 'odd' | 'even') {
  const [before, after] = pageNumberText('#').split('#');
  const oneChar = SIZE_PT.pageNumber * 20;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: oneChar } : { left: oneChar },
        children: [
          new TextRun({ children: [before!, PageNumber.CURRENT, after!], font: FONTS.pageNumber, size: half(SIZE_PT.pageNumber) }),
        ],
      }),
    ],
  });
}

/** 草稿 in large light-grey 黑体 at the head of every page of an unsigned document. */
function draftHeader() {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: '草稿', font: FONTS.heading1, size: half(36), color: 'A6A6A6' })],
      }),
    ],
  });
}

function cover(block: Extract<Block, { kind: 'cover' }>): Paragraph[] {
  const line = (text: string, font: typeof FONTS.title, size: number, before: number) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before }, children: [new TextRun({ text, font, size: half(size) })] });
  return [
    line(block.title, FONTS.title, 26, 2400),
    ...block.lines.map((l, i) => line(l, FONTS.heading2, SIZE_PT.body, i ? 240 : 1200)),
    line(block.issuer, FONTS.body, SIZE_PT.body, 3600),
    line(block.date, FONTS.body, SIZE_PT.body, 240),
  ];
}

function render(block: Exclude<Block, { kind: 'cover' | 'orientation' }>, orientation: 'portrait' | 'landscape'): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
      return [
        new Paragraph({
          outlineLevel: block.level - 1,
          keepNext: true,
          spacing: LINE,
          indent: INDENT_2_CHARS,
          children: [new TextRun({ text: block.text, font: block.level === 1 ? FONTS.heading1 : FONTS.heading2 })],
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({ spacing: LINE, indent: INDENT_2_CHARS, alignment: AlignmentType.JUSTIFIED, children: [new TextRun(block.text)] }),
      ];
    case 'caption':
      return [
        new Paragraph({
          keepNext: true,
          alignment: AlignmentType.CENTER,
          spacing: { before: 120, after: 120 },
          children: [new TextRun({ text: block.text, font: FONTS.heading1, size: half(SIZE_PT.table) })],
        }),
      ];
    case 'table':
      return [table(block, orientation), new Paragraph({ spacing: LINE, children: [] })];
    case 'signatures':
      return block.parties.flatMap(signature);
    case 'verification':
      return verification(block);
  }
}

/** A signed document's digest, verification link and the link's QR code (an image: Word has no vector QR). */
function verification(v: Extract<Block, { kind: 'verification' }>): Paragraph[] {
  const keep = { keepNext: true, keepLines: true };
  const label = (text: string) => new TextRun({ text, font: FONTS.heading1, size: half(SIZE_PT.table) });
  const small = (text: string) => new TextRun({ text, size: half(10.5) });
  return [
    new Paragraph({ ...keep, spacing: { before: 580 }, children: [label('文本摘要（SM3）：')] }),
    new Paragraph({ ...keep, children: [small(v.digest)] }),
    new Paragraph({ ...keep, children: [label('验证地址：')] }),
    new Paragraph({ ...keep, children: [small(v.url)] }),
    new Paragraph({
      ...keep,
      children: [
        new ImageRun({
          type: 'png',
          data: qrPng(v.url),
          // 30 mm square at 96 pixels to the inch
          transformation: { width: 113, height: 113 },
          altText: { name: 'QR', title: '验证二维码', description: v.url },
        }),
      ],
    }),
    new Paragraph({ children: [small('扫描二维码或访问上述地址，可核验本文本的摘要和各方签名。')] }),
  ];
}

function table(block: Extract<Block, { kind: 'table' }>, orientation: 'portrait' | 'landscape') {
  const page = orientation === 'landscape' ? A4_TWIPS.height : A4_TWIPS.width;
  const textWidth = page - margin.left - margin.right;
  const totalWeight = block.columns.reduce((s, c) => s + c.weight, 0);
  const widths = block.columns.map((c) => Math.floor((textWidth * c.weight) / totalWeight));
  const alignment = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT };
  const row = (cells: string[], opts: { header?: boolean; bold?: boolean }) =>
    new TableRow({
      tableHeader: opts.header ?? false, // Word repeats header rows on every page the table spans
      // a row moves to the next page whole (as in the PDF); only a row taller than a page is broken
      cantSplit: true,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i]!, type: WidthType.DXA },
            verticalAlign: VerticalAlign.CENTER,
            margins: { left: 60, right: 60, top: 30, bottom: 30 },
            children: text.split('\n').map(
              (line) =>
                new Paragraph({
                  alignment: opts.header ? AlignmentType.CENTER : alignment[block.columns[i]?.align ?? 'left'],
                  children: [
                    new TextRun({
                      text: line,
                      size: half(fittingSize(line, widths[i]!)),
                      bold: opts.bold ?? false,
                      ...(opts.header ? { font: FONTS.heading1 } : {}),
                    }),
                  ],
                }),
            ),
          }),
      ),
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: [row(block.header, { header: true }), ...block.rows.map((r) => row(r.cells, { bold: r.total ?? false }))],
  });
}

/**
 * A number never breaks across lines: a cell whose longest number would not fit its width at 四号 is set smaller. Word
 * measures the text itself, so this estimates Times New Roman's digits (half an em) and separators (a quarter).
 */
function fittingSize(text: string, widthTwips: number): number {
  const room = widthTwips - 120; // the cell's left and right margins
  const em = (n: string) => [...n].reduce((w, ch) => w + (/\d/.test(ch) ? 0.5 : 0.25), 0);
  const widest = Math.max(0, ...(text.match(/\d[\d,.]*/g) ?? []).map(em));
  const fits = SIZE_PT.table * 20 * widest <= room;
  return fits ? SIZE_PT.table : Math.floor((room / (20 * widest)) * 2) / 2;
}

/** One party of 附件2's block: who, 负责人（签字）, the seal and the date; kept on one page. */
function signature(p: SignatureParty): Paragraph[] {
  const keep = { keepNext: true, keepLines: true, spacing: LINE };
  // the date stands four characters from the right edge (as GB/T 9704 places 成文日期), the seal roughly centred above it
  const right = (chars: number) => ({ ...keep, alignment: AlignmentType.RIGHT, indent: { right: SIZE_PT.body * chars * 20 } });
  return [
    new Paragraph({ ...keep, spacing: { ...LINE, before: 580 }, children: [new TextRun(p.party)] }),
    new Paragraph({
      ...keep,
      indent: INDENT_2_CHARS,
      children: [
        new TextRun(p.signLabel),
        // unsigned: an underlined blank to sign on paper
        p.signatory ? new TextRun(p.signatory) : new TextRun({ text: '\u3000'.repeat(10), underline: {} }),
      ],
    }),
    new Paragraph({ ...right(5.5), children: [new TextRun(p.seal)] }),
    new Paragraph({ ...right(4), keepNext: false, children: [new TextRun(p.date)] }),
  ];
}
