// Bundle the CLI into dist/bundle/ (run by `npm run build`, after tsc). One file to load instead of
// ~100 modules makes start-up faster; formatters and ajv stay separate chunks, loaded on demand.
// The worker thread entry (lint-worker.js) sits beside cli.js, where workers.ts looks for it; the
// worker of runs with plugin rules is cli.js itself (src/cli/plugin-worker.ts).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { generateDtsBundle } from 'dts-bundle-generator';
import { build } from 'esbuild';

// src/engine/pod-spec-schema.ts loads the kubernetes-models validators on first use with a local
// `createRequire(import.meta.url)`, which esbuild leaves to Node: ~160 CommonJS files resolved and read
// one by one. Bundled, they are one file, still evaluated only on first use.
const bundleLazyRequires = {
  name: 'bundle-lazy-requires',
  setup(build) {
    build.onLoad({ filter: /src[\\/]engine[\\/]pod-spec-schema\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/const require = createRequire\(import\.meta\.url\);/, ''),
      loader: 'ts',
    }));
  },
};

// yaml's parser and composer look up LOG_TOKENS / LOG_STREAM (its own debug tracing) in
// process.env once per token: a call into the environment each time, ~2% of a bulk run. The bundle
// does without that tracing. Should a yaml release change those lines, the build says so.
const yamlDebugTracing = {
  name: 'yaml-debug-tracing',
  setup(build) {
    build.onLoad({ filter: /[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replace(/node_process\.env\.LOG_(TOKENS|STREAM)/g, 'false');
      const warnings = contents === source ? [{ text: `yaml's debug tracing lookup not found in ${args.path}; left as it is` }] : [];
      return { contents, loader: 'js', warnings };
    });
  },
};

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  // Named entries: bin/sidecar-lint.js loads cli.js, and the run's worker threads lint-worker.js beside it;
  // index.js is the API (`import { createLinter } from 'sidecar-lint'`), sharing their chunks.
  entryPoints: { cli: 'src/cli/main.ts', 'lint-worker': 'src/cli/lint-worker.ts', index: 'src/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Less text to read and pre-parse at start-up (~6 ms of ~225 on the bench machine); names stay,
  // so stack traces of an internal error still say which function failed.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [bundleLazyRequires, yamlDebugTracing],
  // Bundled CommonJS dependencies (yaml) call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

// The API's types in one file, dist/bundle/index.d.ts: the package has no dependencies, so the
// Kubernetes types a rule sees (kubernetes-models' IPodSpec, IContainer…) are copied in, not imported.
const [types] = generateDtsBundle(
  [{ filePath: 'src/index.ts', libraries: { inlinedLibraries: ['kubernetes-models', '@kubernetes-models/base', '@kubernetes-models/apimachinery'] }, output: { exportReferencedTypes: false, noBanner: true } }],
  { preferredConfigPath: 'tsconfig.build.json' },
);
if (/^import .* from '(?!node:)/m.test(types)) throw new Error('dist/bundle/index.d.ts imports a package the published package does not install');
writeFileSync(`${outdir}index.d.ts`, types);
