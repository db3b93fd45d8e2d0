/**
 * Headless Chromium for the page tests: Debian's `chromium` driven by `playwright-core` (no browser
 * download: this machine reaches no internet), plus an `axe-core` accessibility check.
 *
 * Without /usr/bin/chromium the page tests are skipped with the reason in the runner's summary
 * (never counted as passing); CI installs Chromium and sets POSV10_TEST_REQUIRE_BROWSER=1, so there
 * a missing browser fails instead.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.POSV10_TEST_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Where the page tests put their screenshots: docs/screenshots (committed, shown by the README)
 * under `npm run screenshots` (POSV10_TEST_SCREENSHOTS=docs), else a cache folder, so that an
 * ordinary test run does not rewrite the committed images (ports and times differ every run).
 */
export const SCREENSHOTS = new URL(
  process.env.POSV10_TEST_SCREENSHOTS === 'docs' ? '../../../../docs/screenshots/' : '../../node_modules/.cache/posv10-screenshots/',
  import.meta.url,
).pathname;

/** Why the page tests cannot run here, or undefined when they can. Throws in CI when they must. */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (process.env.POSV10_TEST_REQUIRE_BROWSER === '1') throw new Error(`POSV10_TEST_REQUIRE_BROWSER=1 but ${why}`);
  return why;
}

/**
 * Launches Chromium as the machine allows: headless, no sandbox (root), and without the background
 * networking that would fail against a closed network.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A test body run with one fresh page; skips the test (with the reason) where there is no browser.
 * Console errors and failed requests on the page are collected in `problems` for the test to assert on.
 */
export async function withPage(ctx: TestContext, body: (page: Page, problems: string[]) => Promise<void>): Promise<void> {
  const missing = browserMissing();
  if (missing !== undefined) {
    ctx.skip(missing);
    return;
  }
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    await body(page, problems);
  } finally {
    await browser.close();
  }
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now, one line each (empty when none). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, so a page's strict CSP (no inline scripts) does not block it.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (
      globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

/** Saves a full-page screenshot under docs/screenshots/ for the README to show. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}
