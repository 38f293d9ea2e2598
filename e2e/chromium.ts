import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium, headless, with the flags this machine needs: no sandbox as root, and no background
 * networking (the closed network refuses those connections). Shared by the browser journeys and the CI smoke.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-dev-shm-usage',
    ],
  });
}
