// bin/sidecar-lint.cjs: the whole of sidecar-lint (command line, language server, GitHub Action) in
// one committed CommonJS file, built from src/cli/bundle-entry.ts by `npm run build:package`.
// - bin/sidecar-lint.js and bin/sidecar-lint-lsp.js load it through V8's code cache
//   (dist/bundle/compile-cache.js, src/cli/compile-cache.ts); Node 20 offers a code cache only to
//   scripts, hence CommonJS, where `import.meta.url` is the file's own URL;
// - an install from git has it with no build (pre-commit 4 installs hooks with `npm install -g
//   git+file://…`, where a build could not find its tools: npm/cli#8440);
// - the Action runs it (`runs.using: node24, main: bin/sidecar-lint.cjs`) with no install;
// - it is its own worker thread for plugin rules and lint workers.
// test/bundle.test.ts fails when the committed file is not what the committed sources build.
// Usage: node scripts/bundle-cli.mjs [outfile]   (default: bin/sidecar-lint.cjs)
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { esbuildOptions } from './esbuild-options.mjs';

export async function buildCli(outfile) {
  await build({
    ...esbuildOptions,
    entryPoints: [fileURLToPath(new URL('../src/cli/bundle-entry.ts', import.meta.url))],
    outfile,
    // Paths in the bundle are relative to the repository, wherever the build runs from.
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    format: 'cjs',
    // One file: formatters, ajv, js-yaml 5 and the language server, loaded on demand, are inlined.
    splitting: false,
    legalComments: 'none',
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli(process.argv[2] ?? fileURLToPath(new URL('../bin/sidecar-lint.cjs', import.meta.url)));
}
