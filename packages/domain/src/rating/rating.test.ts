import { describe, expect, it } from 'vitest';
import { attainment, rate, ratingParts, RATING_RULE_2026, validateRule, type RatingInput } from './rating.js';

const rule = RATING_RULE_2026;
const ind = (category: 'required' | 'chosen' | 'innovative', actual: number | null, target = 100, baseline: number | null = 0) => ({
  id: `${category}-${actual}`,
  name: `${category}:${actual}`,
  category,
  baseline,
  target,
  actual,
});
const full: RatingInput = {
  indicators: [ind('required', 100), ind('chosen', 100), ind('innovative', 100)],
  projects: [{ id: 'p', name: '平台一期', percentComplete: 100 }],
  rectifications: [],
};

describe('attainment of one indicator', () => {
  it.each([
    ['half way from baseline to target', { baseline: 20, target: 60, actual: 40 }, 0.5, null],
    ['beyond the target is capped at 1', { baseline: 0, target: 50, actual: 80 }, 1, 'capped'],
    ['below the baseline is 0', { baseline: 30, target: 60, actual: 10 }, 0, null],
    ['lower is better (e.g. energy per GDP)', { baseline: 1.0, target: 0.8, actual: 0.9, lowerIsBetter: true }, 0.5, null],
    ['no baseline: actual ÷ target', { baseline: null, target: 80, actual: 60 }, 0.75, null],
    ['not reported counts 0', { baseline: 0, target: 80, actual: null }, 0, 'noActual'],
    ['target equal to baseline, met', { baseline: 5, target: 5, actual: 5 }, 1, null],
  ] as const)('%s', (_name, values, value, note) => {
    const a = attainment({ id: 'x', name: 'x', category: 'chosen', ...values });
    expect(a.value).toBeCloseTo(value, 10);
    expect(a.note).toBe(note);
  });
});

describe('the rating rule', () => {
  it('is valid, and refuses rules that cannot work', () => {
    expect(validateRule(rule)).toEqual([]);
    expect(validateRule({ ...rule, parts: { indicators: 0.5, projects: 0.3, rectification: 0.1 } })).toContain('parts must sum to 1');
    expect(validateRule({ ...rule, categoryWeights: { required: 1, chosen: 2, innovative: 1 } })).toContain(
      '规定项 must weigh more than 自选项 and 创新项',
    );
    expect(
      validateRule({
        ...rule,
        thresholds: [
          { stars: 3, minScore: 80 },
          { stars: 2, minScore: 90 },
          { stars: 1, minScore: 70 },
        ],
      }),
    ).toContain('thresholds must descend within 0..100');
  });

  it('gives three stars for a full record, explained line by line', () => {
    const r = rate(rule, full);
    expect(r).toMatchObject({ ruleVersion: '2026.1', score: 100, stars: 3, vetoes: [] });
    // 规定项 3 : 自选项 2 : 创新项 1 of the 60 indicator points
    expect(r.lines.filter((l) => l.part === 'indicator').map((l) => l.points)).toEqual([30, 20, 10]);
    expect(r.lines.find((l) => l.part === 'project')).toMatchObject({ points: 30 });
  });

  // score = 60 × weighted attainment + 30 × mean completion + 10 − penalties; thresholds 90 / 80 / 70
  it.each([
    ['exactly 90 is three stars', 100, 100, 66.6666666667, 3, 90],
    ['just under 90 is two stars', 100, 100, 66.5, 2, 89.95],
    ['exactly 80 is two stars', 100, 100, 33.3333333333, 2, 80],
    ['exactly 70 is one star', 100, 100, 0, 1, 70],
    ['under 70 is not passed', 100, 90, 0, 0, 68],
  ])('%s', (_name, required, chosen, project, stars, score) => {
    const r = rate(rule, {
      indicators: [ind('required', required), ind('chosen', chosen), ind('innovative', 100)],
      projects: [{ id: 'p', name: 'p', percentComplete: project }],
      rectifications: [],
    });
    expect(r.score).toBeCloseTo(score, 1);
    expect(r.stars).toBe(stars);
  });

  it('weighs 规定项 more than 自选项 and 创新项: the same shortfall costs more on a required indicator', () => {
    const missRequired = rate(rule, { ...full, indicators: [ind('required', 80), ind('chosen', 100), ind('innovative', 100)] });
    const missChosen = rate(rule, { ...full, indicators: [ind('required', 100), ind('chosen', 80), ind('innovative', 100)] });
    const missInnovative = rate(rule, { ...full, indicators: [ind('required', 100), ind('chosen', 100), ind('innovative', 80)] });
    expect(missRequired.score).toBeLessThan(missChosen.score);
    expect(missChosen.score).toBeLessThan(missInnovative.score);
  });

  it('fails a pilot whose required indicator is below the floor, whatever its score, and says which', () => {
    const indicators = [ind('required', 59), ...Array.from({ length: 20 }, () => ind('chosen', 100))];
    const r = rate(rule, { ...full, indicators });
    expect(r.score).toBeGreaterThan(90);
    expect(r).toMatchObject({ stars: 0, vetoes: ['required:59'] });
    expect(r.lines[0]).toMatchObject({ note: 'belowFloor', value: 0.59 });
    // at the floor exactly it passes
    expect(rate(rule, { ...full, indicators: [ind('required', 60), ...indicators.slice(1)] }).vetoes).toEqual([]);
  });

  it('deducts for open and late rectifications, never below zero for that part', () => {
    const one = rate(rule, { ...full, rectifications: [{ id: 'r1', title: '平台数据未共享', state: 'closedLate' }] });
    expect(one.score).toBe(99);
    expect(one.lines.at(-1)).toMatchObject({ part: 'rectification', subject: '平台数据未共享', points: -1, note: 'late' });
    const many = rate(rule, {
      ...full,
      rectifications: Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, title: `整改${i}`, state: 'open' as const })),
    });
    expect(many.score).toBe(90);
    expect(rate(rule, { ...full, rectifications: [{ id: 'r', title: 't', state: 'closedOnTime' }] }).score).toBe(100);
  });

  it('adds exact points, so rounding the lines never costs a star: seven equal indicators at full marks make 100', () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ ...ind('chosen', 100), id: `c${i}`, name: `c${i}` }));
    const r = rate(rule, { ...full, indicators: [ind('required', 100), ...seven] });
    expect(r.lines.filter((l) => l.part === 'indicator').reduce((s, l) => s + l.points, 0)).not.toBe(60); // 6.32 × 7 + 15.79 ≠ 60
    expect(r.score).toBe(100);
  });

  it('counts an unreported indicator as not attained, visibly', () => {
    const r = rate(rule, { ...full, indicators: [ind('required', 100), ind('chosen', null), ind('innovative', 100)] });
    expect(r.lines[1]).toMatchObject({ note: 'noActual', points: 0 });
    expect(r.score).toBe(80);
  });

  it('states each part with its weight, score and points, adding up to the score — also for a rating stored without parts', () => {
    // 规定项 at 100%, 自选项 at 50%: (3 × 1 + 2 × 0.5) / 5 = 0.8 of the 60-point part; projects 40% of 30; one late finding −1
    const input: RatingInput = {
      indicators: [ind('required', 100), { ...ind('chosen', 50), id: 'c', name: 'c' }],
      projects: [{ id: 'p', name: '平台', percentComplete: 40 }],
      rectifications: [{ id: 'r', title: '整改', state: 'closedLate' }],
    };
    const r = rate(rule, input);
    const expected = [
      { part: 'indicator', weight: 0.6, score: 0.8, points: 48 },
      { part: 'project', weight: 0.3, score: 0.4, points: 12 },
      { part: 'rectification', weight: 0.1, score: 0.9, points: 9 },
    ];
    expect(r.parts).toEqual(expected);
    expect(r.score).toBe(69);
    const { parts: _, ...stored } = r;
    expect(ratingParts(rule, stored)).toEqual(expected);
    // nothing to judge in a part: it counts in full
    expect(ratingParts(rule, { ...stored, lines: [] }).map((p) => p.points)).toEqual([60, 30, 10]);
  });
});
