// Regenerates docs/access.md from what the app answers to every actor (review every changed cell).
import { writeFileSync } from 'node:fs';
import { createTestEnv } from '../packages/server/src/test/harness.js';
import { observeMatrix, setUpFixtures } from '../packages/server/src/test/matrix/observe.js';
import { accessTableMarkdown } from '../packages/server/src/test/matrix/table.js';

const env = await createTestEnv();
try {
  const matrix = await observeMatrix(env, await setUpFixtures(env));
  writeFileSync(new URL('../docs/access.md', import.meta.url), accessTableMarkdown(matrix));
  console.log(`docs/access.md written: ${matrix.routes.length} routes`);
  if (matrix.leaks.length) console.log(`foreign rows in lists:\n${matrix.leaks.join('\n')}`);
} finally {
  await env.close();
}
