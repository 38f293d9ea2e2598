// Regenerates docs/lifecycles.md and docs/lifecycle-permissions.md from the lifecycle tables (review the diff).
import { writeFileSync } from 'node:fs';
import { lifecyclesMarkdown, permissionsMarkdown } from '../packages/server/src/lifecycle/registry.js';

writeFileSync(new URL('../docs/lifecycles.md', import.meta.url), lifecyclesMarkdown());
writeFileSync(new URL('../docs/lifecycle-permissions.md', import.meta.url), permissionsMarkdown());
console.log('docs/lifecycles.md and docs/lifecycle-permissions.md written');
