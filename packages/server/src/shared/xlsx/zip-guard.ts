import { IMPORT_LIMITS } from '@smartcity/domain';
import { Inflate } from 'fflate';
import { AppError } from '../../lib/errors.js';

/*
 * An .xlsx is a zip. exceljs hands it to JSZip, which inflates every part into memory before a cell is read, so a
 * zip bomb (a few KB that unpack to gigabytes) or a sheet of 100,000 rows would be paid for in full before any check
 * of ours could run. This reads the zip's central directory itself and then inflates each part once, streaming, with
 * a running count: it stops at the first byte beyond what the directory declared or beyond the total cap, and at the
 * first worksheet row beyond the row limit. Only a file that passes is given to exceljs, which then inflates at most
 * what was measured here.
 */

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const CHUNK = 64 * 1024;
const MB = 1024 * 1024;

const notXlsx = () => new AppError(400, 'import_not_xlsx', 'file');
const tooLarge = () =>
  new AppError(413, 'import_too_large', 'file', {
    upload: String(IMPORT_LIMITS.uploadBytes / MB),
    inflated: String(IMPORT_LIMITS.inflatedBytes / MB),
  });

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function centralDirectory(buf: Buffer): Entry[] {
  // the end record is in the last 22 + 65,535 (its longest comment) bytes
  const from = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--)
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw notXlsx();
  const count = buf.readUInt16LE(eocd + 10);
  const offset = buf.readUInt32LE(eocd + 16);
  // ZIP64 markers: no template is near 4 GB, so such a file is not one of ours
  if (count === 0xffff || offset === 0xffffffff) throw notXlsx();
  if (count > IMPORT_LIMITS.entries) throw tooLarge();
  const entries: Entry[] = [];
  let p = offset;
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

/** The compressed bytes of an entry, located through its local header. */
function dataOf(buf: Buffer, e: Entry): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL) throw notXlsx();
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + e.compressedSize > buf.length) throw notXlsx();
  return buf.subarray(start, start + e.compressedSize);
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
export function guardXlsx(buf: Buffer): void {
  if (buf.length === 0) throw new AppError(400, 'import_empty', 'file');
  if (buf.length > IMPORT_LIMITS.uploadBytes) throw tooLarge();
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) throw notXlsx();
  const entries = centralDirectory(buf);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) throw notXlsx();

  let total = 0;
  for (const e of entries) {
    const data = dataOf(buf, e);
    const sheet = /^xl\/worksheets\/[^/]+\.xml$/.test(e.name) ? new RowCounter() : null;
    let size = 0;
    const take = (chunk: Uint8Array) => {
      size += chunk.length;
      total += chunk.length;
      // the directory said less than this part inflates to: a lie is a bomb as far as we are concerned
      if (size > e.size || total > IMPORT_LIMITS.inflatedBytes) throw tooLarge();
      if (sheet) {
        sheet.push(chunk);
        // +1: the header row
        if (sheet.count > IMPORT_LIMITS.rows + 1)
          throw new AppError(413, 'import_too_many_rows', 'file', { limit: String(IMPORT_LIMITS.rows) });
      }
    };
    if (e.method === 0) take(data);
    else if (e.method === 8) {
      const inflate = new Inflate((chunk) => take(chunk));
      try {
        for (let i = 0; i < data.length; i += CHUNK) inflate.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
        if (data.length === 0) inflate.push(new Uint8Array(0), true);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw notXlsx();
      }
    } else throw notXlsx();
  }
}
