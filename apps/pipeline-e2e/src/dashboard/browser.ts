import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`; `.ci/run` installs it): no browser is downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Where each browser test leaves a picture of its last screen (gitignored), to look at. */
export const SCREENSHOTS = join(__dirname, '../../screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // From the top: scrolled, a full-page capture draws the sticky top bar across the middle of the page.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** How far the page is wider than its viewport, and the visible elements that reach past its right edge. */
export function overflow(page: Page): Promise<{ scroll: number; width: number; cutOff: string[] }> {
  // Runs in the page (a string: this project's types have no DOM).
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const cutOff = [...document.querySelectorAll('body *')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        // A code block may scroll its own wide content on purpose.
        return box.width > 0 && box.height > 0 && !el.closest('pre, .endpoint') && (box.right > width + 1 || box.left < -1);
      })
      .map((el) => el.tagName.toLowerCase() + '.' + el.className + ': ' + (el.textContent || '').slice(0, 40));
    return { scroll: document.documentElement.scrollWidth, width, cutOff };
  })()`);
}

/** Logs in through the login page with `apiKey`, as a user would, and waits for the sources it lands on. */
export async function logIn(page: Page, apiKey: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/environments/development/sources');
}
