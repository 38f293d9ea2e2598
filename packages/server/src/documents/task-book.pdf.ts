import type { TaskBookDocument } from '@smartcity/domain';
import PDFDocument from 'pdfkit';
import { findCjkFont, findHeadingFont } from './fonts.js';
import { LINE_PITCH_PT, MARGINS_MM, PAGE_NUMBER_GAP_MM, SIZE_PT, pageNumberText, points } from './layout.js';
import { qrModules } from './qr.js';
import { taskBookBlocks, taskBookMeta, type Block, type DocumentMeta, type SignatureParty } from './task-book.model.js';

type Pdf = PDFKit.PDFDocument;
type Orientation = 'portrait' | 'landscape';

const M = {
  top: points(MARGINS_MM.top),
  bottom: points(MARGINS_MM.bottom),
  left: points(MARGINS_MM.left),
  right: points(MARGINS_MM.right),
};
/** pdfkit's names for the three faces: the body's serif, 黑体 and 楷体 (GB/T 9704's heading faces) */
const FONT = { body: 'body', hei: 'hei', kai: 'kai' } as const;
type Face = (typeof FONT)[keyof typeof FONT];
const CELL_PAD = 3;
const CELL_LINE_GAP = 1;
/** amounts and other numbers as printed: 24,700 / 3.5 */
const NUMBER = /\d[\d,.]*/g;

/**
 * The task book as PDF: the body in a CJK serif that covers GB2312, first-level headings in 黑体 and second-level ones
 * in 楷体 (pdfkit embeds only the glyphs used). pdfkit has no bold for a single face, so the title is drawn filled and
 * stroked (faux bold). Each first-level heading is a bookmark.
 */
export const renderTaskBookPdf = (doc: TaskBookDocument): Promise<Buffer> => renderBlocksPdf(taskBookBlocks(doc), taskBookMeta(doc));

/** Any document made of blocks (task book, co-promotion agreement), in the same layout. */
export async function renderBlocksPdf(blocks: Block[], meta: DocumentMeta): Promise<Buffer> {
  const font = findCjkFont(); // before any output: with no font we refuse rather than print empty boxes
  const hei = findHeadingFont('hei');
  const kai = findHeadingFont('kai');
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { ...M },
    autoFirstPage: false,
    bufferPages: true, // page numbers are written once the page count is known
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: meta.title, Author: meta.author },
  });
  const done = collect(pdf);
  for (const [name, f] of [
    [FONT.body, font],
    [FONT.hei, hei],
    [FONT.kai, kai],
  ] as const)
    pdf.registerFont(name, f.path, f.inCollection ? f.postscriptName : undefined);
  pdf.font(FONT.body);

  let orientation: Orientation = 'portrait';
  // pdfkit continues overflowing text on a page like the current one, so only explicit breaks name the orientation
  const newPage = () => pdf.addPage({ size: 'A4', layout: orientation, margins: { ...M } });
  blocks.forEach((block, i) => {
    switch (block.kind) {
      case 'cover':
        newPage();
        cover(pdf, block);
        newPage();
        break;
      case 'orientation':
        orientation = block.value;
        newPage();
        break;
      case 'heading':
        keepSpace(pdf, heightOf(pdf, block.text, SIZE_PT.body) + leadIn(blocks[i + 1]), newPage);
        if (block.level === 1) pdf.outline.addItem(block.text);
        write(pdf, block.text, { size: SIZE_PT.body, indent: 2 * SIZE_PT.body, face: block.level === 1 ? FONT.hei : FONT.kai });
        break;
      case 'paragraph':
        keepSpace(pdf, LINE_PITCH_PT, newPage);
        write(pdf, block.text, { size: SIZE_PT.body, indent: 2 * SIZE_PT.body });
        break;
      case 'caption':
        keepSpace(pdf, leadIn(block), newPage);
        write(pdf, block.text, { size: SIZE_PT.table, align: 'center', face: FONT.hei });
        pdf.moveDown(0.3);
        break;
      case 'table':
        table(pdf, block, newPage);
        pdf.moveDown(0.5);
        break;
      case 'signatures':
        for (const party of block.parties) signature(pdf, party, newPage);
        break;
      case 'verification':
        verification(pdf, block, newPage);
        break;
    }
  });
  finishPages(pdf, meta.draft);
  pdf.end();
  return done;
}

function collect(pdf: Pdf): Promise<Buffer> {
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}

const textWidth = (pdf: Pdf) => pdf.page.width - M.left - M.right;
const bottom = (pdf: Pdf) => pdf.page.height - M.bottom;

/** How much of a block must fit under the heading before it: a heading alone at the foot of a page reads badly. */
const leadIn = (next: Block | undefined) => (next?.kind === 'caption' || next?.kind === 'table' ? 6 * LINE_PITCH_PT : 2 * LINE_PITCH_PT); // a table: caption, header row, first row

/** Starts a new page unless `height` fits below the cursor. */
function keepSpace(pdf: Pdf, height: number, newPage: () => void) {
  if (pdf.y + height > bottom(pdf)) newPage();
}

/** The extra leading that brings the font's own line height up to GB/T 9704's line pitch. */
function lineGap(pdf: Pdf, size: number) {
  pdf.fontSize(size);
  return Math.max(0, LINE_PITCH_PT - pdf.currentLineHeight());
}

function heightOf(pdf: Pdf, text: string, size: number) {
  return pdf.fontSize(size).heightOfString(text, { width: textWidth(pdf), indent: 2 * size, lineGap: lineGap(pdf, size) });
}

interface WriteOptions {
  size: number;
  indent?: number;
  align?: 'left' | 'center' | 'right';
  bold?: boolean;
  face?: Face;
  x?: number;
  width?: number;
}

function write(
  pdf: Pdf,
  text: string,
  { size, indent = 0, align = 'left', bold = false, face = FONT.body, x = M.left, width = textWidth(pdf) }: WriteOptions,
) {
  pdf.font(face);
  const gap = lineGap(pdf, size);
  pdf.lineWidth(size * 0.04);
  pdf.text(text, x, pdf.y, { width, indent, align, lineGap: gap, fill: true, stroke: bold });
  pdf.font(FONT.body);
}

function cover(pdf: Pdf, block: Extract<Block, { kind: 'cover' }>) {
  const centred = (text: string, size: number, y: number, o: { bold?: boolean; face?: Face } = {}) => {
    pdf.y = y;
    write(pdf, text, { size, align: 'center', ...o });
  };
  const h = pdf.page.height;
  centred(block.title, 26, h * 0.3, { bold: true });
  block.lines.forEach((l, i) => centred(l, SIZE_PT.body, h * 0.4 + i * LINE_PITCH_PT, { face: FONT.kai }));
  centred(block.issuer, SIZE_PT.body, h * 0.68);
  centred(block.date, SIZE_PT.body, h * 0.68 + LINE_PITCH_PT);
}

/** A ruled table: the header row repeats on every page, a row too tall for any page is split across pages. */
function table(pdf: Pdf, block: Extract<Block, { kind: 'table' }>, newPage: () => void) {
  pdf.fontSize(SIZE_PT.table);
  const total = block.columns.reduce((s, c) => s + c.weight, 0);
  const widths = block.columns.map((c) => (textWidth(pdf) * c.weight) / total);
  // header cells in 黑体; a cell whose longest number would not fit its width on one line is set smaller until it
  // does: an amount broken across lines (「24,7」「00」) is misread
  const setCell = (text: string, i: number, header: boolean) => {
    pdf.font(header ? FONT.hei : FONT.body).fontSize(SIZE_PT.table);
    const room = widths[i]! - 2 * CELL_PAD;
    const widest = Math.max(0, ...(text.match(NUMBER) ?? []).map((n) => pdf.widthOfString(n)));
    if (widest > room) pdf.fontSize((SIZE_PT.table * room * 0.98) / widest);
  };
  const cellHeight = (text: string, i: number, header = false) => {
    setCell(text, i, header);
    return pdf.heightOfString(text || ' ', { width: widths[i]! - 2 * CELL_PAD, lineGap: CELL_LINE_GAP }) + 2 * CELL_PAD;
  };
  const rowHeight = (cells: string[], header = false) => Math.max(...cells.map((text, i) => cellHeight(text, i, header)));

  const drawRow = (cells: string[], height: number, style: { header?: boolean; bold?: boolean }) => {
    let x = M.left;
    const y = pdf.y;
    pdf.lineWidth(0.5);
    cells.forEach((text, i) => {
      const w = widths[i]!;
      pdf.rect(x, y, w, height).stroke();
      // vertically centred, as the DOCX cells are (measuring also sets the cell's face and size)
      const offset = (height - cellHeight(text, i, style.header)) / 2;
      pdf.lineWidth(SIZE_PT.table * 0.04);
      pdf.text(text, x + CELL_PAD, y + offset + CELL_PAD, {
        width: w - 2 * CELL_PAD,
        lineGap: CELL_LINE_GAP,
        align: style.header ? 'center' : (block.columns[i]?.align ?? 'left'),
        fill: true,
        stroke: style.bold ?? false,
      });
      pdf.lineWidth(0.5);
      x += w;
    });
    pdf.font(FONT.body).fontSize(SIZE_PT.table);
    pdf.x = M.left;
    pdf.y = y + height;
  };
  const headerHeight = rowHeight(block.header, true);
  pdf.font(FONT.body).fontSize(SIZE_PT.table);
  const header = () => drawRow(block.header, headerHeight, { header: true });
  const breakPage = () => {
    newPage();
    pdf.fontSize(SIZE_PT.table);
    header();
  };

  if (pdf.y + headerHeight + pdf.currentLineHeight() * 2 > bottom(pdf)) newPage();
  header();
  for (const row of block.rows) {
    let cells = row.cells;
    for (;;) {
      const height = rowHeight(cells);
      const room = bottom(pdf) - pdf.y;
      if (height <= room) {
        drawRow(cells, height, { bold: row.total ?? false });
        break;
      }
      const freshRoom = bottom(pdf) - M.top - headerHeight;
      if (height <= freshRoom || room < pdf.currentLineHeight(true) + 2 * CELL_PAD) {
        breakPage();
        continue;
      }
      // taller than any page: fill this one and carry the rest of each cell over
      const parts = cells.map((text, i) => {
        setCell(text, i, false);
        return splitToFit(pdf, text, widths[i]! - 2 * CELL_PAD, room - 2 * CELL_PAD);
      });
      drawRow(
        parts.map(([head]) => head),
        room,
        { bold: row.total ?? false },
      );
      breakPage();
      cells = parts.map(([, rest]) => rest);
    }
  }
}

/** The longest head of `text` that fits `height` at `width`, and the rest. */
function splitToFit(pdf: Pdf, text: string, width: number, height: number): [string, string] {
  const fits = (n: number) => pdf.heightOfString(text.slice(0, n) || ' ', { width, lineGap: CELL_LINE_GAP }) <= height;
  if (fits(text.length)) return [text, ''];
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  if (/[\uD800-\uDBFF]/.test(text.charAt(lo - 1))) lo--; // never cut a surrogate pair
  return [text.slice(0, lo), text.slice(lo)];
}

/** One party of 附件2's block, kept on one page; unsigned, an underlined blank to sign on paper. */
function signature(pdf: Pdf, p: SignatureParty, newPage: () => void) {
  const size = SIZE_PT.body;
  keepSpace(pdf, 5 * LINE_PITCH_PT, newPage);
  pdf.moveDown(0.5);
  write(pdf, p.party, { size });
  const label = p.signLabel;
  const y = pdf.y;
  write(pdf, p.signatory ? label + p.signatory : label, { size, indent: 2 * size });
  if (!p.signatory) {
    const x = M.left + 2 * size + pdf.widthOfString(label);
    const underline = y + pdf.currentLineHeight() + 1;
    pdf
      .lineWidth(0.6)
      .moveTo(x, underline)
      .lineTo(x + 10 * size, underline)
      .stroke();
  }
  // the date four characters from the right edge (GB/T 9704's 成文日期), the seal roughly centred above it
  write(pdf, p.seal, { size, align: 'right', width: textWidth(pdf) - 5.5 * size });
  write(pdf, p.date, { size, align: 'right', width: textWidth(pdf) - 4 * size });
}

/**
 * A signed document's digest and verification link, with the link's QR code drawn in vector modules beside it; kept
 * on one page. The digest is set small enough to stay on one line.
 */
function verification(pdf: Pdf, v: Extract<Block, { kind: 'verification' }>, newPage: () => void) {
  const modules = qrModules(v.url);
  const qrSize = points(30);
  keepSpace(pdf, qrSize + 2 * LINE_PITCH_PT, newPage);
  pdf.moveDown(1);
  const top = pdf.y;
  const x = M.left + qrSize + points(5);
  const width = textWidth(pdf) - qrSize - points(5);
  const size = SIZE_PT.table;
  pdf.y = top;
  write(pdf, '文本摘要（SM3）：', { size, x, width, face: FONT.hei });
  write(pdf, v.digest, { size: oneLineSize(pdf, v.digest, width, 10), x, width });
  write(pdf, '验证地址：', { size, x, width, face: FONT.hei });
  write(pdf, v.url, { size: oneLineSize(pdf, v.url, width, 10), x, width });
  write(pdf, '扫描二维码或访问上述地址，可核验本文本的摘要和各方签名。', { size: 10.5, x, width });
  const unit = qrSize / modules.length;
  modules.forEach((row, y) =>
    row.forEach((dark, col) => {
      if (dark) pdf.rect(M.left + col * unit, top + y * unit, unit, unit);
    }),
  );
  pdf.fill('#000000');
  pdf.x = M.left;
  pdf.y = Math.max(pdf.y, top + qrSize);
}

/** The size, at most `max`, at which `text` fits `width` on one line: a digest or link split over lines is hard to copy. */
function oneLineSize(pdf: Pdf, text: string, width: number, max: number) {
  pdf.font(FONT.body).fontSize(max);
  return Math.min(max, (max * width * 0.98) / pdf.widthOfString(text));
}

/**
 * Every page at the end, once the count is known: a draft's diagonal 草稿 watermark on each page, and `— n —` below the
 * text block of every page but the cover, counting from the first page of text; odd numbers at the right and even ones
 * at the left, one character in from the text block's edge (GB/T 9704 7.5).
 */
function finishPages(pdf: Pdf, draft: boolean) {
  const { start, count } = pdf.bufferedPageRange();
  const size = SIZE_PT.pageNumber;
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i);
    const page = pdf.page;
    // writing inside the bottom margin would otherwise make pdfkit start a new page
    const margin = page.margins.bottom;
    page.margins.bottom = 0;
    if (draft) watermark(pdf);
    const n = i - start;
    if (n > 0) {
      const odd = n % 2 === 1;
      pdf
        .font(FONT.body)
        .fontSize(size)
        .text(pageNumberText(n), M.left + size, page.height - M.bottom + points(PAGE_NUMBER_GAP_MM), {
          width: page.width - M.left - M.right - 2 * size,
          align: odd ? 'right' : 'left',
          lineBreak: false,
          fill: true,
          stroke: false,
        });
    }
    page.margins.bottom = margin;
  }
}

/** 草稿 across the page's diagonal, light enough to read the text through. */
function watermark(pdf: Pdf) {
  const { width, height } = pdf.page;
  const size = 120;
  pdf.save();
  pdf.rotate((-Math.atan2(height, width) * 180) / Math.PI, { origin: [width / 2, height / 2] });
  pdf
    .fillColor('#000000', 0.12)
    .font(FONT.hei)
    .fontSize(size)
    .text('草稿', 0, height / 2 - size / 2, { width, align: 'center', lineBreak: false, fill: true, stroke: false });
  pdf.restore();
  pdf.fillColor('#000000', 1);
}
