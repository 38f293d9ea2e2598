import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
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

/**
 * One process per PGlite folder: a second one (the CLI beside a running server) would work on its own copy of the
 * database and could corrupt the files. The lock is a file beside the folder holding the owner's pid, taken with
 * O_EXCL; a lock whose process is gone (a kill -9, a crash) is stale and taken over, so no restart ever needs a
 * hand-deleted file. Returns the release, for a clean shutdown.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = lockFileOf(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        if (ownerOf(lockFile) === process.pid) rmSync(lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = ownerOf(lockFile);
      if (owner !== null && owner !== process.pid && alive(owner))
        throw new StartupError(
          `the data folder ${dataDir} is in use by process ${owner} (a running server?); stop it first — ` +
            'or, for PostgreSQL (DATABASE_URL), any number of processes may share the database',
        );
      rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new StartupError(`cannot lock the data folder ${dataDir}: another process keeps taking it`);
}

/** The live process holding the data folder (a running server), or null. */
export function dataDirOwner(dataDir: string): number | null {
  const owner = ownerOf(lockFileOf(dataDir));
  return owner !== null && owner !== process.pid && alive(owner) ? owner : null;
}

const lockFileOf = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.lock`;

function ownerOf(lockFile: string): number | null {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
