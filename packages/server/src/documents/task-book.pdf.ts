import type { TaskBookDocument } from '@smartcity/domain';
import PDFDocument from 'pdfkit';
import { findCjkFont } from './fonts.js';
import { LINE_PITCH_PT, MARGINS_MM, PAGE_NUMBER_GAP_MM, SIZE_PT, pageNumberText, points } from './layout.js';
import { taskBookBlocks, type Block, type SignatureParty } from './task-book.model.js';

type Pdf = PDFKit.PDFDocument;
type Orientation = 'portrait' | 'landscape';

const M = {
  top: points(MARGINS_MM.top),
  bottom: points(MARGINS_MM.bottom),
  left: points(MARGINS_MM.left),
  right: points(MARGINS_MM.right),
};
const FONT = 'cjk';
const CELL_PAD = 3;
const CELL_LINE_GAP = 1;

/**
 * The task book as PDF, in the one CJK font that covers GB2312 (pdfkit embeds only the glyphs used).
 * pdfkit has no bold for a single face, so headings are drawn filled and stroked (faux bold).
 */
export const renderTaskBookPdf = (doc: TaskBookDocument): Promise<Buffer> =>
  renderBlocksPdf(taskBookBlocks(doc), { title: `${doc.pilotName}国家智慧城市创建任务书`, author: doc.governmentName });

/** Any document made of blocks (task book, co-promotion agreement), in the same layout. */
export async function renderBlocksPdf(blocks: Block[], meta: { title: string; author: string }): Promise<Buffer> {
  const font = findCjkFont(); // before any output: with no font we refuse rather than print empty boxes
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
  pdf.registerFont(FONT, font.path, font.inCollection ? font.postscriptName : undefined);
  pdf.font(FONT);

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
        write(pdf, block.text, { size: SIZE_PT.body, indent: 2 * SIZE_PT.body, bold: block.level === 1 });
        break;
      case 'paragraph':
        keepSpace(pdf, LINE_PITCH_PT, newPage);
        write(pdf, block.text, { size: SIZE_PT.body, indent: 2 * SIZE_PT.body });
        break;
      case 'caption':
        keepSpace(pdf, leadIn(block), newPage);
        write(pdf, block.text, { size: SIZE_PT.table, align: 'center', bold: true });
        pdf.moveDown(0.3);
        break;
      case 'table':
        table(pdf, block, newPage);
        pdf.moveDown(0.5);
        break;
      case 'signatures':
        for (const party of block.parties) signature(pdf, party, newPage);
        break;
    }
  });
  numberPages(pdf);
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
  x?: number;
  width?: number;
}

function write(
  pdf: Pdf,
  text: string,
  { size, indent = 0, align = 'left', bold = false, x = M.left, width = textWidth(pdf) }: WriteOptions,
) {
  const gap = lineGap(pdf, size);
  pdf.lineWidth(size * 0.04);
  pdf.text(text, x, pdf.y, { width, indent, align, lineGap: gap, fill: true, stroke: bold });
}

function cover(pdf: Pdf, block: Extract<Block, { kind: 'cover' }>) {
  const centred = (text: string, size: number, y: number, bold = false) => {
    pdf.y = y;
    write(pdf, text, { size, align: 'center', bold });
  };
  const h = pdf.page.height;
  centred(block.title, 26, h * 0.3, true);
  block.lines.forEach((l, i) => centred(l, SIZE_PT.body, h * 0.4 + i * LINE_PITCH_PT));
  centred(block.issuer, SIZE_PT.body, h * 0.68);
  centred(block.date, SIZE_PT.body, h * 0.68 + LINE_PITCH_PT);
}

/** A ruled table: the header row repeats on every page, a row too tall for any page is split across pages. */
function table(pdf: Pdf, block: Extract<Block, { kind: 'table' }>, newPage: () => void) {
  pdf.fontSize(SIZE_PT.table);
  const total = block.columns.reduce((s, c) => s + c.weight, 0);
  const widths = block.columns.map((c) => (textWidth(pdf) * c.weight) / total);
  const cellHeight = (text: string, i: number) =>
    pdf.heightOfString(text || ' ', { width: widths[i]! - 2 * CELL_PAD, lineGap: CELL_LINE_GAP }) + 2 * CELL_PAD;
  const rowHeight = (cells: string[]) => Math.max(...cells.map(cellHeight));

  const drawRow = (cells: string[], height: number, style: { header?: boolean; bold?: boolean }) => {
    let x = M.left;
    const y = pdf.y;
    pdf.lineWidth(0.5);
    cells.forEach((text, i) => {
      const w = widths[i]!;
      pdf.rect(x, y, w, height).stroke();
      // vertically centred, as the DOCX cells are
      const offset = (height - cellHeight(text, i)) / 2;
      pdf.lineWidth(SIZE_PT.table * 0.04);
      pdf.text(text, x + CELL_PAD, y + offset + CELL_PAD, {
        width: w - 2 * CELL_PAD,
        lineGap: CELL_LINE_GAP,
        align: style.header ? 'center' : (block.columns[i]?.align ?? 'left'),
        fill: true,
        stroke: style.header || style.bold || false,
      });
      pdf.lineWidth(0.5);
      x += w;
    });
    pdf.x = M.left;
    pdf.y = y + height;
  };
  const headerHeight = rowHeight(block.header);
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
      const parts = cells.map((text, i) => splitToFit(pdf, text, widths[i]! - 2 * CELL_PAD, room - 2 * CELL_PAD));
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

/** `— n —` below the text block of every page but the cover, counting from the first page of text. */
function numberPages(pdf: Pdf) {
  const { start, count } = pdf.bufferedPageRange();
  for (let i = start + 1; i < start + count; i++) {
    pdf.switchToPage(i);
    const page = pdf.page;
    // writing inside the bottom margin would otherwise make pdfkit start a new page
    const margin = page.margins.bottom;
    page.margins.bottom = 0;
    pdf.fontSize(SIZE_PT.pageNumber).text(pageNumberText(i - start), 0, page.height - M.bottom + points(PAGE_NUMBER_GAP_MM), {
      width: page.width,
      align: 'center',
      lineBreak: false,
      fill: true,
      stroke: false,
    });
    page.margins.bottom = margin;
  }
}
