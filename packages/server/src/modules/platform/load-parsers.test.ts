import { describe, expect, it } from 'vitest';
import { csvRows, decodeText, jsonLines, MAX_ROW_CHARS, UnreadableFile, type RawRow } from './load-parsers.js';

async function* chunks(parts: (string | Buffer)[]) {
  for (const p of parts) yield Buffer.isBuffer(p) ? p : Buffer.from(p);
}
type Reader = (text: AsyncIterable<string>, tell: (line: number) => void) => AsyncIterable<RawRow>;
async function rowsOf(parts: (string | Buffer)[], reader: Reader = (text, tell) => csvRows(text, tell, [])) {
  let encoding = '';
  const out: RawRow[] = [];
  for await (const r of reader(
    decodeText(
      chunks(parts),
      (e) => (encoding = e),
      () => 0,
    ),
    () => {},
  ))
    out.push(r);
  return { encoding, rows: out };
}

describe('CSV rows', () => {
  it('refuses a whole CSV whose header lacks a key field', async () => {
    const read = rowsOf(['name,district\n甲,梁溪区\n'], (text, tell) => csvRows(text, tell, ['uscc']));
    await expect(read).rejects.toThrow(UnreadableFile);
    await expect(read).rejects.toMatchObject({ line: 1, problem: 'badHeader' });
  });

  it('reads quoted commas, quotes and newlines, with the line each record starts on', async () => {
    const { rows } = await rowsOf(['a,b\r\n1,"x, ""y"""\n2,"two\nlines"\n', '3,z']);
    expect(rows).toEqual([
      { line: 2, values: { a: '1', b: 'x, "y"' } },
      { line: 3, values: { a: '2', b: 'two\nlines' } },
      { line: 5, values: { a: '3', b: 'z' } },
    ]);
  });
  it('keeps a character split across chunks, drops a BOM, and reports a row of the wrong width', async () => {
    const bytes = Buffer.from('\ufeffa,b\n梁溪,1\n1,2,3\n');
    const { rows, encoding } = await rowsOf([bytes.subarray(0, 12), bytes.subarray(12)]);
    expect(encoding).toBe('utf-8');
    expect(rows).toEqual([
      { line: 2, values: { a: '梁溪', b: '1' } },
      { line: 3, problem: 'badLine' },
    ]);
  });
  it('reports an over-long row without holding it, and goes on', async () => {
    const long = 'x'.repeat(MAX_ROW_CHARS + 10);
    const { rows } = await rowsOf(['a\n', long, '\nok\n']);
    expect(rows).toEqual([
      { line: 2, problem: 'lineTooLong' },
      { line: 3, values: { a: 'ok' } },
    ]);
  });
  it('reports an unterminated quote', async () => {
    expect((await rowsOf(['a\n"open'])).rows).toEqual([{ line: 2, problem: 'badLine' }]);
  });
});

describe('JSON Lines', () => {
  it('reads one object per line and reports lines that are not one', async () => {
    const { rows } = await rowsOf(['{"a":1}\n[1]\n', 'nope\n\n{"a"', ':2}'], jsonLines);
    expect(rows).toEqual([
      { line: 1, values: { a: 1 } },
      { line: 2, problem: 'badLine' },
      { line: 3, problem: 'badLine' },
      { line: 5, values: { a: 2 } },
    ]);
  });
});
