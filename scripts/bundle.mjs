// Bundle the CLI into dist/bundle/ (run by `npm run build`, after tsc). One file to load instead of
// ~100 modules makes start-up faster; formatters and ajv stay separate chunks, loaded on demand.
// The worker thread entry (lint-worker.js) sits beside cli.js, where workers.ts looks for it; the
// worker of runs with plugin rules is cli.js itself (src/cli/plugin-worker.ts).
import { rmSync, writeFileSync } from 'node:fs';
import { generateDtsBundle } from 'dts-bundle-generator';
import { build } from 'esbuild';

import { esbuildOptions } from './esbuild-options.mjs';

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  // Named entries: bin/sidecar-lint.js loads cli.js, and the run's worker threads lint-worker.js beside it;
  // index.js is the API (`import { createLinter } from 'sidecar-lint'`), sharing their chunks;
  // lsp.js: the language server (`--lsp`), loaded by cli.js only when asked for.
  entryPoints: { cli: 'src/cli/main.ts', 'lint-worker': 'src/cli/lint-worker.ts', index: 'src/index.ts', lsp: 'src/lsp/server.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  ...esbuildOptions,
});

// The API's types in one file, dist/bundle/index.d.ts: the package has no dependencies, so the
// Kubernetes types a rule sees (kubernetes-models' IPodSpec, IContainer…) are copied in, not imported.
const [types] = generateDtsBundle(
  [{ filePath: 'src/index.ts', libraries: { inlinedLibraries: ['kubernetes-models', '@kubernetes-models/base', '@kubernetes-models/apimachinery'] }, output: { exportReferencedTypes: false, noBanner: true } }],
  { preferredConfigPath: 'tsconfig.build.json' },
);
if (/^import .* from '(?!node:)/m.test(types)) throw new Error('dist/bundle/index.d.ts imports a package the published package does not install');
writeFileSync(`${outdir}index.d.ts`, types);
