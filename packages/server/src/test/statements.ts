import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../db/client.js';

// The statements a piece of work sends to the database, caught at the pool: the benchmarks replay them as the raw-SQL
// floor, and the tests explain them (what a route's queries read at scale).

/** A statement as the pool was sent it: text, parameters, row mode, and its name when prepared (the raw-SQL floors replay these). */
export interface Statement {
  text: string;
  values: unknown[] | undefined;
  rowMode: string | undefined;
  name?: string;
}
export type PgPool = { query: (...args: unknown[]) => Promise<unknown> };
/** drizzle's pool (set as `$client` at runtime; the Db type the server declares does not name it) */
export const poolOf = (db: Db) => (db as unknown as { $client: PgPool }).$client;

/** The statement of a `pool.query` call: drizzle sends (config, params) or (text, params). */
export function statementOf(args: unknown[]): Statement {
  const [first, second] = args as [string | { text: string; values?: unknown[]; rowMode?: string; name?: string }, unknown[] | undefined];
  return typeof first === 'string'
    ? { text: first, values: second, rowMode: undefined }
    : { text: first.text, values: first.values ?? second, rowMode: first.rowMode, ...(first.name ? { name: first.name } : {}) };
}

/**
 * Catches the statements sent at the pool within `during`'s async context, in waves: a statement sent while another
 * of the same context is still running belongs to its wave (sent together, with Promise.all); one sent when none is
 * running starts the next wave. Statements of other contexts (the app's background rounds) pass untouched. `stop`
 * puts the pool back; between catches the async hooks are off (left on, they tax every promise of a measured run).
 */
export function statementCatcher(db: Db) {
  const pool = poolOf(db);
  const original = pool.query;
  const context = new AsyncLocalStorage<Statement[][]>();
  let running = 0;
  pool.query = function (this: unknown, ...args: unknown[]) {
    const waves = context.getStore();
    if (!waves) return original.apply(this, args);
    if (running === 0) waves.push([]);
    waves.at(-1)!.push(statementOf(args));
    running += 1;
    return original.apply(this, args).finally(() => (running -= 1));
  };
  return {
    /** `run` with its statements added to `waves` */
    during: <T>(waves: Statement[][], run: () => T): T => context.run(waves, run),
    /** the hooks off until the next catch */
    pause: () => context.disable(),
    stop() {
      pool.query = original;
      context.disable();
    },
  };
}

/** The statements `run` sends, in waves (statementCatcher). */
export async function wavesOf(db: Db, run: () => Promise<unknown>): Promise<Statement[][]> {
  const catcher = statementCatcher(db);
  const waves: Statement[][] = [];
  try {
    await catcher.during(waves, run);
  } finally {
    catcher.stop();
  }
  return waves;
}

/** What one statement read, by EXPLAIN (ANALYZE, BUFFERS) with its own parameters. */
export interface Reading {
  text: string;
  /** rows every table scan produced or filtered away, times its loops */
  rows: number;
  /** shared buffers hit and read by the whole plan */
  buffers: number;
  /** rows the statement answered (sent to the app) */
  returned: number;
}

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

const rowsScanned = (node: PlanNode): number =>
  (node['Relation Name']
    ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops']
    : 0) + (node.Plans ?? []).reduce((n, child) => n + rowsScanned(child), 0);

/** The statement run once more under EXPLAIN (ANALYZE, BUFFERS), with the planner's default settings. */
export async function readingOf(db: Db, s: Statement): Promise<Reading> {
  // an EXPLAIN of the app's own (a long list's estimated total) plans without running: it reads no rows
  if (/^explain\b/i.test(s.text)) return { text: s.text, rows: 0, buffers: 0, returned: 1 };
  const result = (await poolOf(db).query({ text: `explain (analyze, buffers, format json) ${s.text}`, values: s.values })) as {
    rows: { 'QUERY PLAN': string | [{ Plan: PlanNode }] }[];
  };
  const cell = result.rows[0]!['QUERY PLAN'];
  const plan = (typeof cell === 'string' ? (JSON.parse(cell) as [{ Plan: PlanNode }]) : cell)[0].Plan;
  return {
    text: s.text,
    rows: rowsScanned(plan),
    buffers: plan['Shared Hit Blocks'] + plan['Shared Read Blocks'],
    returned: plan['Actual Rows'] * plan['Actual Loops'],
  };
}
