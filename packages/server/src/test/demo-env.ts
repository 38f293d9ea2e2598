import { afterAll, beforeAll, expect } from 'vitest';
import { createTestEnv, type TestEnv } from './harness.js';

/**
 * A test file on the demo programme as `--demo` makes it (built once per run and engine, test/demo.ts; seeded on
 * 2026-11-16): its platform, and a GET as a demo user that must answer 200.
 */
export function onDemoProgramme() {
  let platform: TestEnv | undefined;
  beforeAll(async () => {
    platform = await createTestEnv({ demo: 'programme' });
  }, 600_000);
  afterAll(() => platform?.close());
  const demo = {
    get env(): TestEnv {
      if (!platform) throw new Error('the demo platform is made in beforeAll');
      return platform;
    },
    async get(who: string, url: string) {
      const res = await (await demo.env.as(who)).get(url);
      expect(res.statusCode, `${who} ${url}: ${res.body}`).toBe(200);
      return res.json();
    },
  };
  return demo;
}
