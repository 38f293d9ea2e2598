import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIFECYCLES, permissionLines, permissionsMarkdown } from './registry.js';

// The expectation is the committed, reviewed docs/lifecycle-permissions.md — not the tables under test. A change
// to who may press what fails here, naming the lines, until the file is regenerated and its diff reviewed.
const doc = readFileSync(new URL('../../../../docs/lifecycle-permissions.md', import.meta.url), 'utf8');
const reviewed = new Map<string, string[]>();
let current = '';
for (const line of doc.split('\n')) {
  if (line.startsWith('## ')) reviewed.set((current = line.slice(3).trim()), []);
  else if (line.startsWith('- ') && current) reviewed.get(current)!.push(line);
}

describe('who may press what (tier × role × state, every lifecycle)', () => {
  it.each(LIFECYCLES.map((l) => [l.lifecycle.name, l.lifecycle] as const))('%s matches the reviewed table', (name, lifecycle) => {
    expect(reviewed.has(name), `docs/lifecycle-permissions.md has no section ${name}`).toBe(true);
    expect(permissionLines(lifecycle).sort()).toEqual([...reviewed.get(name)!].sort());
  });

  it('covers every lifecycle and nothing else, in the generated form', () => {
    expect([...reviewed.keys()]).toEqual(LIFECYCLES.map((l) => l.lifecycle.name));
    expect(doc).toBe(permissionsMarkdown());
  });
});
