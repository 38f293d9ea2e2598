import { chmodSync, createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { backupAside, type BackupHeader } from '../db/backup.js';
import type { Database } from '../db/client.js';

/*
 * A running server holds its PGlite folder alone (the lock), so the command line reaches that database through the
 * server: a Unix socket beside the folder, mode 0600 — only the account that runs the server can connect, no token
 * to leak and nothing on the network. It serves the backup; commands that change data refuse instead.
 */
export const adminSocketPath = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.sock`;

export async function serveAdminSocket(database: Database, path: string): Promise<() => Promise<void>> {
  rmSync(path, { force: true }); // left by a killed server: we hold the folder's lock, so it is ours
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/backup') {
      res.writeHead(404).end();
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'smartcity-backup-'));
    const file = join(dir, 'backup.gz');
    backupAside(database, file)
      .then(async (header) => {
        res.writeHead(200, { 'content-type': 'application/gzip', 'x-backup-header': JSON.stringify(header) });
        await pipeline(createReadStream(file), res);
      })
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String((err as Error).message));
      })
      .finally(() => rmSync(dir, { recursive: true, force: true }));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
  chmodSync(path, 0o600);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Asks the server on `socket` for a backup and writes it to `file`. */
export function backupThroughServer(socket: string, file: string): Promise<BackupHeader> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, method: 'POST', path: '/backup' }, (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => reject(new Error(`the running server could not back up: ${text}`)));
        return;
      }
      const header = JSON.parse(String(res.headers['x-backup-header'])) as BackupHeader;
      pipeline(res, createWriteStream(file, { mode: 0o600 })).then(() => resolve(header), reject);
    });
    req.on('error', (err) => reject(new Error(`cannot reach the running server at ${socket}: ${err.message}`)));
    req.end();
  });
}
