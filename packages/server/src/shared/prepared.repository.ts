import { sql, type Column, type GetColumnData, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';
import { PgDialect, type PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import { EVERYTHING, type Scope } from '../tenancy/scope.js';

interface Preparable<R> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> };
}
type Prepared<R> = ReturnType<Preparable<R>['prepare']>;

/**
 * Each field of `A` as the placeholder of the same name. A field that may be undefined is undefined when a run leaves it
 * out: it has no placeholder then, and the statement built for that run has no condition on it (`args.status &&
 * eq(t.status, args.status)`).
 */
export type Placeholders<A> = { [K in keyof A]-?: Placeholder<K & string> | (undefined extends A[K] ? undefined : never) };

/** Each field of `T` as its value or the placeholder a prepared read binds it to (conditions written for both). */
export type Bindable<T> = { [K in keyof T]: T[K] | Placeholder };

/**
 * What picks a statement's text besides the tier and the fields given: a few enumerated choices (a sort, a list of a
 * lifecycle's states the code chose), never a value.
 */
export type Shape = Record<string, string | boolean | readonly string[] | undefined>;

/** What a listed choice may be: a name (a lifecycle's state), never a value a user typed. */
const CHOICE = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * A column in a list of the code's own choices (a lifecycle's states) given in a shape: the list is part of the
 * statement's text as literals, one text per list; undefined when the shape has none. As parameters, the states were
 * unknown to the plan PostgreSQL keeps for a prepared statement: it guessed 1,800 task books in three states where there
 * were 15, judged that plan dearer than planning each run anew, and planned the to-dos' task books on every run (2.3 ms
 * of planning for 0.5 ms of reading).
 */
export function inListed<C extends Column>(column: C, listed: readonly (GetColumnData<C, 'raw'> & string)[] | undefined): SQL | undefined {
  if (listed === undefined) return undefined;
  if (listed.length === 0) return sql`false`;
  for (const choice of listed) if (!CHOICE.test(choice)) throw new Error(`inListed: "${choice}" is not a name`);
  return sql`${column} in (${sql.raw(listed.map((choice) => `'${choice}'`).join(', '))})`;
}

const names = new Set<string>();
/** statement names by name, tier and shape: one process's connections see one text per name */
const statementNames = new Map<string, string>();

/** The scope's fields besides its tier: their placeholders are `scope_<field>`. */
const scopeFields = (scope: Scope) => Object.keys(scope).filter((field) => field !== 'tier') as (keyof Scope)[];

/** A scope of the same tier whose values are placeholders, for building its statement once. */
function scopeShape(scope: Scope): Scope {
  const shape: Record<string, unknown> = { tier: scope.tier };
  for (const field of scopeFields(scope)) shape[field] = sql.placeholder(`scope_${field}`);
  // the tier's predicates (tenancy/scope.ts `visible`) put a scope's values into SQL only, never compare them in JS
  return shape as Scope;
}

/** The reader's values for those placeholders, on each run. */
function scopeValues(scope: Scope): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of scopeFields(scope)) values[`scope_${field}`] = scope[field];
  return values;
}

/**
 * A read whose statement has one text per reader's tier, fields given and shape, built by Drizzle once per text and
 * database and then run with the values bound. Building the statement cost more CPU than anything else in a small read
 * (a quarter of the pilot page's, profiled: Drizzle's `is` and `sql` walking the query's parts), and on PostgreSQL the
 * statement is named, so each connection parses it once. `build` may choose its conditions by the tier, by which fields
 * are given and by `shape`, never by a value: a value is a placeholder here, bound at each run.
 */
export function preparedRead<S extends Shape, A extends Record<string, unknown>, R>(
  name: string,
  build: (db: Queryable, scope: Scope, args: Placeholders<A>, shape: S) => Preparable<R>,
): (db: Queryable, scope: Scope, args: A, shape?: S) => Promise<R> {
  // a statement's name is its text's on a PostgreSQL connection: two texts under one name are refused there
  if (names.has(name)) throw new Error(`prepared read "${name}" is defined twice`);
  names.add(name);
  const built = new WeakMap<Queryable, Map<string, Prepared<R>>>();
  return (db, scope, args, shape = {} as S) => {
    const given = Object.keys(args)
      .filter((k) => args[k] !== undefined)
      .sort();
    const key = `${scope.tier}:${given.join(',')}:${JSON.stringify(shape)}`;
    let texts = built.get(db);
    if (!texts) built.set(db, (texts = new Map()));
    let statement = texts.get(key);
    if (!statement) {
      const placeholders = Object.fromEntries(given.map((k) => [k, sql.placeholder(k)])) as Placeholders<A>;
      const named = `${name}:${key}`;
      if (!statementNames.has(named)) statementNames.set(named, `${name}_${statementNames.size}`);
      statement = build(db, scopeShape(scope), placeholders, shape).prepare(statementNames.get(named)!);
      texts.set(key, statement);
    }
    return statement.execute({ ...scopeValues(scope), ...args });
  };
}

/** A read whose text does not depend on the reader's tier (its scope was checked before it, or it has none of its own). */
export function prepared<S extends Shape, A extends Record<string, unknown>, R>(
  name: string,
  build: (db: Queryable, args: Placeholders<A>, shape: S) => Preparable<R>,
): (db: Queryable, args: A, shape?: S) => Promise<R> {
  const read = preparedRead<S, A, R>(name, (db, _scope, args, shape) => build(db, args, shape));
  return (db, args, shape) => read(db, EVERYTHING, args, shape);
}

/** The database's dialect (opened with no options, db/client.ts): a statement's text without a query object to drop. */
const dialect = new PgDialect();

/**
 * A prepared read written as SQL text (`sql` templates) rather than with the query builder: for the aggregates over the
 * pilots' facts (the dashboards), whose joins and conditions the builder does not express. Its text is chosen as a
 * prepared read's is, by tier, fields given and shape, with every value a placeholder. Built on each run, the dashboard's
 * statements cost 15.5 % of the server's busy time in Drizzle (profiled, PostgreSQL, 3,000 pilots) and sent unnamed
 * were planned on every run, which cost more than reading for some (a province's overdue list 10.5 ms unnamed, 2.0 prepared).
 */
export function preparedSql<S extends Shape, A extends Record<string, unknown>, R extends Record<string, unknown>>(
  name: string,
  build: (scope: Scope, args: Placeholders<A>, shape: S) => SQLWrapper,
): (db: Queryable, scope: Scope, args: A, shape?: S) => Promise<R[]> {
  return preparedRead<S, A, R[]>(name, (db, scope, args, shape) => ({
    prepare(statementName) {
      const query = dialect.sqlToQuery(build(scope, args, shape).getSQL());
      const run = db._.session.prepareQuery<PreparedQueryConfig & { execute: { rows: R[] } }>(query, undefined, statementName, false);
      return { execute: async (values) => (await run.execute(values)).rows };
    },
  }));
}
