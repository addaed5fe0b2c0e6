// Build the package (`npm run build:package`, after tsc):
// - bin/sidecar-lint.cjs: the command line, the language server and the Action in one committed
//   CommonJS file (bundle-cli.mjs);
// - dist/bundle/compile-cache.js: how bin/ loads it through V8's code cache (src/cli/compile-cache.ts);
// - dist/bundle/index.js: the API (`import { createLinter } from 'sidecar-lint'`), ES modules
//   sharing chunks, with formatters and ajv in chunks of their own, loaded on demand, and
//   js-yaml-5.cjs beside them (see below); its types in index.d.ts.
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { generateDtsBundle } from 'dts-bundle-generator';
import { build } from 'esbuild';

import { buildCli } from './bundle-cli.mjs';
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
  entryPoints: { index: 'src/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  ...esbuildOptions,
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

// The command line, the language server and the Action: bin/sidecar-lint.cjs, committed (bundle-cli.mjs).
await buildCli(new URL('../bin/sidecar-lint.cjs', import.meta.url).pathname);
