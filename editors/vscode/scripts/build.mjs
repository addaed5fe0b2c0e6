// Build the extension into dist/ and its bundled server into server/ (run by `npm run package`,
// which `npm run vsix` at the repository root calls). The server is the root package's own bundle
// (bin/sidecar-lint.cjs and dist/bundle/compile-cache.js, built by the root's `npm run build:package`)
// with its launcher, and a package.json that
// names it sidecar-lint so that it finds its version and home page (rule links).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const here = new URL('..', import.meta.url).pathname;
const root = new URL('../../../', import.meta.url).pathname;
const cacheLoader = `${root}dist/bundle/compile-cache.js`;
if (!existsSync(cacheLoader)) throw new Error(`no ${cacheLoader}: run npm run build:package at the repository root first`);

rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${here}src/extension.ts`],
  outfile: `${here}dist/extension.js`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minifyWhitespace: true,
  logLevel: 'warning',
});

const server = `${here}server`;
rmSync(server, { recursive: true, force: true });
mkdirSync(`${server}/bin`, { recursive: true });
mkdirSync(`${server}/dist/bundle`, { recursive: true });
// The server: the one-file bundle with its launcher, and the code cache's loader.
for (const file of ['sidecar-lint-lsp.js', 'load-cli.js', 'sidecar-lint.cjs']) copyFileSync(`${root}bin/${file}`, `${server}/bin/${file}`);
copyFileSync(cacheLoader, `${server}/dist/bundle/compile-cache.js`);
const { name, version, homepage, license } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
writeFileSync(`${server}/package.json`, `${JSON.stringify({ name, version, homepage, license, type: 'module', private: true }, null, 2)}\n`);
