import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesce.js';

describe('coalesced calls', () => {
  it('answers the calls of one turn with one run, each at its place, and a later call with a run of its own', async () => {
    const runs: number[][] = [];
    const double = coalesced(async (xs: number[]) => {
      runs.push(xs);
      return xs.map((x) => x * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(await double(4)).toBe(8);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('fails every call of a failed run, and the next run still goes', async () => {
    let fail = true;
    const f = coalesced(async (xs: string[]) => {
      if (fail) throw new Error('down');
      return xs;
    });
    const batch = [f('a'), f('b')];
    await expect(batch[0]).rejects.toThrow('down');
    await expect(batch[1]).rejects.toThrow('down');
    fail = false;
    expect(await f('c')).toBe('c');
  });
});
