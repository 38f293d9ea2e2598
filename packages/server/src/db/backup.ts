import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { copyFileSync, createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { MIGRATIONS_FOLDER } from '../paths.js';
import type { BackupJob } from './backup-worker.impl.js';
import { migrateDatabase, type Database, type Queryable } from './client.js';

/*
 * Backups are logical, written and read through the same SQL on both engines, so they need no pg_dump of a
 * matching major version, move between PGlite and PostgreSQL, and restore into a newer release: the restore
 * builds the schema the backup was made at, loads the rows, then applies the newer migrations (the upgrade path).
 *
 * File: gzip of JSON lines — a header (format, schema level, tables), then pages of rows per table, then a trailer
 * with the row count and an SM3 digest of every line before it, so a cut or altered file is refused.
 * The sealed private keys are rows like any other; the master key is a file or an environment variable and is
 * never in a backup (README: keep it apart).
 */
export const BACKUP_FORMAT = 'smartcity-backup/1';
const PAGE = 2000;

export interface BackupHeader {
  format: string;
  createdAt: string;
  engine: Database['engine'];
  /** the last migration applied when the backup was made (journal tag) */
  migration: string;
  tables: Record<string, number>;
}

export class BackupError extends Error {}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}
const journal = (): { entries: JournalEntry[] } & Record<string, unknown> =>
  JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'));

/** The last migration applied (its journal tag), or null for a database without our schema. */
export async function migrationLevel(db: Queryable): Promise<string | null> {
  const exists = await db.execute<{ t: string | null }>(sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!exists.rows[0]?.t) return null;
  const last = await db.execute<{ when: string | null }>(sql`select max(created_at)::text as "when" from drizzle.__drizzle_migrations`);
  const when = Number(last.rows[0]?.when);
  if (!when) return null;
  const entry = journal().entries.find((e) => e.when === when);
  if (!entry) throw new BackupError('the database was migrated by a newer release than this one');
  return entry.tag;
}

interface TableInfo {
  name: string;
  columns: string[];
  key: string[];
}

/**
 * Tables the database writes itself from other tables' rows (triggers): a restore remakes them as it loads those
 * rows, so a backup leaves them out — loaded as well, each row would be there twice.
 */
const DERIVED_TABLES = ['task_book_investment_years'];

/** Our tables with their stored (not generated) columns and primary key; partitions are read through their parent. */
async function tables(db: Queryable): Promise<TableInfo[]> {
  const res = await db.execute<{ name: string; columns: string[]; key: string[] }>(sql`
    select c.relname as name,
      to_json(array(select a.attname::text from pg_attribute a
        where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum)) as columns,
      to_json(array(select a.attname::text from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = c.oid and i.indisprimary order by a.attnum)) as key
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname not in (${sql.join(
        DERIVED_TABLES.map((t) => sql`${t}`),
        sql`, `,
      )})
    order by c.relname`);
  return res.rows.map((r) => ({
    name: r.name,
    columns: typeof r.columns === 'string' ? JSON.parse(r.columns) : r.columns,
    key: typeof r.key === 'string' ? JSON.parse(r.key) : r.key,
  }));
}

const ident = (name: string) => sql.identifier(name);
const list = (names: string[]) =>
  sql.join(
    names.map((n) => ident(n)),
    sql`, `,
  );

class Digest {
  private hash = createHash('sm3');
  lines = 0;
  /** a line with its newline, as written */
  add(line: Buffer) {
    this.hash.update(line);
    this.lines++;
  }
  hex = () => this.hash.digest('hex');
}

/** Writes a backup of the whole database to `file`; returns its header. */
export async function writeBackup(database: Database, file: string): Promise<BackupHeader> {
  const db = database.db;
  const migration = await migrationLevel(db);
  if (!migration) throw new BackupError('the database has no schema to back up');
  const gzip = createGzip();
  const out = gzip.pipe(createWriteStream(file, { mode: 0o600 }));
  const digest = new Digest();
  const write = (value: unknown) => writeLine(JSON.stringify(value));
  const writeLine = async (line: string) => {
    // encoded once for the digest and the file (a tenth of a backup's time went to encoding each line twice)
    const bytes = Buffer.from(`${line}\n`);
    digest.add(bytes);
    if (!gzip.write(bytes)) await new Promise((resolve) => gzip.once('drain', resolve));
  };
  // one snapshot of every table: a change committed while the backup runs is in all of it or none
  return db.transaction(
    async (tx) => {
      const all = await tables(tx);
      const counts: Record<string, number> = {};
      for (const t of all) {
        const r = await tx.execute<{ n: string }>(sql`select count(*)::text as n from ${ident(t.name)}`);
        counts[t.name] = Number(r.rows[0]!.n);
      }
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        createdAt: new Date().toISOString(),
        engine: database.engine,
        migration,
        tables: counts,
      };
      await write(header);
      for (const t of all) {
        const order = t.key.length ? t.key : t.columns;
        // a cursor reads the table once; a page by offset read every page before it again (quadratic in the table)
        await tx.execute(sql`declare backup_rows no scroll cursor for
          select row_to_json(p)::text as row from (select ${list(t.columns)} from ${ident(t.name)} order by ${list(order)}) p`);
        const table = JSON.stringify(t.name);
        for (let read = 0; read < counts[t.name]!; read += PAGE) {
          const page = await tx.execute<{ row: string }>(sql.raw(`fetch forward ${PAGE} from backup_rows`));
          // each row's JSON as the database wrote it: parsed and written again it was the same value
          await writeLine(`{"table":${table},"rows":[${page.rows.map((r) => r.row).join(',')}]}`);
        }
        await tx.execute(sql`close backup_rows`);
      }
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      gzip.end(JSON.stringify({ end: true, rows, lines: digest.lines, sm3: digest.hex() }) + '\n');
      await finished(out);
      return header;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

const BACKUP_WORKER = new URL('./backup-worker.js', import.meta.url);

/**
 * A backup made while the platform serves. On PostgreSQL it takes one connection of the pool. PGlite is one
 * connection: a backup read through it stopped every request while it ran (0.5 s with the demo, 27 s at 3,000 pilots,
 * bench:backup), so its folder is copied online (`Database.copyTo`) and the copy is read in a worker thread, then
 * removed. The copy sits beside `file`, on the disk given to backups.
 */
export async function backupAside(database: Database, file: string, on: { copied?: () => void } = {}): Promise<BackupHeader> {
  if (!database.copyTo) return writeBackup(database, file);
  const dataDir = `${file}.pgdata`;
  try {
    await rm(dataDir, { recursive: true, force: true }); // a crashed backup's copy
    await database.copyTo(dataDir);
    on.copied?.();
    return await new Promise<BackupHeader>((resolve, reject) => {
      const worker = new Worker(BACKUP_WORKER, { workerData: { dataDir, file } satisfies BackupJob });
      let header: BackupHeader | undefined;
      worker.once('message', (h: BackupHeader) => (header = h));
      worker.once('error', reject);
      // at its exit, not its message: until then it is closing its database, which writes to the copy
      worker.once('exit', (code) => (header ? resolve(header) : reject(new Error(`the backup worker stopped (exit code ${code})`))));
    });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function* lines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file).pipe(createGunzip());
  yield* createInterface({ input, crlfDelay: Infinity });
}

/** Checks the whole file (format, trailer, digest) before anything is written. */
async function readHeader(file: string): Promise<BackupHeader> {
  const digest = new Digest();
  let header: BackupHeader | undefined;
  let trailer: { end: true; lines: number; sm3: string } | undefined;
  try {
    for await (const line of lines(file)) {
      if (trailer) throw new BackupError('the backup has data after its end');
      const value = JSON.parse(line);
      if (value.end) trailer = value;
      else {
        header ??= value;
        digest.add(Buffer.from(`${line}\n`));
      }
    }
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`the backup cannot be read: ${(err as Error).message}`);
  }
  if (header?.format !== BACKUP_FORMAT) throw new BackupError(`not a backup of this platform (format ${BACKUP_FORMAT} expected)`);
  if (!trailer) throw new BackupError('the backup is cut short (no end record)');
  if (trailer.lines !== digest.lines || trailer.sm3 !== digest.hex())
    throw new BackupError('the backup was altered (its SM3 digest differs)');
  return header;
}

/** Applies the migrations up to and including `tag` (the schema a backup was made at). */
async function migrateTo(database: Database, tag: string) {
  const j = journal();
  const upTo = j.entries.findIndex((e) => e.tag === tag);
  if (upTo < 0) throw new BackupError(`the backup was made at schema ${tag}, which this release does not know (a newer release?)`);
  const dir = mkdtempSync(join(tmpdir(), 'smartcity-migrations-'));
  try {
    mkdirSync(join(dir, 'meta'));
    const entries = j.entries.slice(0, upTo + 1);
    writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...j, entries }));
    for (const e of entries) copyFileSync(join(MIGRATIONS_FOLDER, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
    await migrate(database.db, { migrationsFolder: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Restores a backup into an empty database: the schema as it was, the rows (foreign keys checked once at the end,
 * so the order of rows does not matter), then this release's later migrations. Nothing is written unless the whole
 * file checks out; the rows load in one transaction.
 */
export async function restoreBackup(database: Database, file: string): Promise<BackupHeader> {
  const header = await readHeader(file);
  if ((await migrationLevel(database.db)) !== null) throw new BackupError('the target database is not empty: restore into a new one');
  await migrateTo(database, header.migration);
  await database.db.transaction(async (tx) => {
    const fks = await tx.execute<{ tbl: string; name: string }>(sql`
      select conrelid::regclass::text as tbl, conname as name from pg_constraint
      where contype = 'f' and connamespace = 'public'::regnamespace`);
    const deferrable = async (on: boolean) => {
      for (const fk of fks.rows)
        await tx.execute(
          sql`alter table ${ident(fk.tbl)} alter constraint ${ident(fk.name)} ${on ? sql`deferrable initially deferred` : sql`not deferrable`}`,
        );
    };
    await deferrable(true);
    const info = new Map((await tables(tx)).map((t) => [t.name, t]));
    const loaded: Record<string, number> = {};
    let first = true;
    for await (const line of lines(file)) {
      if (first) {
        first = false;
        continue;
      }
      const value = JSON.parse(line) as { table?: string; rows?: unknown[] };
      if (!value.table) continue;
      const t = info.get(value.table);
      if (!t) throw new BackupError(`the backup has a table this schema lacks: ${value.table}`);
      const cols = list(t.columns);
      await tx.execute(
        sql`insert into ${ident(t.name)} (${cols}) select ${cols} from json_populate_recordset(null::${ident(t.name)}, ${JSON.stringify(value.rows)}::json)`,
      );
      loaded[t.name] = (loaded[t.name] ?? 0) + value.rows!.length;
    }
    for (const [name, n] of Object.entries(header.tables))
      if ((loaded[name] ?? 0) !== n) throw new BackupError(`table ${name}: ${loaded[name] ?? 0} rows restored, ${n} expected`);
    await tx.execute(sql`set constraints all immediate`);
    await deferrable(false);
    // serial columns continue after the restored rows
    const serials = await tx.execute<{ tbl: string; col: string; seq: string }>(sql`
      select c.table_name as tbl, c.column_name as col, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) as seq
      from information_schema.columns c where c.table_schema = 'public'
        and pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) is not null`);
    for (const s of serials.rows)
      await tx.execute(sql`select setval(${s.seq}, coalesce((select max(${ident(s.col)}) from ${ident(s.tbl)}), 0) + 1, false)`);
  });
  await migrateDatabase(database);
  return header;
}
