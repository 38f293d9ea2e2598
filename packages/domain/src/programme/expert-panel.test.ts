import { describe, expect, it } from 'vitest';
import { rank, visibleReviews, type PanelViewer } from './expert-panel.js';

// A panel of three: A and B have scored, C not yet.
const panel = [{ expertUserId: 'A' }, { expertUserId: 'B' }, { expertUserId: 'C' }];

// Reviewed by hand (docs/expert-panel.md): which experts' reviews each viewer sees, open and closed.
const EXPECTED: [string, PanelViewer, string[], string[]][] = [
  ['the Ministry', { tier: 'ministry', userId: 'M' }, ['A', 'B', 'C'], ['A', 'B', 'C']],
  ['an expert who scored', { tier: 'expert', userId: 'A' }, ['A'], ['A', 'B', 'C']],
  ['an expert who has not', { tier: 'expert', userId: 'C' }, ['C'], ['A', 'B', 'C']],
  ['an expert not on the panel', { tier: 'expert', userId: 'X' }, [], []],
  ['the province', { tier: 'province', userId: 'P' }, [], []],
  ['the pilot', { tier: 'pilot', userId: 'A' }, [], []],
  ['the applicant', { tier: 'applicant', userId: 'A' }, [], []],
];

describe('blind review', () => {
  it.each(EXPECTED)('%s sees %j while open and %j once closed', (_who, viewer, open, closed) => {
    expect(visibleReviews(panel, viewer, false).map((r) => r.review.expertUserId)).toEqual(open);
    expect(visibleReviews(panel, viewer, true).map((r) => r.review.expertUserId)).toEqual(closed);
    for (const r of visibleReviews(panel, viewer, true))
      expect(r.mine).toBe(viewer.tier === 'expert' && r.review.expertUserId === viewer.userId);
  });
});

describe('ranking', () => {
  it('orders by mean, equal means share a rank and list by name in Chinese collation, unscored last', () => {
    const items = [
      { id: '1', name: '徐州市' },
      { id: '2', name: '常州市' },
      { id: '3', name: '南通市' },
      { id: '4', name: '镇江市' },
    ];
    const totals = [
      { subjectId: '1', total: 80 },
      { subjectId: '1', total: 90 },
      { subjectId: '2', total: 85 },
      { subjectId: '3', total: 92 },
    ];
    expect(rank(items, totals).map((r) => [r.item.name, r.rank, r.mean, r.spread])).toEqual([
      ['南通市', 1, 92, 0],
      ['常州市', 2, 85, 0],
      ['徐州市', 2, 85, 10],
      ['镇江市', null, null, null],
    ]);
  });
});
