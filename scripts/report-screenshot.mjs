// npm run screenshot: docs/images/report.png, the HTML report of fixtures/examples/ as Chromium shows it
// (Debian's chromium, driven by playwright-core; the README shows it). Run after `npm run build:package`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sidecar-lint-screenshot-'));
try {
  const report = join(dir, 'report.html');
  try {
    execFileSync(process.execPath, [join(root, 'bin/sidecar-lint.js'), '--format', 'html', '-o', report, 'fixtures/examples/'], { cwd: root, stdio: 'inherit' });
  } catch (error) {
    if (error.status !== 1) throw error; // 1: the examples have errors, as they should
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1320, height: 1600 }, deviceScaleFactor: 1 });
  await page.goto(`file://${report}`);
  await page.screenshot({ path: join(root, 'docs/images/report.png') });
  await browser.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
