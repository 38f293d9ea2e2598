import { describe, expect, it } from 'vitest';
import { keyOf, maskValue, parseValue, recordOf } from './records.js';
import type { FieldDef } from './catalog.js';

describe('masking personal information (docs/platform.md)', () => {
  it('keeps the first 3 and last 4 characters of an identity or phone number', () => {
    expect(maskValue('13812345678')).toBe('138****5678');
    expect(maskValue('320202198001011234')).toBe('320***********1234');
    expect(maskValue('32020219800101123X')).toBe('320***********123X');
  });
  it('keeps the first and last character of a name', () => {
    expect(maskValue('张三丰')).toBe('张*丰');
    expect(maskValue('欧阳娜娜')).toBe('欧**娜');
    expect(maskValue('张三')).toBe('张*');
    expect(maskValue('张')).toBe('*');
    expect(maskValue(null)).toBe(null);
  });
});

describe('values by field type', () => {
  it('accepts what the type allows and names what it refuses', () => {
    expect(parseValue('integer', '42')).toEqual({ ok: true, value: 42 });
    expect(parseValue('integer', '4.2')).toEqual({ ok: false, problem: 'notInteger' });
    expect(parseValue('decimal', '120.5')).toEqual({ ok: true, value: 120.5 });
    expect(parseValue('decimal', '1e5')).toEqual({ ok: false, problem: 'notDecimal' });
    expect(parseValue('date', '2013-02-29')).toEqual({ ok: false, problem: 'notDate' });
    expect(parseValue('date', '2016-02-29')).toEqual({ ok: true, value: '2016-02-29' });
    expect(parseValue('datetime', '2013-02-01T08:30:00+08:00')).toEqual({ ok: true, value: '2013-02-01T08:30:00+08:00' });
    expect(parseValue('boolean', '是')).toEqual({ ok: true, value: true });
    expect(parseValue('point', '120.3,31.5')).toEqual({ ok: true, value: [120.3, 31.5] });
    expect(parseValue('point', '200,31.5')).toEqual({ ok: false, problem: 'notPoint' });
    expect(parseValue('string', '')).toEqual({ ok: true, value: null });
    expect(parseValue('string', 'a\u0000b')).toEqual({ ok: false, problem: 'controlChars' });
  });
});

describe('a record from a row', () => {
  const fields: FieldDef[] = [
    { name: 'district', label: '区', type: 'string', required: true, key: true, personal: false, indexed: false },
    { name: 'year', label: '年', type: 'integer', required: true, key: true, personal: false, indexed: false },
    { name: 'gdp', label: 'GDP', type: 'decimal', required: false, key: false, personal: false, indexed: false },
  ];
  it('keys a record by its key fields in order', () => {
    const rec = recordOf(fields, { district: '梁溪区', year: '2013', gdp: '' }, 2);
    expect(rec).toEqual({ doc: { district: '梁溪区', year: 2013, gdp: null }, key: '["梁溪区","2013"]', problems: [] });
    expect(keyOf(fields.slice(0, 1), { district: '梁溪区' })).toBe('梁溪区');
  });
  it('reports every problem of a row: missing keys, wrong types, undeclared fields', () => {
    expect(recordOf(fields, { district: '', year: 'x', extra: '1' }, 7).problems).toEqual([
      { line: 7, field: 'extra', problem: 'unknownField' },
      { line: 7, field: 'district', problem: 'missing' },
      { line: 7, field: 'year', problem: 'notInteger' },
    ]);
  });
});
