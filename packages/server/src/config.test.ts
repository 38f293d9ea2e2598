import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadConfig, StartupError } from './config.js';
import { openDatabase } from './db/client.js';

describe('the database settings', () => {
  it.each([
    ['SMARTCITY_PGLITE_SHARED_BUFFERS_MB', 'pgliteSharedBuffersMb', 32],
    ['SMARTCITY_DB_POOL_SIZE', 'databasePoolSize', 10],
  ] as const)('%s: %s is %i unless set, and a bad value stops the start by name', (name, key, fallback) => {
    expect(loadConfig({})[key]).toBe(fallback);
    expect(loadConfig({ [name]: '4' })[key]).toBe(4);
    for (const bad of ['0', '1.5', '-8', 'lots'])
      expect(() => loadConfig({ [name]: bad })).toThrow(
        expect.objectContaining({ constructor: StartupError, message: expect.stringContaining(name) }),
      );
  });
});

describe("PGlite's page cache", () => {
  it('is what the embedded engine runs with', async () => {
    for (const [given, shown] of [
      [undefined, '32MB'],
      [16, '16MB'],
    ] as const) {
      const database = await openDatabase({ dataDir: 'memory://', sharedBuffersMb: given });
      try {
        const { rows } = await database.db.execute<{ shared_buffers: string }>(sql`show shared_buffers`);
        expect(rows[0]!.shared_buffers).toBe(shown);
      } finally {
        await database.close();
      }
    }
  });
});

describe('the PostgreSQL pool', () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)('never opens more backends than its size, however many statements wait', async () => {
    const database = await openDatabase({ url: process.env.TEST_DATABASE_URL, poolSize: 3 });
    try {
      // twelve statements at once, each holding its connection a moment: the server names the backends that ran them
      const pids = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const { rows } = await database.db.execute<{ pid: number }>(sql`select pg_backend_pid() as pid, pg_sleep(0.05)`);
          return rows[0]!.pid;
        }),
      );
      expect(new Set(pids).size).toBe(3);
    } finally {
      await database.close();
    }
  });
});
