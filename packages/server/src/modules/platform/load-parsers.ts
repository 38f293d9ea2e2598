import type { FieldType } from '@smartcity/domain';
import type ExcelJS from 'exceljs';
import { createHash, type Hash } from 'node:crypto';
import { AppError } from '../../lib/errors.js';
import { exceljs } from '../../shared/xlsx/exceljs.js';

/*
 * Streaming readers of a load's file: bytes in, rows out, nothing held beyond the row being read. CSV (RFC 4180, UTF-8
 * or GB18030 — detected from the first bytes), JSON Lines, and XLSX (its first worksheet; read from a file the zip
 * guard has measured, since a zip's directory is at its end). Each row carries the line it starts on, for the report.
 */

export type RawRow = { line: number; values: Record<string, unknown> } | { line: number; problem: string };

/** The longest row read (a longer one is reported as such and skipped, never held whole). */
export const MAX_ROW_CHARS = 1_000_000;

/** A file that cannot be read on from `line`: bytes that are not text in its encoding, or a workbook exceljs cannot parse. */
export class UnreadableFile extends Error {
  constructor(
    readonly line: number,
    readonly problem: 'encoding' | 'badFile' | 'badHeader',
    options?: ErrorOptions,
  ) {
    super(problem, options);
  }
}

/**
 * The bytes' SM3 digest, fed as they pass. The upload is where they come from: a stream that breaks off (a form cut
 * short, a client gone) is the sender's 400, not a failure of ours.
 */
export class DigestingSource {
  private readonly hash: Hash = createHash('sm3');
  constructor(private readonly source: AsyncIterable<Buffer>) {}
  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    const chunks = this.source[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (err) {
        throw new AppError(400, 'upload_incomplete', 'file', { reason: String((err as Error).message).slice(0, 100) });
      }
      if (next.done) return;
      this.hash.update(next.value);
      yield next.value;
    }
  }
  digest = () => this.hash.digest('hex');
}

/**
 * Text from bytes: UTF-8 (a BOM dropped) unless the first bytes are not UTF-8, then GB18030. A later byte that does
 * not decode ends the read with an UnreadableFile (the line is the caller's to report).
 */
export async function* decodeText(source: AsyncIterable<Buffer>, found: (encoding: 'utf-8' | 'gb18030') => void, line: () => number) {
  let decoder: TextDecoder | null = null;
  for await (const chunk of source) {
    if (!decoder) {
      decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
      try {
        // a multi-byte character cut by the chunk's end is fine: stream mode keeps it for the next chunk
        new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(0, Math.min(chunk.length, 65_536)), { stream: true });
        found('utf-8');
      } catch {
        decoder = new TextDecoder('gb18030');
        found('gb18030');
      }
    }
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new UnreadableFile(line(), 'encoding');
    }
  }
  if (decoder) {
    try {
      const tail = decoder.decode();
      if (tail) yield tail;
    } catch {
      throw new UnreadableFile(line(), 'encoding');
    }
  }
}

/** CSV records as cell arrays, with the physical line each starts on; quotes may hold commas and newlines. */
export async function* csvRecords(
  text: AsyncIterable<string>,
  tell: (line: number) => void,
): AsyncGenerator<{ line: number; cells: string[] } | { line: number; problem: string }> {
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let afterQuote = false;
  let size = 0;
  let tooLong = false;
  let line = 1;
  let start = 1;
  const finish = (): { line: number; cells: string[] } | { line: number; problem: string } => {
    cells.push(cell);
    const out = tooLong ? { line: start, problem: 'lineTooLong' } : { line: start, cells };
    cells = [];
    cell = '';
    size = 0;
    tooLong = false;
    afterQuote = false;
    return out;
  };
  for await (const chunk of text) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (quoted) {
        if (c === '"') {
          if (chunk[i + 1] === '"') {
            i++;
            if (!tooLong) cell += '"';
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (c === '\n') line++;
          if (!tooLong) cell += c;
        }
      } else if (c === '"' && cell === '' && !afterQuote) {
        quoted = true;
      } else if (c === ',') {
        cells.push(cell);
        cell = '';
        afterQuote = false;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && chunk[i + 1] === '\n') i++;
        const row = finish();
        line++;
        tell(line);
        // a blank line is no record
        if (!('cells' in row && row.cells.length === 1 && row.cells[0] === '')) yield row;
        start = line;
        continue;
      } else if (!tooLong) {
        cell += c;
      }
      if (++size > MAX_ROW_CHARS && !tooLong) {
        tooLong = true;
        cell = '';
        cells = [];
      }
    }
  }
  if (cell !== '' || cells.length > 0 || quoted) {
    const row = finish();
    if (quoted) yield { line: start, problem: 'badLine' };
    else yield row;
  }
}

/**
 * A header row without every key field names no record the file could write: the whole file is refused (loading its
 * good rows, or replacing, would otherwise apply nothing or delete everything).
 */
function checkHeader(header: readonly string[], keys: readonly string[], line: number) {
  if (keys.some((k) => !header.includes(k))) throw new UnreadableFile(line, 'badHeader');
}

/** A CSV file's rows as values named by its header row (the first record), which must name the key fields. */
export async function* csvRows(text: AsyncIterable<string>, tell: (line: number) => void, keys: readonly string[]): AsyncGenerator<RawRow> {
  let header: string[] | null = null;
  for await (const rec of csvRecords(text, tell)) {
    if ('problem' in rec) {
      yield rec;
      continue;
    }
    if (!header) {
      header = rec.cells.map((h) => h.trim());
      checkHeader(header, keys, rec.line);
      continue;
    }
    if (rec.cells.length !== header.length) {
      yield { line: rec.line, problem: 'badLine' };
      continue;
    }
    const values: Record<string, unknown> = {};
    header.forEach((h, i) => (values[h] = rec.cells[i]));
    yield { line: rec.line, values };
  }
}

/** JSON Lines: one object per line. */
export async function* jsonLines(text: AsyncIterable<string>, tell: (line: number) => void): AsyncGenerator<RawRow> {
  let buf = '';
  let line = 0;
  let skipping = false;
  const parse = (s: string): RawRow | null => {
    if (!s.trim()) return null;
    try {
      const v: unknown = JSON.parse(s);
      return v && typeof v === 'object' && !Array.isArray(v)
        ? { line, values: v as Record<string, unknown> }
        : { line, problem: 'badLine' };
    } catch {
      return { line, problem: 'badLine' };
    }
  };
  for await (const chunk of text) {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
      line++;
      const piece = chunk.slice(from, nl);
      from = nl + 1;
      tell(line);
      if (skipping) {
        skipping = false;
        buf = '';
        yield { line, problem: 'lineTooLong' };
        continue;
      }
      const row = parse(buf + piece);
      buf = '';
      if (row) yield row;
    }
    if (!skipping) buf += chunk.slice(from);
    if (buf.length > MAX_ROW_CHARS) {
      skipping = true;
      buf = '';
    }
  }
  if (skipping) yield { line: line + 1, problem: 'lineTooLong' };
  else if (buf.trim()) {
    line++;
    const row = parse(buf);
    if (row) yield row;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as the text or number a field's parser reads: Excel keeps dates as serial days, exceljs hands them as UTC. */
function cellValue(v: ExcelJS.CellValue, type: FieldType | undefined): unknown {
  if (v instanceof Date) {
    const day = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    const time = `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
    return type === 'date' ? day : `${day}T${time}`;
  }
  if (v && typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue, type);
    if ('hyperlink' in v) return v.text;
    // an error cell (#N/A, …) holds no value
    return undefined;
  }
  return v;
}

/** The first worksheet's rows as values named by its first row (the header); `typeOf` says how a column's dates read. */
export async function* xlsxRows(
  path: string,
  typeOf: (header: string) => FieldType | undefined,
  keys: readonly string[],
): AsyncGenerator<RawRow> {
  const reader = new (await exceljs()).stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let line = 1;
  try {
    yield* firstSheet(reader, typeOf, keys, (l) => (line = l));
  } catch (err) {
    if (err instanceof UnreadableFile) throw err;
    throw new UnreadableFile(line, 'badFile', { cause: err });
  }
}

async function* firstSheet(
  reader: ExcelJS.stream.xlsx.WorkbookReader,
  typeOf: (header: string) => FieldType | undefined,
  keys: readonly string[],
  tell: (line: number) => void,
) {
  for await (const sheet of reader) {
    let header: string[] | null = null;
    for await (const row of sheet) {
      tell(row.number);
      const cells = row.values as ExcelJS.CellValue[];
      if (!header) {
        header = cells.map((c) => String(cellValue(c, 'string') ?? '').trim());
        checkHeader(header, keys, row.number);
        continue;
      }
      const values: Record<string, unknown> = {};
      let any = false;
      header.forEach((h, i) => {
        if (!h) return;
        const v = cellValue(cells[i], typeOf(h));
        if (v !== undefined && v !== null && v !== '') any = true;
        values[h] = v;
      });
      // exceljs skips empty rows; a row of blanks is no record either
      if (any) yield { line: row.number, values };
    }
    // the first worksheet only
    return;
  }
}
