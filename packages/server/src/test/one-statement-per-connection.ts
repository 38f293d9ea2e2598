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
  // a statement is sent with a callback (pg-pool) or for a promise (drizzle); any other way is not followed
  const last = args.length - 1;
  const callback = args[last];
  if (typeof callback === 'function')
    args[last] = (...results: unknown[]) => {
      done();
      return (callback as (...r: unknown[]) => unknown)(...results);
    };
  const result = query.apply(this, args);
  if (result instanceof Promise) result.then(done, done);
  else if (typeof callback !== 'function') done();
  return result;
} as typeof pg.Client.prototype.query;
