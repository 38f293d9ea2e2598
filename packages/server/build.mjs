// The server as the production process runs it: one ES module bundle of the sources (the domain package inlined),
// its dependencies loaded from node_modules as they are, and the document renderer's worker beside it. Run by
// scripts/build.mjs when a source is newer than the bundle; `npm run build` forces it.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const external = [pkg('./package.json'), pkg('../domain/package.json')]
  .flatMap((p) => Object.keys(p.dependencies ?? {}))
  .filter((name) => !name.startsWith('@smartcity/'));

await build({
  entryPoints: {
    smartcity: new URL('./src/cli/main.ts', import.meta.url).pathname,
    // src/documents/pool.ts starts './render-worker.js' beside itself: in the bundle, this
    'render-worker': new URL('./src/documents/render-worker.impl.ts', import.meta.url).pathname,
    // and src/db/backup.ts './backup-worker.js'
    'backup-worker': new URL('./src/db/backup-worker.impl.ts', import.meta.url).pathname,
  },
  outdir: new URL('./dist/', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  external,
  sourcemap: 'linked',
  logLevel: 'warning',
});
