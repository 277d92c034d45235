// Shared set-up of the browser tests: serve build/web (or $LOSSLAB_WEB_DIR, relative to the repository
// root) on a free port and open a page of it in Debian's Chromium through playwright-core, with the
// flags that work as root on these machines (TOOLCHAIN.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = new URL('../../', import.meta.url).pathname;

const FLAGS = [
  '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  '--enable-unsafe-swiftshader', '--use-angle=swiftshader',  // WebGL2 on the CPU: there is no GPU here
];

// Options: hash (appended to the address), path (the page: index.html), flags (extra Chromium flags,
// e.g. '--enable-unsafe-webgpu'), ready (a function evaluated in the page and awaited before returning:
// the app's window.losslab.ready by default), touch (below).
// touch: a touchscreen (Playwright's hasTouch), for page.touchscreen.tap.
export async function openPage({ hash = '', path = 'index.html', flags = [], ready = () => window.losslab.ready,
                                 touch = false } = {}) {
  const server = await startServer(join(ROOT, process.env.LOSSLAB_WEB_DIR ?? 'build/web'), 0);
  const profile = mkdtempSync(join(tmpdir(), 'losslab-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...FLAGS, ...flags],
    viewport: { width: 1280, height: 800 },
    hasTouch: touch,
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url()));
  const url = `http://127.0.0.1:${server.address().port}/${path}${hash}`;
  const opened = Date.now();
  await page.goto(url);
  await page.evaluate(ready);
  const readyMs = Date.now() - opened;
  return {
    page, problems, readyMs, url,
    async close() {
      await browser.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Polls fn() in the page until it returns a truthy value or the time runs out.
export async function waitFor(page, fn, arg, timeoutMs = 20000) {
  return page.waitForFunction(fn, arg, { timeout: timeoutMs, polling: 100 });
}
