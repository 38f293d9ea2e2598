import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Clock } from '../lib/clock.js';
import { seedDemo, seedReference } from '../seed/seed.js';
import { createTestDatabase } from './database.js';

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
  clock: TestClock;
  config: Config;
  /** A signed-in client for a demo user. */
  as(username: string): Promise<Agent>;
  anonymous(): Agent;
  close(): Promise<void>;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Keeps cookies between requests and sends the CSRF token on mutating ones, like the web app does. */
export class Agent {
  cookies = new Map<string, string>();
  csrfToken: string | null = null;
  constructor(private app: App) {}

  async request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      cookies: Object.fromEntries(this.cookies),
      ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
    });
    for (const c of res.cookies as { name: string; value: string }[]) {
      if (c.value) this.cookies.set(c.name, c.value);
      else this.cookies.delete(c.name);
    }
    return res;
  }
  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', url, body ?? {}, headers);
  patch = (url: string, body?: unknown, headers?: Record<string, string>) => this.request('PATCH', url, body ?? {}, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request('DELETE', url, undefined, headers);

  async signIn(username: string, password = DEMO_PASSWORD) {
    const res = await this.post('/api/session', { username, password });
    if (res.statusCode === 200) this.csrfToken = res.json().csrfToken;
    return res;
  }
}

export async function createTestEnv(opts: { demo?: boolean; config?: Partial<Config> } = {}): Promise<TestEnv> {
  const database = await createTestDatabase();
  const clock = new TestClock();
  const config: Config = {
    ...loadConfig({}),
    secret: 'test-secret-0123456789abcdef0123456789abcdef',
    loginRateLimit: 10_000,
    masterKey: 'test-master-key',
    ...opts.config,
  };
  await seedReference(database.db, clock);
  if (opts.demo !== false) await seedDemo(database.db, clock, DEMO_PASSWORD);
  const app = await buildApp({ database, config, clock });
  await app.ready();
  return {
    app,
    database,
    clock,
    config,
    anonymous: () => new Agent(app),
    async as(username) {
      const agent = new Agent(app);
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
