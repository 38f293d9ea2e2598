import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PglitePgConnection } from '@electric-sql/pglite/node-postgres';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { DATABASE_POOL_SIZE, PGLITE_SHARED_BUFFERS_MB } from '../config.js';
import { MIGRATIONS_FOLDER } from '../paths.js';
import { committed } from './auth-changes.js';
import { ensurePartitions } from './partitions.js';
import * as schema from './schema.js';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Queryable = Db | Tx;

/**
 * Reads that do not depend on each other: side by side on the pool (each on a connection of its own), one after another
 * in a transaction, whose one connection runs a statement at a time (node-postgres queues a second one with a warning
 * today, and pg 9 refuses it).
 */
export async function together<T extends readonly unknown[]>(db: Queryable, ...reads: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** PGlite only: the whole data folder as a gzip tarball (test fixtures are built once and loaded from it) */
  dump?: () => Promise<Blob>;
  /** PGlite in a folder only: an online copy of the folder into `dir` (`copyDataDir`), one at a time. */
  copyTo?: (dir: string) => Promise<void>;
  /**
   * Hears NOTIFYs on `channel` for as long as the returned function is not called. `reset` is told when hearing
   * starts (true) and stops (false: on PostgreSQL a lost connection, retried every second): whatever was learnt from
   * the messages cannot be trusted across a gap.
   */
  listen(channel: string, on: { message(payload: string): void; reset(listening: boolean): void }): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… selects PostgreSQL; otherwise the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; `memory://` for a throw-away database. */
  dataDir?: string | undefined;
  poolSize?: number;
  /** PGlite only: start from this data folder tarball (a `dump`) */
  loadDataDir?: Blob | undefined;
  /** PGlite only: its page cache in MB (PGLITE_SHARED_BUFFERS_MB unless given) */
  sharedBuffersMb?: number | undefined;
}

/**
 * Drizzle passes per-query type parsers as `types`; node-postgres' own wire encoder ignores a non-array
 * there, PGlite's adapter calls forEach on it and fails. Parameter types are always inferred here.
 */
class PGliteConnection extends PglitePgConnection {
  override parse(query: { types?: unknown }) {
    super.parse(Array.isArray(query.types) ? query : { ...query, types: undefined });
  }
}

/**
 * One pg code path for both engines: PGlite is reached through its node-postgres adapter,
 * so Drizzle, migrations and raw SQL behave the same on the embedded and the real server.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  let pool: pg.Pool;
  let pglite: PGlite | undefined;
  if (opts.url && /^postgres(ql)?:\/\//.test(opts.url)) {
    pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? DATABASE_POOL_SIZE,
    });
  } else {
    // pg_trgm: search's partial matches (migration 0019 creates the extension)
    const embedded = await PGlite.create(opts.dataDir ?? 'memory://', {
      extensions: { pg_trgm },
      // a small write-ahead log: at PostgreSQL's 1 GB the segments it had written were kept for reuse when it stopped, and the
      // data folder at rest was 390 MB at 3,000 pilots (209 MB of it log), now 246 MB; the demo's 160 MB, now 132 (bench:first-start)
      postgresqlconf: [
        `shared_buffers = ${opts.sharedBuffersMb ?? PGLITE_SHARED_BUFFERS_MB}MB`,
        'min_wal_size = 32MB',
        'max_wal_size = 64MB',
      ],
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    pglite = embedded;
    // pg-pool discards a client after a failed query; each client therefore gets its own connection
    // object onto the one PGlite instance (createPgConfig shares one, which stays closed afterwards).
    // The named statements they know are the one backend's (shared/prepared.repository.ts): a client made after a failed
    // query must not name one again
    const named = { parsedStatements: {}, submittedNamedStatements: {} };
    class PGliteClient extends pg.Client {
      constructor(config: pg.ClientConfig = {}) {
        const connection = Object.assign(new PGliteConnection({ pglite: embedded }), named);
        super({ ...config, connection } as pg.ClientConfig);
      }
    }
    pool = new pg.Pool({ Client: PGliteClient, max: 1 });
  }
  // an idle connection the server drops (restart, failover, a dropped test database) must not crash the process
  pool.on('error', (err) => console.error('database connection lost:', err.message));
  const db = drizzle(pool, { schema });
  // every committed transaction that changed what sessions stand for tells this process (db/auth-changes.ts)
  const transaction = db.transaction.bind(db);
  db.transaction = async (fn, config) => {
    let tx: Tx | undefined;
    const result = await transaction((t) => fn((tx = t)), config);
    committed(db, tx!);
    return result;
  };
  return {
    db,
    engine: pglite ? 'pglite' : 'postgres',
    ...(pglite ? { dump: () => pglite.dumpDataDir('gzip') } : {}),
    ...(pglite && opts.dataDir && !opts.dataDir.startsWith('memory://') ? { copyTo: oneAtATime(copyDataDir(pool, opts.dataDir)) } : {}),
    async listen(channel, on) {
      if (pglite) {
        // one process, one backend: the LISTEN goes through the pool like every statement (pglite.listen would run it
        // beside the pool's statement in flight and break its extended protocol), the callback hears every channel
        const embedded = pglite;
        const off = embedded.onNotification((heard, payload) => heard === channel && on.message(payload));
        await pool.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        on.reset(true);
        return async () => {
          on.reset(false);
          off();
          // a database closed first has nothing left to stop
          if (!embedded.closed) await pool.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`);
        };
      }
      return listenOnPostgres(opts.url!, channel, on);
    },
    async close() {
      await pool.end();
      await pglite?.close();
    },
  };
}

/**
 * PostgreSQL's online base backup, which needs no second connection: `pg_backup_start` makes a checkpoint, the files are
 * copied while statements go on, `pg_backup_stop` ends it, then the write-ahead log is copied and the backup label
 * written. Opening the copy replays the log from that checkpoint to past the backup's end (and refuses to open if the log
 * does not reach it), which also mends a page a statement was writing while it was read: the log holds a whole image of
 * each page written after a checkpoint. Statements wait for the checkpoint and the stop only.
 */
function copyDataDir(pool: pg.Pool, dataDir: string) {
  return async (dir: string) => {
    await pool.query(`select pg_backup_start('smartcity', true)`);
    // the log is copied after the stop; postmaster.pid is the running server's (PostgreSQL's backup rules)
    const failed = await copyTree(dataDir, dir, (name) => name !== 'pg_wal' && name !== 'postmaster.pid').then(
      () => null,
      (err: unknown) => ({ err }),
    );
    const stopped = pool.query<{ labelfile: string; spcmapfile: string }>('select labelfile, spcmapfile from pg_backup_stop(false)');
    if (failed) {
      // the backup is ended either way; what is reported is the copy's failure, the first, not the stop's after it
      await stopped.catch(() => undefined);
      throw failed.err;
    }
    const label = (await stopped).rows[0]!;
    await copyTree(join(dataDir, 'pg_wal'), join(dir, 'pg_wal'));
    await writeFile(join(dir, 'backup_label'), label.labelfile);
    if (label.spcmapfile) await writeFile(join(dir, 'tablespace_map'), label.spcmapfile);
  };
}

/**
 * Copies a folder; a file removed while it is copied (a dropped table's, a recycled log segment) is left out. A folder's
 * files are copied side by side (libuv's threads take four at a time): one by one, each of the demo's 1,700 files waited
 * for a turn of an event loop busy with requests, and its backup under bench:backup's load took 15 s, not 4.
 */
async function copyTree(from: string, to: string, keep: (name: string) => boolean = () => true): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = (await readdir(from, { withFileTypes: true })).filter((entry) => keep(entry.name));
  await Promise.all(
    entries.map(async (entry) => {
      const [source, target] = [join(from, entry.name), join(to, entry.name)];
      await (entry.isDirectory() ? copyTree(source, target) : copyFile(source, target)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }),
  );
}

/** Calls of `fn` one after another: a second waits for the first to end, however it ends. */
function oneAtATime<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let last: Promise<unknown> = Promise.resolve();
  return (...args) => {
    const run = last.then(() => fn(...args));
    last = run.catch(() => undefined);
    return run;
  };
}

/** A connection of its own (a pool's would be handed back), reopened a second after it is lost. */
async function listenOnPostgres(url: string, channel: string, on: { message(payload: string): void; reset(listening: boolean): void }) {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    let gone = false;
    const lost = () => {
      if (gone) return;
      gone = true;
      if (client === c) {
        client = undefined;
        on.reset(false);
      }
      c.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), 1_000);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n) => n.channel === channel && on.message(n.payload ?? ''));
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch {
      return lost();
    }
    if (gone) return;
    if (stopped) return void c.end().catch(() => undefined);
    client = c;
    on.reset(true);
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = undefined;
    on.reset(false);
    await c?.end();
  };
}

/** The schema brought up to date, and this month's partitions and the next ones made (rows waiting moved in). */
export async function migrateDatabase(database: Database, now = new Date()): Promise<void> {
  await migrate(database.db, { migrationsFolder: MIGRATIONS_FOLDER });
  await database.db.transaction((tx) => ensurePartitions(tx, now));
}
