import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The house rules are lint rules; this proves they still fire where they should and stay quiet where allowed.
const eslint = new ESLint({ cwd: new URL('../../..', import.meta.url).pathname });
const rulesHit = async (code: string, filePath: string) =>
  (await eslint.lintText(code, { filePath }))[0]!.messages.map((m) => m.ruleId).filter((r) => r !== '@typescript-eslint/no-unused-vars');

const ACCESS = `
import type { Actor } from '../../tenancy/actor.js';
export function f(actor: Actor, tiers: string[]) {
  const a = actor.tier === 'ministry';
  const b = actor.roles.includes('admin');
  const c = tiers.includes(actor.tier);
  switch (actor.tier) {
    default:
      return a && b && c;
  }
}
`;
const QUERY = `import { eq } from 'drizzle-orm';\nimport { pilots } from '../../db/schema.js';\nexport const q = [eq, pilots];\n`;

describe('lint rules', () => {
  it('refuses tier and role comparisons in a module, and allows them in tenancy/', async () => {
    expect(await rulesHit(ACCESS, 'packages/server/src/modules/pilots/probe.ts')).toEqual(Array(4).fill('no-restricted-syntax'));
    expect(await rulesHit(ACCESS, 'packages/server/src/tenancy/probe.ts')).toEqual([]);
  });

  it('refuses queries outside repositories, and allows them in one', async () => {
    expect(await rulesHit(QUERY, 'packages/server/src/modules/pilots/pilots.service.ts')).toEqual(
      Array(2).fill('@typescript-eslint/no-restricted-imports'),
    );
    expect(await rulesHit(QUERY, 'packages/server/src/modules/pilots/pilots.repository.ts')).toEqual([]);
  });
});
