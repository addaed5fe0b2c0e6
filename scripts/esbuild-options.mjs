// What every bundle of sidecar-lint shares (scripts/bundle.mjs: the package; scripts/bundle-action.mjs:
// the GitHub Action's one file).
import { readFileSync } from 'node:fs';

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

export const esbuildOptions = {
  bundle: true,
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
};
