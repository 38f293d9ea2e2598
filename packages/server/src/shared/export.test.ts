import { describe, expect, it } from 'vitest';
import { EXPORT_PAGE, paged } from './export.js';

describe('an export reads its list in pages', () => {
  it('asks for page after page until one comes back short, and never for the whole list', async () => {
    for (const total of [0, 1, EXPORT_PAGE, 2 * EXPORT_PAGE + 1]) {
      const asked: [number, number][] = [];
      const rows: number[] = [];
      const pages = paged(async (page, size) => {
        asked.push([page, size]);
        return Array.from({ length: Math.max(0, Math.min(size, total - (page - 1) * size)) }, (_, i) => (page - 1) * size + i);
      });
      for await (const page of pages) rows.push(...page);
      expect(rows).toEqual(Array.from({ length: total }, (_, i) => i));
      // one page past the end only when the last page was full
      const expectedPages = Math.floor(total / EXPORT_PAGE) + 1;
      expect(asked).toEqual(Array.from({ length: expectedPages }, (_, i) => [i + 1, EXPORT_PAGE]));
    }
  });
});
