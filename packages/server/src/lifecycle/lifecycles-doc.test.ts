import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkLifecycles, lifecyclesMarkdown } from './registry.js';

describe('the lifecycle tables', () => {
  it('are all valid (reachable states, known targets, no dead ends)', () => {
    expect(() => checkLifecycles()).not.toThrow();
  });

  it('are documented in docs/lifecycles.md exactly as the engine reads them (npm run docs regenerates it)', () => {
    const doc = readFileSync(new URL('../../../../docs/lifecycles.md', import.meta.url), 'utf8');
    expect(doc).toBe(lifecyclesMarkdown());
  });
});
