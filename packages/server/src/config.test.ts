import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadConfig, StartupError } from './config.js';
import { openDatabase } from './db/client.js';

describe("PGlite's page cache", () => {
  it('is 32 MB unless SMARTCITY_PGLITE_SHARED_BUFFERS_MB says otherwise, and a bad value stops the start by name', () => {
    expect(loadConfig({}).pgliteSharedBuffersMb).toBe(32);
    expect(loadConfig({ SMARTCITY_PGLITE_SHARED_BUFFERS_MB: '128' }).pgliteSharedBuffersMb).toBe(128);
    for (const bad of ['0', '1.5', '-8', 'lots'])
      expect(() => loadConfig({ SMARTCITY_PGLITE_SHARED_BUFFERS_MB: bad })).toThrow(
        expect.objectContaining({ constructor: StartupError, message: expect.stringContaining('SMARTCITY_PGLITE_SHARED_BUFFERS_MB') }),
      );
  });

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
