// The command line: bin/sidecar-lint.cjs, the whole of sidecar-lint in one committed file
// (scripts/bundle-cli.mjs). A built package (npm, or a clone after `npm run build:package`) loads it
// through V8's code cache for a fast start (dist/bundle/compile-cache.js, src/cli/compile-cache.ts);
// an install from git with no build (pre-commit's `language: node` hook) loads it as it is.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('./sidecar-lint.cjs', import.meta.url));
const CACHE_LOADER = new URL('../dist/bundle/compile-cache.js', import.meta.url);

/** @returns {Promise<{ main(args: string[]): Promise<number>, save(): void }>} */
export async function loadCli() {
  if (existsSync(CACHE_LOADER)) {
    const { loadWithCodeCache } = await import(CACHE_LOADER.href);
    const cli = loadWithCodeCache(CLI);
    return { main: (args) => cli.exports.main(args), save: () => cli.save() };
  }
  const { main } = createRequire(import.meta.url)(CLI);
  return { main, save: () => undefined };
}
