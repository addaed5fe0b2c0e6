/// <reference lib="dom" />
/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core opens the page
 * `sidecar-lint --format html` writes for fixtures/examples/ and a hostile pod, and checks what a
 * reviewer sees: no console error, every finding of `--format json` on the page (rule and place),
 * one timeline per pod, a container named like an HTML tag shown as text and running nothing, a
 * screenshot that is not blank; and the page needs no network and no script.
 */
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { messagesOf, ROOT, runCli, tempTree } from './helpers/cli.js';
import { describeWhere } from './helpers/skip.js';

/** Debian's chromium (.ci/run installs it), or the browser CHROMIUM names (GitHub's runners have Google Chrome). */
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const available = existsSync(CHROMIUM);

const EVIL = `apiVersion: v1
kind: Pod
metadata:
  name: evil
spec:
  containers:
    - name: "<img src=x onerror=window.__pwned=1>"
      image: example.com/app:1.0
    - name: "<script>window.__pwned=2</script>"
      image: example.com/helper:1.0
      command: ["sh", "-c", "tail -f /dev/null"]
`;

/** Chromium as this machine can run it: no sandbox (root, containers), nothing that reaches the network. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

describeWhere(available ? undefined : `no ${CHROMIUM} (Debian's chromium package; .ci/run installs it)`, 'the HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let page: string;

  beforeAll(async () => {
    dir = tempTree({ 'evil.yaml': EVIL });
    for (const name of readdirSync(join(ROOT, 'fixtures/examples'))) if (/\.ya?ml$/.test(name)) copyFileSync(join(ROOT, 'fixtures/examples', name), join(dir, name));
    const result = runCli(['--format', 'html', '-o', 'report.html', '.'], { cwd: dir });
    expect(result.stderr).toBe('');
    page = join(dir, 'report.html');
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(): Promise<{ view: import('playwright-core').Page; errors: string[]; requests: string[] }> {
    const view = await browser.newPage({ viewport: { width: 1320, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    view.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    view.on('pageerror', (error) => errors.push(error.message));
    view.on('request', (request) => requests.push(request.url()));
    await view.goto(`file://${page}`);
    return { view, errors, requests };
  }

  it('opens with no console error, asks for nothing but itself, and has no script', async () => {
    const { view, errors, requests } = await open();
    expect(errors).toEqual([]);
    expect(requests).toEqual([`file://${page}`]);
    expect(await view.locator('script').count()).toBe(0);
    await view.close();
  });

  it('shows every finding of --format json with its rule and place', async () => {
    const expected = messagesOf(runCli(['--format', 'json', '.'], { cwd: dir }).stdout).map((message) => `${message.ruleId} ${message.line}:${message.column}`).sort();
    expect(expected.length).toBeGreaterThan(20);
    const { view } = await open();
    const shown = await view.locator('.finding').evaluateAll((items) => items.map((item) => `${item.querySelector('.rule')?.textContent ?? ''} ${item.querySelector('.place')?.textContent ?? ''}`));
    expect(shown.sort()).toEqual(expected);
    await view.close();
  });

  it('draws one timeline per pod, with a row per container', async () => {
    const objects = (JSON.parse(runCli(['explain', '--format', 'json', '.'], { cwd: dir }).stdout) as { items: unknown[] }).items.length;
    const { view } = await open();
    expect(await view.locator('article.pod').count()).toBe(objects);
    expect(await view.locator('svg.timeline').count()).toBe(objects);
    // fixtures/examples/bad-job.yaml: its Job's four containers, and the verdict.
    const job = view.locator('article.pod', { hasText: 'Job/nightly-report' });
    expect(await job.locator('svg.timeline g.row').count()).toBe(4);
    expect(await job.locator('.verdict').textContent()).toBe('The pod never leaves Init: init container "log-forwarder" never exits, so what comes after it never starts.');
    await view.close();
  });

  it('shows a container named like an HTML tag as text, and runs nothing', async () => {
    const { view } = await open();
    expect(await view.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await view.locator('img').count()).toBe(0);
    const evil = view.locator('article.pod', { hasText: 'Pod/evil' });
    expect(await evil.locator('svg .name title').allTextContents()).toEqual(['<img src=x onerror=window.__pwned=1> (app)', '<script>window.__pwned=2</script> (app)']);
    const file = view.locator('details.file').filter({ has: view.locator('summary', { hasText: /^evil\.yaml/ }) });
    const invalid = file.locator('.finding').filter({ has: view.locator('.rule', { hasText: 'container-name-invalid' }) });
    expect(await invalid.first().locator('p').textContent()).toContain('"<img src=x onerror=window.__pwned=1>"');
    // …and the source line under it, as text.
    expect(await invalid.first().locator('pre.source .hit').first().textContent()).toBe('7    - name: "<img src=x onerror=window.__pwned=1>"');
    await view.close();
  });

  it('renders to a screenshot that is not blank', async () => {
    const { view } = await open();
    const png = await view.screenshot();
    await view.close();
    // The screenshot's colours, counted in a blank page of their own.
    const counter = await browser.newPage();
    const colours = await counter.evaluate(async (data) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      const seen = new Set<number>();
      for (let index = 0; index < pixels.length; index += 4 * 37) seen.add((pixels[index]! << 16) | (pixels[index + 1]! << 8) | pixels[index + 2]!);
      return seen.size;
    }, png.toString('base64'));
    await counter.close();
    expect(colours).toBeGreaterThan(20);
  });
});

describe('docs/images/report.png', () => {
  it('is the screenshot of the report the README shows (npm run screenshot makes it)', () => {
    const png = readFileSync(join(ROOT, 'docs/images/report.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1000);
    // An absolute link: the package does not ship the image, and npm's page and GitHub show it from the repository.
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('![The HTML report of fixtures/examples/](https://raw.githubusercontent.com/sidecar-lint/sidecar-lint/main/docs/images/report.png)');
  });
});

