import { Agent } from '../lib/inject-agent.js';
import { buildApp, type App } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import { DEMO_DAY, snapshotDatabase } from './demo.js';

export const DEMO_PASSWORD = 'Test-password-2013';

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(private t = new Date('2013-02-01T08:00:00Z')) {}
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export interface TestEnv {
  app: App;
  database: Database;
  /** the PostgreSQL test database (a second pool, as another instance would open); undefined on PGlite */
  databaseUrl: string | undefined;
  clock: TestClock;
  config: Config;
  /** A signed-in client for a demo user. */
  as(username: string): Promise<Agent>;
  anonymous(): Agent;
  close(): Promise<void>;
}

/** Test clients sign in with the demo password unless told otherwise. */
export { Agent };

/** The configuration tests run with (a fixed secret and master key, no sign-in rate limit to trip over). */
export const testConfig = (over: Partial<Config> = {}): Config => ({
  ...loadConfig({}),
  secret: 'test-secret-0123456789abcdef0123456789abcdef',
  loginRateLimit: 10_000,
  masterKey: 'test-master-key',
  // tests run job rounds themselves, on their clock, and start webhook dispatchers themselves
  jobIntervalSeconds: 0,
  webhooks: { ...loadConfig({}).webhooks, intervalMs: 0 },
  ...over,
});

/**
 * A test's platform: reference data and demo users by default (`demo: false`: reference data only), or — with
 * `demo: 'programme'` — the full demo programme as `--demo` makes it, seeded on DEMO_DAY. Each is built once per test
 * run and engine and copied for each file (test/demo.ts). The clock starts at 2013-02-01, or at DEMO_DAY.
 */
export async function createTestEnv(opts: { demo?: boolean | 'programme'; config?: Partial<Config> } = {}): Promise<TestEnv> {
  const config = testConfig(opts.config);
  const programme = opts.demo === 'programme';
  const database = await snapshotDatabase(programme ? 'programme' : opts.demo === false ? 'reference' : 'users');
  const clock = new TestClock(programme ? new Date(DEMO_DAY) : undefined);
  const app = await buildApp({ database, config, clock });
  await app.ready();
  return {
    app,
    database,
    databaseUrl: database.url,
    clock,
    config,
    anonymous: () => new Agent(app, DEMO_PASSWORD),
    async as(username) {
      const agent = new Agent(app, DEMO_PASSWORD);
      const res = await agent.signIn(username);
      if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.body}`);
      return agent;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * A second app instance on the test's PostgreSQL database, as another server behind the same load balancer: its own
 * pool, the same configuration and clock. `follow` is a browser's next request landing there (its cookies, its token).
 */
export async function secondInstance(env: TestEnv) {
  const database = await openDatabase({ url: env.databaseUrl!, poolSize: 4 });
  const app = await buildApp({ database, config: env.config, clock: env.clock });
  await app.ready();
  return {
    app,
    anonymous: () => new Agent(app, DEMO_PASSWORD),
    follow(agent: Agent) {
      const there = new Agent(app, DEMO_PASSWORD);
      there.cookies = new Map(agent.cookies);
      there.csrfToken = agent.csrfToken;
      return there;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
