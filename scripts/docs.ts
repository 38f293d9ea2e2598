// Regenerates docs/lifecycles.md from the lifecycle tables.
import { writeFileSync } from 'node:fs';
import { lifecyclesMarkdown } from '../packages/server/src/lifecycle/registry.js';

writeFileSync(new URL('../docs/lifecycles.md', import.meta.url), lifecyclesMarkdown());
console.log('docs/lifecycles.md written');
