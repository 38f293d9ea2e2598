/**
 * Clean-clone smoke, the browser half (`.ci/run` does the rest: clone into an empty folder, README's start
 * command in its own process group, stop). Reads what the server printed — its URL and the sign-in it
 * advertises — then proves both as a new user would: the portal in chromium shows the first batch's list,
 * and the printed sign-in works over HTTP.
 *
 *   node --import tsx scripts/smoke.ts <server output file>
 */
import { readFileSync } from 'node:fs';
import { launchChromium } from '../e2e/chromium.js';

const fail = (message: string): never => {
  console.error(`smoke: ${message}`);
  process.exit(1);
};

const logFile: string = process.argv[2] ?? fail('usage: smoke.ts <server output file>');

/** The server's own words: wait for the URL line, up to the start budget. */
async function printed(): Promise<{ url: string; username: string; password: string }> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const out = readFileSync(logFile, 'utf8');
    const url = /running on \w+: (http:\/\/\S+?)\/?$/m.exec(out)?.[1];
    const signIn = /Sign in as (\S+) .*— password (\S+)/.exec(out);
    if (url && signIn) return { url, username: signIn[1]!, password: signIn[2]! };
    if (Date.now() > deadline) fail('the server printed no URL and sign-in within 10 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
}

const { url, username, password } = await printed();
const health = await fetch(`${url}/healthz`);
if (health.status !== 200) fail(`/healthz answered ${health.status}`);
console.log(`smoke: ${url} is healthy (${JSON.stringify(await health.json())})`);

const browser = await launchChromium();
try {
  const page = await browser.newPage({ locale: 'zh-CN' });
  await page.goto(`${url}/`);
  const provinces = page.locator('[data-testid^="public-province-"]');
  await provinces.nth(27).waitFor({ timeout: 60_000 });
  // each province block is its heading, then its pilots joined with 、 as 附件1 prints them
  const blocks = await provinces.evaluateAll((els) =>
    els.map((el) => (el.querySelector('div')?.textContent ?? '').split('、').filter(Boolean).length),
  );
  const pilots = blocks.reduce((a, b) => a + b, 0);
  if (blocks.length !== 28 || pilots !== 90)
    fail(`the portal lists ${pilots} pilots in ${blocks.length} provinces; the first batch has 90 in 28`);
  console.log(`smoke: the portal lists the first batch: ${pilots} pilots in ${blocks.length} provinces`);
} finally {
  await browser.close();
}

const signedIn = await fetch(`${url}/api/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username, password }),
});
if (signedIn.status !== 200)
  fail(`signing in as ${username} with the printed password answered ${signedIn.status}: ${await signedIn.text()}`);
const cookie = signedIn.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const session = (await (await fetch(`${url}/api/session`, { headers: { cookie } })).json()) as { user?: { username?: string } };
if (session.user?.username !== username) fail(`the session after sign-in is not ${username}: ${JSON.stringify(session)}`);
console.log(`smoke: signed in over HTTP as ${username}`);
