import { IMPORT_LIMITS } from '@smartcity/domain';
import { readSync } from 'node:fs';
import { Inflate } from 'fflate';
import { AppError } from '../../lib/errors.js';

/*
 * An .xlsx is a zip. exceljs hands it to JSZip, which inflates every part into memory before a cell is read, so a
 * zip bomb (a few KB that unpack to gigabytes) or a sheet of 100,000 rows would be paid for in full before any check
 * of ours could run. This reads the zip's central directory itself and then inflates each part once, streaming, with
 * a running count: it stops at the first byte beyond what the directory declared or beyond the total cap, and at the
 * first worksheet row beyond the row limit. Only a file that passes is given to exceljs, which then inflates at most
 * what was measured here. The zip is read by offset, so a file on disk (the city platform's loads) is never held whole.
 */

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const CHUNK = 64 * 1024;
const MB = 1024 * 1024;

/** What a zip may hold; `codes` name the errors for the caller's users (an import's template, a platform load). */
export interface ZipLimits {
  uploadBytes: number;
  inflatedBytes: number;
  entries: number;
  /** data rows per worksheet, the header row not counted */
  rows: number;
  codes: { notXlsx: string; tooLarge: string; tooManyRows: string };
}

export const IMPORT_ZIP_LIMITS: ZipLimits = {
  ...IMPORT_LIMITS,
  codes: { notXlsx: 'import_not_xlsx', tooLarge: 'import_too_large', tooManyRows: 'import_too_many_rows' },
};

/** Bytes by offset: a buffer's, or a file's read as needed. */
export interface ZipSource {
  size: number;
  read(offset: number, length: number): Buffer;
}

export const bufferSource = (buf: Buffer): ZipSource => ({ size: buf.length, read: (o, l) => buf.subarray(o, o + l) });

export function fileSource(fd: number, size: number): ZipSource {
  return {
    size,
    read(offset, length) {
      const out = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - offset)));
      let done = 0;
      while (done < out.length) {
        const n = readSync(fd, out, done, out.length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return out.subarray(0, done);
    },
  };
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function centralDirectory(src: ZipSource, limits: ZipLimits): Entry[] {
  const notXlsx = () => new AppError(400, limits.codes.notXlsx, 'file');
  // the end record is in the last 22 + 65,535 (its longest comment) bytes
  const tailFrom = Math.max(0, src.size - 22 - 0xffff);
  const tail = src.read(tailFrom, src.size - tailFrom);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw notXlsx();
  const count = tail.readUInt16LE(eocd + 10);
  const dirSize = tail.readUInt32LE(eocd + 12);
  const offset = tail.readUInt32LE(eocd + 16);
  // ZIP64 markers: a workbook near 4 GB is beyond every limit here, so such a file is not one of ours
  if (count === 0xffff || offset === 0xffffffff) throw notXlsx();
  if (count > limits.entries) throw tooLarge(limits);
  if (offset + dirSize > src.size) throw notXlsx();
  const buf = src.read(offset, dirSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw notXlsx();
    const nameLength = buf.readUInt16LE(p + 28);
    const entry = {
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    };
    entries.push(entry);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

const tooLarge = (limits: ZipLimits) =>
  new AppError(413, limits.codes.tooLarge, 'file', {
    upload: String(Math.round(limits.uploadBytes / MB)),
    inflated: String(Math.round(limits.inflatedBytes / MB)),
  });

/** Where an entry's compressed bytes start, located through its local header. */
function dataStart(src: ZipSource, e: Entry, limits: ZipLimits): number {
  const p = e.localOffset;
  const header = src.read(p, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new AppError(400, limits.codes.notXlsx, 'file');
  const start = p + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + e.compressedSize > src.size) throw new AppError(400, limits.codes.notXlsx, 'file');
  return start;
}

/** `<row ` and `<x:row>` opening tags in a worksheet's XML, counted across chunk boundaries. */
class RowCounter {
  count = 0;
  private tail = '';
  push(chunk: Uint8Array) {
    const text = this.tail + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    // a tag ending inside the carried tail was counted with the previous chunk
    for (const m of text.matchAll(/<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g)) if (m.index + m[0].length > this.tail.length) this.count++;
    this.tail = text.slice(-24);
  }
}

/**
 * Checks an upload is a zip that stays within the limits when inflated; throws a 4xx AppError otherwise (empty,
 * not a zip, too large, too many rows in a sheet).
 */
export function guardXlsx(src: ZipSource, limits: ZipLimits = IMPORT_ZIP_LIMITS): void {
  const notXlsx = () => new AppError(400, limits.codes.notXlsx, 'file');
  if (src.size === 0) throw new AppError(400, 'import_empty', 'file');
  if (src.size > limits.uploadBytes) throw tooLarge(limits);
  if (src.size < 22 || src.read(0, 4).readUInt32LE(0) !== LOCAL) throw notXlsx();
  const entries = centralDirectory(src, limits);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) throw notXlsx();

  let total = 0;
  for (const e of entries) {
    const start = dataStart(src, e, limits);
    const sheet = /^xl\/worksheets\/[^/]+\.xml$/.test(e.name) ? new RowCounter() : null;
    let size = 0;
    const take = (chunk: Uint8Array) => {
      size += chunk.length;
      total += chunk.length;
      // the directory said less than this part inflates to: a lie is a bomb as far as we are concerned
      if (size > e.size || total > limits.inflatedBytes) throw tooLarge(limits);
      if (sheet) {
        sheet.push(chunk);
        // +1: the header row
        if (sheet.count > limits.rows + 1) throw new AppError(413, limits.codes.tooManyRows, 'file', { limit: String(limits.rows) });
      }
    };
    const chunks = function* () {
      for (let i = 0; i < e.compressedSize; i += CHUNK) yield src.read(start + i, Math.min(CHUNK, e.compressedSize - i));
    };
    if (e.method === 0) for (const c of chunks()) take(c);
    else if (e.method === 8) {
      const inflate = new Inflate((chunk) => take(chunk));
      try {
        let read = 0;
        for (const c of chunks()) inflate.push(c, (read += c.length) >= e.compressedSize);
        if (e.compressedSize === 0) inflate.push(new Uint8Array(0), true);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw notXlsx();
      }
    } else throw notXlsx();
  }
}
