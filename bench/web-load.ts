/**
 * The web app's cold load in headless chromium (issue 14, "Web"): for the public portal, the sign-in page and the
 * registry after sign-in, each in a new browser context (empty cache), the time until the page's content is on screen
 * and the bytes transferred (as sent: Brotli when the browser accepts it), split into the initial scripts and styles,
 * the map's (echarts and the provinces' outline, loaded after the list), and the rest (API answers, fonts, images).
 * Runs on the built web bundle (`npm run build:web`) served by the platform on PGlite with the demo users;
 * BENCH_WEB_VERBOSE=1 lists every response with its size.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Page, Response } from 'playwright-core';
import { launchChromium } from '../e2e/chromium.js';
import { buildApp } from '../packages/server/src/app.js';
import { loadConfig } from '../packages/server/src/config.js';
import { openDatabase } from '../packages/server/src/db/client.js';
import { baseUrl, benchRun, fmt, runMain, signIn, summary, writeResults, type BenchRun, seedBenchDatabase } from './common.js';

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
// issue 14's budgets: initial scripts and styles, and the map's chunk, compressed
const INITIAL_BUDGET_KB = 300;
const MAP_BUDGET_KB = 250;

interface Scenario {
  name: string;
  /** signed in first (the session cookie set in the fresh context), when given */
  user?: string;
  path: string;
  /** the page's content is on screen */
  ready: (page: Page) => Promise<unknown>;
}

const scenarios: Scenario[] = [
  {
    name: 'portal (/)',
    path: '/',
    ready: (page) => page.locator('[data-testid^="public-province-"]').first().waitFor(),
  },
  { name: 'sign-in (/login)', path: '/login', ready: (page) => page.getByTestId('login-submit').waitFor() },
  {
    name: 'registry after sign-in (/app/pilots)',
    user: 'mohurd.viewer',
    path: '/app/pilots',
    ready: (page) => page.getByTestId('pilot-table').locator('tbody tr.ant-table-row').first().waitFor(),
  },
];

const isMap = (url: string) => /\/assets\/(echarts|china-provinces|ChinaMap)[-.]/.test(url);

interface Load {
  ms: number;
  initialKb: number;
  mapKb: number;
  otherKb: number;
  requests: number;
}

async function coldLoad(browser: Browser, base: string, s: Scenario): Promise<Load> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  if (s.user) {
    const [name, value] = (await signIn(base, s.user)).split('=') as [string, string];
    await context.addCookies([{ name, value, url: base }]);
  }
  const page = await context.newPage();
  const responses: Response[] = [];
  page.on('response', (r) => void responses.push(r));
  const started = performance.now();
  await page.goto(base + s.path);
  await s.ready(page);
  const ms = performance.now() - started;
  // what the page goes on to load by itself (the map after the list): counted, not timed
  await page.waitForLoadState('networkidle');
  const kb = { initial: 0, map: 0, other: 0 };
  for (const r of responses) {
    const bytes = (await r.request().sizes()).responseBodySize / 1024;
    const type = r.request().resourceType();
    if (process.env.BENCH_WEB_VERBOSE) console.log(`  ${fmt(bytes, 1).padStart(7)} KB ${type} ${r.url().replace(base, '')}`);
    if (isMap(r.url())) kb.map += bytes;
    else if (type === 'script' || type === 'stylesheet' || type === 'document') kb.initial += bytes;
    else kb.other += bytes;
  }
  await context.close();
  return { ms, initialKb: kb.initial, mapKb: kb.map, otherKb: kb.other, requests: responses.length };
}

async function main() {
  const config = loadConfig({});
  if (!existsSync(join(config.webDist, 'index.html'))) throw new Error(`no web build in ${config.webDist}: run npm run build:web first`);
  const database = await openDatabase({ dataDir: 'memory://' });
  await seedBenchDatabase(database);
  const app = await buildApp({ database, config: { ...config, loginRateLimit: 1_000_000, masterKey: 'bench' } });
  const browser = await launchChromium();
  try {
    const base = baseUrl((await app.listen({ host: '127.0.0.1', port: 0 }), app.server.address()));
    const result: BenchRun & { runs: number; scenarios: Record<string, Load[]> } = {
      ...benchRun('chromium', new Date()),
      runs: RUNS,
      scenarios: {},
    };
    for (const s of scenarios) {
      await coldLoad(browser, base, s); // the server's first answers (its own caches) are not the browser's cold load
      const loads: Load[] = [];
      for (let i = 0; i < RUNS; i++) loads.push(await coldLoad(browser, base, s));
      result.scenarios[s.name] = loads;
      console.log(s.name, loads.map((l) => Math.round(l.ms)).join(' '), 'ms');
    }
    const rows = Object.entries(result.scenarios).map(([name, loads]) => {
      const t = summary(loads.map((l) => l.ms));
      const last = loads.at(-1)!;
      const ok = last.initialKb < INITIAL_BUDGET_KB && last.mapKb < MAP_BUDGET_KB ? 'yes' : '**no**';
      return `| ${name} | ${fmt(t.p50)} | ${fmt(t.max)} | ${fmt(last.initialKb)} | ${fmt(last.mapKb)} | ${fmt(last.otherKb)} | ${last.requests} | ${ok} |`;
    });
    const table = `# The web app's cold load — headless chromium

${result.startedAt}, Node ${result.node}, ${result.cpus} × ${result.cpuModel}; the built bundle served by the platform (PGlite, demo users) on localhost; each load in a new browser context (empty cache), ${RUNS} runs after one warm-up of the server. Time: from navigation to the page's content on screen. Bytes: as transferred (Brotli), the initial scripts, styles and HTML; the map's chunk (echarts and the provinces' outline, loaded after the list); the rest (API answers, fonts, images). Budgets (issue 14): initial < ${INITIAL_BUDGET_KB} KB, map < ${MAP_BUDGET_KB} KB.

| page | to content p50 ms | max ms | initial KB | map KB | other KB | requests | within budget |
|---|--:|--:|--:|--:|--:|--:|---|
${rows.join('\n')}
`;
    await writeResults('web-load', result, table);
    console.log(table);
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
}

await runMain(main);
