import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backupAside } from './backup.js';
import type { Database } from './client.js';

const HOUR = 3_600_000;
const BEIJING = 8 * HOUR;
const NAME = /^smartcity-\d{8}-\d{4}\.backup\.gz$/;

export interface BackupSchedule {
  dir: string;
  /** one backup per this many hours, periods counted from midnight Beijing time */
  hours: number;
  /** the newest this many are kept */
  keep: number;
}

/** The file of the period `now` falls in: smartcity-YYYYMMDD-HHmm.backup.gz, the period's start in Beijing time. */
export function backupFileOf(schedule: BackupSchedule, now: Date): string {
  const period = schedule.hours * HOUR;
  const start = new Date(Math.floor((now.getTime() + BEIJING) / period) * period);
  const stamp = start.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return join(schedule.dir, `smartcity-${stamp}.backup.gz`);
}

/**
 * 定期备份: the period's backup unless it is made already, then the oldest beyond `keep` removed. Named by its period,
 * so a restart, or a second instance writing to the same folder, makes no second one in a period; written under
 * another name and renamed when whole, so a crash never leaves a file that looks complete (and restore checks each
 * file's digest anyway). Returns the file written, or null.
 */
export async function scheduledBackup(database: Database, schedule: BackupSchedule, now: Date): Promise<string | null> {
  const file = backupFileOf(schedule, now);
  if (existsSync(file)) return null;
  mkdirSync(schedule.dir, { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  try {
    await backupAside(database, partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  renameSync(partial, file);
  const made = readdirSync(schedule.dir)
    .filter((n) => NAME.test(n))
    .sort()
    .reverse();
  for (const old of made.slice(Math.max(1, schedule.keep))) rmSync(join(schedule.dir, old));
  return file;
}
