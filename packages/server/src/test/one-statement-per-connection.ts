import pg from 'pg';

// A connection runs one statement at a time. node-postgres still queues a second one sent while the first runs (with
// a deprecation warning) and pg 9 will refuse it; in a transaction, reads sent "side by side" with Promise.all do just
// that. The tests refuse it now, so every such place is found here rather than after an upgrade (db/client.ts, `together`).
const running = new WeakSet<pg.Client>();
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (running.has(this)) {
    const [first] = args as [string | { text?: string }];
    throw new Error(
      `a statement sent to a connection still running one: ${String(typeof first === 'string' ? first : first?.text).slice(0, 200)}`,
    );
  }
  running.add(this);
  const done = () => running.delete(this);
  // the three ways a statement is sent: with a callback (pg-pool), for a promise (drizzle), as a submittable (a cursor)
  const last = args.length - 1;
  const callback = args[last];
  if (typeof callback === 'function')
    args[last] = (...results: unknown[]) => {
      done();
      return (callback as (...r: unknown[]) => unknown)(...results);
    };
  const result = query.apply(this, args);
  if (result instanceof Promise) result.then(done, done);
  else if (result && typeof (result as { on?: unknown }).on === 'function' && typeof callback !== 'function')
    (result as pg.Submittable & NodeJS.EventEmitter).on('end', done).on('error', done);
  return result;
} as typeof pg.Client.prototype.query;
