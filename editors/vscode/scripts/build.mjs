// Build the extension into dist/ and its bundled server into server/ (run by `npm run package`,
// which `npm run vsix` at the repository root calls). The server is the root package's own bundle
// (dist/bundle, built by the root's `npm run build`) with its launcher, and a package.json that
// names it sidecar-lint so that it finds its version and home page (rule links).
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const here = new URL('..', import.meta.url).pathname;
const root = new URL('../../../', import.meta.url).pathname;
const bundle = `${root}dist/bundle`;
if (!existsSync(`${bundle}/cli.cjs`)) throw new Error(`no server bundle at ${bundle}: run npm run build at the repository root first`);

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
cpSync(bundle, `${server}/dist/bundle`, { recursive: true });
copyFileSync(`${root}bin/sidecar-lint-lsp.js`, `${server}/bin/sidecar-lint-lsp.js`);
const { name, version, homepage, license } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
writeFileSync(`${server}/package.json`, `${JSON.stringify({ name, version, homepage, license, type: 'module', private: true }, null, 2)}\n`);
