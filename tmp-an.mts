import { PGlite } from '@electric-sql/pglite';
const t0 = Date.now();
const db = new PGlite('/tmp/rep/state/pglite');
await db.query('select 1');
const t1 = Date.now();
await db.query('analyze');
const t2 = Date.now();
await db.query('analyze');
console.log('open', t1 - t0, 'analyze', t2 - t1, 'again', Date.now() - t2);
