import { chromium } from 'playwright-core';
const [file, out, y='0', h='1800'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1320, height: Number(h) } });
await page.goto('file://' + file);
await page.screenshot({ path: out, clip: { x: 0, y: Number(y), width: 1320, height: Number(h) }, fullPage: true });
console.log(await page.evaluate(() => document.body.scrollHeight));
await browser.close();
