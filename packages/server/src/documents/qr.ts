import { crc32, deflateSync } from 'node:zlib';
import { encode } from 'uqr';

/**
 * The QR code of a verification link as a grid of dark modules, with the 4-module quiet zone scanners need.
 * Level M survives a smudged or creased print of a signed document.
 */
export function qrModules(text: string): boolean[][] {
  return encode(text, { ecc: 'M', border: 4 }).data;
}

/** The QR code as a greyscale PNG, `scale` pixels a module: Word documents take images, not vector drawings. */
export function qrPng(text: string, scale = 8): Buffer {
  const modules = qrModules(text);
  const size = modules.length * scale;
  // each row: filter byte 0 (none), then one byte a pixel (0 black, 255 white)
  const raw = Buffer.alloc((size + 1) * size, 255);
  for (let y = 0; y < size; y++) {
    raw[y * (size + 1)] = 0;
    const row = modules[Math.floor(y / scale)]!;
    for (let x = 0; x < size; x++) if (row[Math.floor(x / scale)]) raw[y * (size + 1) + 1 + x] = 0;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
