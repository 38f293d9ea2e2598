import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import axe from 'axe-core';
import { launchChromium } from './chromium.js';
import { createTestEnv, DEMO_PASSWORD, type TestEnv } from '../packages/server/src/test/harness.js';

/** Screenshots land here (the test output folder), one subfolder per journey. */
export const OUTPUT_DIR = fileURLToPath(new URL('../test-results/e2e/', import.meta.url));

export interface Stage {
  env: TestEnv;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The real app (built web bundle, seeded demo data, PGlite or TEST_DATABASE_URL) on a free port,
 * and Debian's chromium driven by playwright-core.
 */
export async function openStage(): Promise<Stage> {
  const env = await createTestEnv();
  const address = await env.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  return {
    env,
    baseUrl: address,
    browser,
    async close() {
      await browser.close();
      await env.close();
    },
  };
}

export async function newPage(stage: Stage, journey: string): Promise<{ page: Page; shot: (name: string) => Promise<void> }> {
  const context = await stage.browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const dir = `${OUTPUT_DIR}${journey}/`;
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return {
    page,
    shot: async (name) => void (await page.screenshot({ path: `${dir}${String(++n).padStart(2, '0')}-${name}.png`, fullPage: true })),
  };
}

export async function signIn(page: Page, baseUrl: string, username: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/app\//);
}

/**
 * axe-core on the page as it is now (after its content has loaded): WCAG 2.1 A/AA, no rule disabled, nothing excluded.
 * Returns the critical and serious violations, each as "rule: target" lines, for an `expect(...).toEqual([])`.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // evaluated through the debugger, not as a <script>: the app's CSP (script-src 'self') rightly refuses inline scripts
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .flatMap((v) => v.targets.map((target) => `${v.impact} ${v.id}: ${target}`));
}
