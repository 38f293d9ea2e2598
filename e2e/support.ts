import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page, Request } from 'playwright-core';
import axe from 'axe-core';
import { expect, vi } from 'vitest';
import { launchChromium } from './chromium.js';
import { createTestEnv, DEMO_PASSWORD, type TestEnv } from '../packages/server/src/test/harness.js';

/** Screenshots land here (the test output folder), one subfolder per journey. */
export const OUTPUT_DIR = fileURLToPath(new URL('../test-results/e2e/', import.meta.url));
/**
 * A journey's screenshots are for people reviewing a change (`E2E_SCREENSHOTS=1 npx vitest run e2e/…`), not checks:
 * a full-page PNG costs a loaded core about a second, so the test command skips them.
 */
const SCREENSHOTS = process.env.E2E_SCREENSHOTS === '1';

// a journey signs in as several roles and waits on renders of two loaded cores: vitest's 60 s suits the API tests
vi.setConfig({ testTimeout: 150_000 });

export interface Stage {
  env: TestEnv;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The real app (built web bundle, seeded demo data, PGlite or TEST_DATABASE_URL) on a free port,
 * and Debian's chromium driven by playwright-core. `demo: 'programme'` loads the full demo programme instead of the
 * demo users alone: the run's one shared build (test/demo.ts), copied for this file, its clock at DEMO_DAY.
 */
export async function openStage(opts: { demo?: 'programme' } = {}): Promise<Stage> {
  const env = await createTestEnv(opts);
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

/** Requests each browser context sent beyond the platform: on a government intranet they would fail (issue 14). */
const outside = new WeakMap<BrowserContext, string[]>();

/** A browser context that notes every request leaving the platform (accessibilityProblems reports them). */
export async function newContext(stage: Stage, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await stage.browser.newContext(options);
  const left: string[] = [];
  outside.set(context, left);
  const origin = new URL(stage.baseUrl).origin;
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (/^(https?|wss?):$/.test(url.protocol) && url.origin !== origin) left.push(request.url());
  });
  return context;
}

export async function newPage(stage: Stage, journey: string): Promise<{ page: Page; shot: (name: string) => Promise<void> }> {
  const context = await newContext(stage, { locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  let n = 0;
  return { page, shot: (name) => screenshot(page, `${journey}/${String(++n).padStart(2, '0')}-${name}.png`, { fullPage: true }) };
}

/** Saves a screenshot of a page or an element under OUTPUT_DIR when screenshots are asked for. */
export async function screenshot(target: Page | Locator, path: string, opts: { fullPage?: boolean } = {}) {
  if (!SCREENSHOTS) return;
  const file = OUTPUT_DIR + path;
  mkdirSync(dirname(file), { recursive: true });
  await target.screenshot({ path: file, ...opts });
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
 * Returns the critical and serious violations, each as "rule: target" lines, for an `expect(...).toEqual([])` — and,
 * as "external: url" lines, any request its context sent beyond the platform (fonts, maps, scripts: an intranet has
 * none of them, so a page that needs one is not accessible there).
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // a colour mid-transition (a button turning disabled, a dialog fading out) is not what a reader sees: judge the page
  // once its finite animations have ended (a spinner's endless one never does)
  await page.evaluate(async () => {
    for (let round = 0; round < 5; round++) {
      const running = document
        .getAnimations()
        .filter((a) => a.playState === 'running' && Number.isFinite(Number(a.effect?.getComputedTiming().endTime)));
      if (running.length === 0) return;
      await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
    }
  });
  // evaluated through the debugger, not as a <script>: the app's CSP (script-src 'self') rightly refuses inline scripts
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return [
    ...violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .flatMap((v) => v.targets.map((target) => `${v.impact} ${v.id}: ${target}`)),
    ...(outside.get(page.context()) ?? []).map((url) => `external: ${url}`),
  ];
}

/**
 * Signs a record in its signing dialog (test ids `<prefix>sign-…`): the dialog shows the SM3 digest being signed, and
 * the signatory enters the password again (a wrong one first, when given, which must be refused at the field).
 * Returns the digest shown.
 */
export async function signInDialog(page: Page, prefix = '', wrongPasswordFirst = false): Promise<string> {
  await page.getByTestId(`${prefix}sign-open`).click();
  const digest = (await page.getByTestId(`${prefix}sign-digest`).innerText()).trim();
  const password = page.getByTestId(`${prefix}sign-password`).locator('xpath=descendant-or-self::input').first();
  if (wrongPasswordFirst) {
    await password.fill('not-my-password');
    await page.getByTestId(`${prefix}sign-submit`).click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '密码不正确' }).waitFor();
  }
  await password.fill(DEMO_PASSWORD);
  await clickAndAwait(page, `${prefix}sign-submit`, { method: 'POST', path: '/signatures' });
  return digest;
}

/** antd's DatePicker (its test id lands on the input) takes a typed date on Enter. */
export async function pickDate(page: Page, testId: string, date: string) {
  const input = page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  // the calendar closes after its animation: wait, so the next step (or axe) does not meet the half-faded popup
  await expect.poll(() => page.locator('.ant-picker-dropdown').filter({ visible: true }).count()).toBe(0);
}

/** The page once its data has arrived: no request in flight, no spinner. */
export async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
}

/** The <input> or <textarea> behind a test id (antd puts it on the element itself or on a wrapper). */
export const field = (page: Page, testId: string): Locator =>
  page.getByTestId(testId).locator('xpath=descendant-or-self::*[self::input or self::textarea]').first();
export const fill = (page: Page, testId: string, value: string | number) => field(page, testId).fill(String(value));

/**
 * Every text the reader sees or hears that contains Han characters outside an element marked lang="zh-CN":
 * text nodes, the visible attributes (placeholder, aria-label, title, alt) and the document's title.
 */
export async function chineseOutsideNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const han = /\p{Script=Han}/u;
    const marked = (el: Element | null) => el?.closest('[lang]')?.getAttribute('lang')?.startsWith('zh') ?? false;
    const found: string[] = [];
    if (han.test(document.title)) found.push(`<title> ${document.title}`);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
      const text = node.textContent ?? '';
      if (han.test(text) && !marked(parent)) found.push(text.trim());
    }
    for (const el of document.body.querySelectorAll('[placeholder], [aria-label], [title], [alt]'))
      for (const attr of ['placeholder', 'aria-label', 'title', 'alt']) {
        const value = el.getAttribute(attr);
        if (value && han.test(value) && !marked(el)) found.push(`@${attr} ${value}`);
      }
    return [...new Set(found)];
  });
}

/**
 * Clicks what sends a request and checks the server took it: a refusal fails here with the server's message, not later
 * as a page that never changes. `sent` names the request: its method, and a part of its URL or a pattern its whole
 * path must match.
 */
export async function clickAndAwait(page: Page, target: string | Locator, sent: { method: string; path: string | RegExp }) {
  const { method, path } = sent;
  const matches = (r: Request) =>
    r.method() === method && (typeof path === 'string' ? r.url().includes(path) : path.test(new URL(r.url()).pathname));
  // a write can queue behind other work on a loaded CI machine: give its answer longer than a render gets
  const answered = page.waitForResponse((r) => matches(r.request()), { timeout: 60_000 });
  let left = false;
  const onRequest = (r: Request) => void (left ||= matches(r));
  page.on('request', onRequest);
  try {
    const button = typeof target === 'string' ? page.getByTestId(target) : target;
    await button.click();
    // on two loaded cores a click can land while a dialog is still opening and be lost: when nothing has left after
    // 10 s and the button is still there, click again — never once the request has left, so a write is sent once
    for (let retry = 0; retry < 2 && !left; retry++) {
      await expect
        .poll(() => left, { timeout: 10_000 })
        .toBe(true)
        .catch(() => undefined);
      if (!left && (await button.isVisible()) && (await button.isEnabled())) await button.click();
    }
    const res = await answered;
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res;
  } finally {
    page.off('request', onRequest);
  }
}

/** Confirms the open decision dialog and waits for the server to record the transition. */
export const confirmTransition = (page: Page) => clickAndAwait(page, 'action-confirm', { method: 'POST', path: '/transitions' });

/** How many elements inside scroll sideways (a wide table in a scroll box): a read view should have none. */
export const sidewaysScrollers = (region: Locator) =>
  region.evaluate(
    (root) =>
      [...root.querySelectorAll<HTMLElement>('*')].filter(
        (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible',
      ).length,
  );
/**
 * Chooses a filter's option and waits for the URL to say so. On two loaded cores the list may re-render while the
 * dropdown opens and swallow the click: open it and choose again rather than fail on a lost click.
 */
export async function pick(page: Page, testId: string, option: RegExp, url: RegExp) {
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(testId).click();
    await page
      .locator('.ant-select-dropdown')
      .filter({ visible: true })
      .locator('.ant-select-item-option', { hasText: option })
      .first()
      .click();
    const chosen = await page.waitForURL(url, { timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (chosen) return;
    if (attempt === 3) throw new Error(`${testId}: the URL never matched ${url} after choosing ${option}`);
    await page.keyboard.press('Escape');
  }
}

/**
 * Where on a map's canvas a province is: the canvas has no elements to aim at, so the pointer sweeps a grid over it
 * until the map's own tooltip names the province (coarse, then the cell's centre). Returns page coordinates.
 */
export async function mapPointOf(page: Page, testId: string, province: string): Promise<{ x: number; y: number }> {
  const map = page.getByTestId(testId);
  // the pointer only reaches what is in the viewport
  await map.scrollIntoViewIfNeeded();
  const box = (await map.boundingBox())!;
  const tooltip = map.locator('div').filter({ hasText: province }).filter({ visible: true });
  for (const step of [24, 12]) {
    for (let y = box.y + step / 2; y < box.y + box.height; y += step)
      for (let x = box.x + step / 2; x < box.x + box.width; x += step) {
        await page.mouse.move(x, y);
        if ((await tooltip.count()) > 0) return { x, y };
      }
  }
  throw new Error(`${province} not found on ${testId}`);
}

/**
 * Clicks until `done` holds — for a click that is safe to repeat because it sends nothing by itself (a form that only
 * validates, a menu that opens): on two loaded cores a click landing while a dialog still opens can be lost.
 */
export async function clickUntil(target: Locator, done: () => Promise<boolean>, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    await target.click();
    const held = await expect
      .poll(done, { timeout: 7_000 })
      .toBe(true)
      .then(
        () => true,
        () => false,
      );
    if (held) return;
    if (attempt === attempts) throw new Error(`after ${attempts} clicks the page never showed what the click should do`);
  }
}

/**
 * Picks an option of an antd Select by its label (one dropdown open at a time: wait for it to close; a multiple
 * select's stays open for more, and is closed with Escape).
 */
export async function choose(page: Page, testId: string, label: string, opts: { multiple?: boolean } = {}) {
  const open = page.locator('.ant-select-dropdown').filter({ visible: true });
  // the row may re-render while the dropdown opens (a save lands): try again rather than fail on a lost click
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(testId).click();
    await open.locator('.ant-select-item-option').filter({ hasText: label }).first().click();
    const chosen = await expect
      .poll(() => page.getByTestId(testId).innerText(), { timeout: 5_000, interval: 100 })
      .toContain(label)
      .then(
        () => true,
        () => false,
      );
    if (chosen || attempt === 3) break;
    await page.keyboard.press('Escape');
  }
  await expect.poll(() => page.getByTestId(testId).innerText()).toContain(label);
  if (opts.multiple) await page.keyboard.press('Escape');
  await expect.poll(() => open.count()).toBe(0);
}

/**
 * Enters a date in a dialog's date field and sends the dialog: Enter in the field may already have submitted the form
 * (the browser's implicit submission when the date is its only text field), so its OK button is pressed only when
 * nothing has left — never twice. Returns the server's answer (checked like clickAndAwait's).
 */
export async function pickDateAndSend(
  page: Page,
  dateTestId: string,
  date: string,
  okTestId: string,
  sent: { method: string; path: string },
) {
  const matches = (r: Request) => r.method() === sent.method && r.url().includes(sent.path);
  let left = false;
  const onRequest = (r: Request) => void (left ||= matches(r));
  page.on('request', onRequest);
  const answered = page.waitForResponse((r) => matches(r.request()), { timeout: 60_000 });
  answered.catch(() => undefined); // awaited below only when the Enter sent it
  try {
    await pickDate(page, dateTestId, date);
    const viaEnter = await expect
      .poll(() => left, { timeout: 2_000 })
      .toBe(true)
      .then(
        () => true,
        () => false,
      );
    if (!viaEnter) return await clickAndAwait(page, okTestId, sent);
    const res = await answered;
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res;
  } finally {
    page.off('request', onRequest);
  }
}

/**
 * Switches the UI to English with the header's switch and waits until the page says so: the choice is kept in this
 * browser, and a navigation started before it is stored (a sign-in right after the click) loads Chinese again.
 */
export async function switchToEnglish(page: Page) {
  await page.getByTestId('lang-switch').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
}
