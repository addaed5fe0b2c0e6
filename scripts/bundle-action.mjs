// The GitHub Action's code, one file committed as action/index.js (`npm run build:action`), so the
// action runs with no install and no build in the job: `runs.using: node24, main: action/index.js`.
// test/action.test.ts rebuilds it into a temporary file and fails when the committed one differs.
// Usage: node scripts/bundle-action.mjs [outfile]   (default: action/index.js)
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { esbuildOptions } from './esbuild-options.mjs';

export async function buildAction(outfile) {
  await build({
    ...esbuildOptions,
    entryPoints: [fileURLToPath(new URL('../src/cli/action-main.ts', import.meta.url))],
    outfile,
    // Paths in the bundle are relative to the repository, wherever the build runs from.
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    // One file: formatters and ajv, loaded on demand elsewhere, are inlined.
    splitting: false,
    legalComments: 'none',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildAction(process.argv[2] ?? fileURLToPath(new URL('../action/index.js', import.meta.url)));
}
