import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/database.js';
import { backupAside } from './backup.js';
import { migrateDatabase, openDatabase, type Database } from './client.js';
import { backupFileOf, scheduledBackup } from './scheduled-backups.js';

let database: Database;
const dir = mkdtempSync(join(tmpdir(), 'sc-backups-'));
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The pages of `sign_in_throttle` rows in a backup file, in the file's order. */
const throttlePages = (file: string) =>
  gunzipSync(readFileSync(file))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { table?: string; rows?: { key: string; failures: number }[] })
    .filter((l) => l.table === 'sign_in_throttle');

describe('scheduled backups', () => {
  it('names a backup by the start of its period in Beijing time', () => {
    const at = new Date('2026-12-02T10:30:00+08:00');
    expect(backupFileOf({ dir, hours: 24, keep: 7 }, at)).toBe(join(dir, 'smartcity-20261202-0000.backup.gz'));
    expect(backupFileOf({ dir, hours: 6, keep: 7 }, at)).toBe(join(dir, 'smartcity-20261202-0600.backup.gz'));
    // 07:59 Beijing on the 3rd is still the 3rd's period, though UTC says the 2nd
    expect(backupFileOf({ dir, hours: 24, keep: 7 }, new Date('2026-12-02T23:59:00Z'))).toBe(
      join(dir, 'smartcity-20261203-0000.backup.gz'),
    );
  });

  it('makes one backup a period, keeps the newest, and each is a whole backup', async () => {
    const schedule = { dir, hours: 24, keep: 2 };
    const day = (d: number) => new Date(`2026-12-0${d}T10:00:00+08:00`);
    expect(await scheduledBackup(database, schedule, day(1))).toBe(join(dir, 'smartcity-20261201-0000.backup.gz'));
    expect(await scheduledBackup(database, schedule, new Date(day(1).getTime() + 3_600_000))).toBeNull();
    await scheduledBackup(database, schedule, day(2));
    await scheduledBackup(database, schedule, day(3));
    expect(readdirSync(dir).sort()).toEqual(['smartcity-20261202-0000.backup.gz', 'smartcity-20261203-0000.backup.gz']);
    const lines = gunzipSync(readFileSync(join(dir, 'smartcity-20261203-0000.backup.gz')))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'smartcity-backup/1' });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ end: true });
  });

  it('writes a table of several pages whole, each row once, in its key order', async () => {
    await database.db.execute(sql`insert into sign_in_throttle (key, failures, last_failure_at)
      select lpad(to_hex(n), 8, '0'), n, '2026-12-01T00:00:00Z' from generate_series(1, 4500) n`);
    const schedule = { dir, hours: 24, keep: 9 };
    const file = (await scheduledBackup(database, schedule, new Date('2026-12-09T10:00:00+08:00')))!;
    const pages = throttlePages(file);
    expect(pages.map((p) => p.rows!.length)).toEqual([2000, 2000, 500]);
    const rows = pages.flatMap((p) => p.rows!);
    expect(rows.map((r) => r.failures)).toEqual(Array.from({ length: 4500 }, (_, i) => i + 1));
    expect(rows[4499]).toMatchObject({ key: (4500).toString(16).padStart(8, '0'), failures: 4500 });
  });
});

describe.skipIf(!!process.env.TEST_DATABASE_URL)('a backup of PGlite in a folder while the platform serves', () => {
  it('is read from a copy of the folder in a worker: writes go on while it runs, and it holds a moment of them', async () => {
    const folder = join(dir, 'pglite');
    const served = await openDatabase({ dataDir: folder });
    try {
      await migrateDatabase(served);
      const throttle = (n: number) =>
        served.db.execute(
          sql`insert into sign_in_throttle (key, failures, last_failure_at) values (${String(n).padStart(8, '0')}, ${n}, now())`,
        );
      for (let n = 1; n <= 100; n++) await throttle(n);
      // one writer, each insert committed before the next: a backup of one moment holds 1…m and nothing after m
      let n = 100;
      let backedUp = false;
      const writing = (async () => {
        // each on a later turn of the event loop, as requests come: PGlite answers in microtasks, and a loop of them
        // alone would never let the copy's file reads finish
        while (!backedUp) await throttle(++n).then(() => new Promise((resolve) => setImmediate(resolve)));
      })();
      const order: string[] = [];
      let written: Promise<unknown> = Promise.resolve();
      const file = join(dir, 'aside.backup.gz');
      const header = await backupAside(served, file, {
        copied: () => (written = throttle(0).then(() => order.push('a write after the copy'))),
      }).then((h) => (order.push('the backup'), h));
      backedUp = true;
      await Promise.all([writing, written]);
      expect(order).toEqual(['a write after the copy', 'the backup']);
      const failures = throttlePages(file).flatMap((p) => p.rows!.map((r) => r.failures));
      const m = failures.length;
      expect(header).toMatchObject({ engine: 'pglite', tables: { sign_in_throttle: m } });
      expect(failures).toEqual(Array.from({ length: m }, (_, i) => i + 1)); // not the write after the copy (0)
      expect(m).toBeGreaterThanOrEqual(100);
      expect(n).toBeGreaterThan(m); // the writer went on past the backup's moment
      expect(readdirSync(dir).filter((f) => f.startsWith('aside'))).toEqual(['aside.backup.gz']); // the copy is gone
      // a copy that fails (its folder cannot be made under a file) says why, and ends the backup it began: the next starts
      await expect(served.copyTo!(join(file, 'copy'))).rejects.toMatchObject({ code: 'ENOTDIR' });
      await expect(backupAside(served, join(dir, 'again.backup.gz'))).resolves.toMatchObject({ engine: 'pglite' });
    } finally {
      await served.close();
    }
  });
});
