// Debian's Chromium driven by playwright-core (no browser download), and a watch on what a page complains about.
import { chromium, type Browser, type Page } from 'playwright-core';

/** Launches headless Chromium from CHROMIUM_PATH or /usr/bin/chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Collects every console error and uncaught page error of `page` into `problems`, tagged with `label`. */
export function watchProblems(page: Page, label: string, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${label}: console.error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`${label}: page error: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => {
    // The event stream is cut when a page closes, and a fetch still in flight when a page closes or
    // navigates is aborted by the browser (net::ERR_ABORTED); anything else failing is a problem.
    const aborted = (request.failure()?.errorText ?? '').includes('ERR_ABORTED');
    if (!request.url().endsWith('/api/events') && !aborted)
      problems.push(`${label}: request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
}
