import { parentPort, workerData } from 'node:worker_threads';
import { writeBackup } from './backup.js';
import { openDatabase } from './client.js';

/** A backup written from a copy of a PGlite folder, in a thread of its own (backup.ts, `backupAside`). */
export interface BackupJob {
  dataDir: string;
  file: string;
}

const { dataDir, file } = workerData as BackupJob;
// a small page cache: the backup reads each table once, in order
const database = await openDatabase({ dataDir, sharedBuffersMb: 16 });
try {
  parentPort!.postMessage(await writeBackup(database, file));
} finally {
  await database.close();
}
