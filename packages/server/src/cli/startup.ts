import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { StartupError } from '../config.js';

export { StartupError };

/**
 * Checked before anything else, so a second `npm start` says the port is taken instead of failing deeper in
 * (on the PGlite folder the first process holds, say). The real listen still reports a race after this.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new StartupError(`port ${port} is in use; set PORT`));
      else if (err.code === 'EACCES') reject(new StartupError(`port ${port} needs privileges this user lacks; set PORT`));
      else if (err.code === 'EADDRNOTAVAIL') reject(new StartupError(`HOST ${host} is not an address of this machine; set HOST`));
      else reject(err);
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/**
 * PGlite creates only the last folder of its data path, and `master.key` is written beside it: make the
 * whole path, so a fresh clone (no `.data/`) or a deep `SMARTCITY_DATA_DIR` just works.
 */
export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new StartupError(`cannot create the data folder ${dataDir}: ${describe(err, dataDir)}`);
  }
  // mkdir succeeds silently when the path already exists, even as a file
  if (!statSync(dataDir).isDirectory()) throw new StartupError(`cannot use the data folder ${dataDir}: it is a file, not a folder`);
}

/** The nearest existing part of the path: the file that stands where a folder must be. */
function fileInTheWay(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

function describe(err: unknown, path: string): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return `a file is in the way (${fileInTheWay(path)})`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return e.message ?? String(err);
  }
}
