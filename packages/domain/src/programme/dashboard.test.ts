import { describe, expect, it } from 'vitest';
import { share, trafficLight } from './dashboard.js';

const figures = (due: number, overdue: number, openFindings = 0) => ({
  reports: { due, submitted: due - overdue, accepted: 0, overdue },
  openFindings,
});

describe("a province's traffic light", () => {
  it('is red from a quarter of due reports overdue, amber for anything overdue or open, green otherwise', () => {
    expect(trafficLight(figures(8, 2))).toBe('red'); // exactly a quarter
    expect(trafficLight(figures(9, 2))).toBe('amber'); // 22 %
    expect(trafficLight(figures(9, 0, 1))).toBe('amber');
    expect(trafficLight(figures(9, 0))).toBe('green');
    expect(trafficLight(figures(0, 0))).toBe('green');
  });
});

describe('a share', () => {
  it('is a percentage with one decimal, and nothing when there is nothing to divide', () => {
    expect(share(2, 3)).toBe(66.7);
    expect(share(5, 5)).toBe(100);
    expect(share(0, 0)).toBeNull();
  });
});
