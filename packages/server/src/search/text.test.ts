import { describe, expect, it } from 'vitest';
import { lexemesOf, marked, pinyinLexemes, queryTerms } from './text.js';

describe('search text', () => {
  it('reads polyphonic place names as the places are called', async () => {
    expect([...(await pinyinLexemes('重庆市'))]).toEqual(['chongqingshi', 'cqs', 'chongqing', 'cq']);
    expect([...(await pinyinLexemes('长沙市'))]).toContain('changsha');
    expect([...(await pinyinLexemes('厦门市'))]).toContain('xiamen');
    expect([...(await pinyinLexemes('无锡市'))]).toContain('wuxi');
  });

  it('indexes every character and pair besides the words, so one- and two-character queries are whole lexemes', () => {
    const l = lexemesOf('鹭鸶栖息地 GIS-3202');
    for (const x of ['鹭', '鸶', '鹭鸶', '鸶栖', '栖息', '栖息地', 'gis', '3202']) expect(l.has(x), x).toBe(true);
  });

  it('makes a tsquery whose lexemes are quoted, whatever the input', () => {
    expect(queryTerms('鹭鸶')?.tsquery).toBe("'鹭鸶'");
    expect(queryTerms('栖息地')?.tsquery).toBe("'栖息' & '息地'");
    expect(queryTerms("wuxi o'neil")?.tsquery).toBe("'wuxi':* & 'o':* & 'neil':*");
    expect(queryTerms('无锡', true)?.tsquery).toBe("'无锡':A");
    expect(queryTerms("!:*&|()'")).toBeNull();
  });

  it('cuts a fragment around the first match into marked and plain pieces', () => {
    expect(marked('一二三四五鹭鸶六七八九十', ['鹭鸶'], 2)).toEqual([
      { text: '…四五', hit: false },
      { text: '鹭鸶', hit: true },
      { text: '…', hit: false },
    ]);
    expect(marked('<b>平台</b>', ['平台'])).toEqual([
      { text: '<b>', hit: false },
      { text: '平台', hit: true },
      { text: '</b>', hit: false },
    ]);
  });
});
