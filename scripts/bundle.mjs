// Bundle sidecar-lint into dist/bundle/ (run by `npm run build`, after tsc):
// - cli.cjs: the command line and the language server as one CommonJS file, which
//   bin/sidecar-lint.js and bin/sidecar-lint-lsp.js load through V8's code cache
//   (compile-cache.js, from src/cli/compile-cache.ts); the worker of runs with plugin rules is cli.cjs
//   itself (src/cli/plugin-worker.ts);
// - index.js: the API (`import { createLinter } from 'sidecar-lint'`), and lint-worker.js, the entry
//   of the run's worker threads, which cli.cjs finds beside itself: ES modules sharing chunks, with
//   formatters and ajv in chunks of their own, loaded on demand;
// - js-yaml-5.cjs, beside them (see below).
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { generateDtsBundle } from 'dts-bundle-generator';
import { build } from 'esbuild';

import { esbuildOptions } from './esbuild-options.mjs';

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });

// js-yaml 5 reads only the few documents js-yaml 4 misreads (src/load/read-document.ts): it is a
// CommonJS file of its own beside the chunks, required on first use, so that start-up does not read
// and parse its ~100 kB. (The Action's one file inlines it.)
const jsYaml5 = 'js-yaml-5.cjs';
await build({
  entryPoints: [createRequire(import.meta.url).resolve('js-yaml-5')],
  outfile: `${outdir}${jsYaml5}`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: esbuildOptions.target,
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
const jsYaml5Beside = {
  name: 'js-yaml-5-beside',
  setup(build) {
    build.onResolve({ filter: /^js-yaml-5$/ }, () => ({ path: `./${jsYaml5}`, external: true }));
  },
};

await build({
  entryPoints: { 'lint-worker': 'src/cli/lint-worker.ts', index: 'src/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  ...esbuildOptions,
  plugins: [jsYaml5Beside, ...esbuildOptions.plugins],
});

// The command line. Node 20 gives V8's code cache only to scripts, so this is CommonJS: dynamic
// imports of bundled modules (formatters, ajv, re2js, the language server) are inlined, and
// `import.meta.url` is the file's own URL. Only a plugin's `import()` stays one (src/config/import-module.ts).
await build({
  ...esbuildOptions,
  entryPoints: { cli: 'src/cli/main.ts' },
  outExtension: { '.js': '.cjs' },
  outdir,
  format: 'cjs',
  splitting: false,
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
  plugins: [jsYaml5Beside, ...esbuildOptions.plugins],
});
await build({
  ...esbuildOptions,
  entryPoints: { 'compile-cache': 'src/cli/compile-cache.ts' },
  outdir,
  banner: {},
});

// The API's types in one file, dist/bundle/index.d.ts: the package has no dependencies, so the
// Kubernetes types a rule sees (kubernetes-models' IPodSpec, IContainer…) are copied in, not imported.
const [types] = generateDtsBundle(
  [{ filePath: 'src/index.ts', libraries: { inlinedLibraries: ['kubernetes-models', '@kubernetes-models/base', '@kubernetes-models/apimachinery'] }, output: { exportReferencedTypes: false, noBanner: true } }],
  { preferredConfigPath: 'tsconfig.build.json' },
);
if (/^import .* from '(?!node:)/m.test(types)) throw new Error('dist/bundle/index.d.ts imports a package the published package does not install');
writeFileSync(`${outdir}index.d.ts`, types);
