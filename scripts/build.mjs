// `npm start`'s first step: builds what is stale — the web app (vite) and the server bundle (esbuild) — and nothing
// else, so a start with both built costs a walk over the sources' times. `--force` builds both. Plain JavaScript:
// it runs before anything is compiled.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const at = (path) => join(root, path);

/** The newest modification time under a file or folder (0 when absent). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const name of readdirSync(path)) if (name !== 'node_modules' && name !== 'dist') max = Math.max(max, newest(join(path, name)));
  return max;
}

const shared = ['packages/domain/src', 'packages/domain/package.json', 'package-lock.json'];
const targets = [
  {
    name: 'web',
    output: 'packages/web/dist/index.html',
    inputs: [
      ...shared,
      'data',
      'packages/web/src',
      'packages/web/public',
      'packages/web/index.html',
      'packages/web/vite.config.ts',
      'packages/web/package.json',
    ],
    command: ['npm', ['run', 'build', '--silent', '-w', '@smartcity/web', '--', '--logLevel', 'warn']],
  },
  {
    name: 'server',
    output: 'packages/server/dist/smartcity.js',
    inputs: [...shared, 'packages/server/src', 'packages/server/build.mjs', 'packages/server/package.json'],
    command: [process.execPath, [at('packages/server/build.mjs')]],
  },
];

const force = process.argv.includes('--force');
for (const t of targets) {
  const built = newest(at(t.output));
  if (!force && built > 0 && t.inputs.every((i) => newest(at(i)) <= built)) continue;
  console.log(`building ${t.name}…`);
  execFileSync(t.command[0], t.command[1], { cwd: root, stdio: 'inherit' });
}
