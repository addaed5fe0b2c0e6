// What every bundle of sidecar-lint shares (scripts/bundle.mjs: the package; scripts/bundle-action.mjs:
// the GitHub Action's one file).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// src/engine/pod-spec-schema.ts loads the kubernetes-models validators, and src/load/js-yaml-5.ts
// js-yaml 5, on first use with a local
// `createRequire(import.meta.url)`, which esbuild leaves to Node: ~160 CommonJS files resolved and read
// one by one. Bundled, they are one file, still evaluated only on first use.
const bundleLazyRequires = {
  name: 'bundle-lazy-requires',
  setup(build) {
    build.onLoad({ filter: /src[\\/](?:engine[\\/]pod-spec-schema|load[\\/]js-yaml-5)\.ts$/ }, (args) => ({
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

// @kubernetes-models/validate adds ajv-formats-draft2019's formats (iri, iri-reference, idn-email,
// idn-hostname, duration) to ajv-formats' own: evaluating them (uri-js, punycode, an e-mail grammar)
// is ~3 ms of every start-up, and no Kubernetes schema names one of them. The bundle leaves them
// out; should a kubernetes-models release use one, the build fails and says which.
const unusedDraft2019Formats = {
  name: 'unused-draft2019-formats',
  setup(build) {
    build.onResolve({ filter: /^ajv-formats-draft2019\/formats\/index\.js$/ }, () => ({ path: 'ajv-formats-draft2019', namespace: 'unused-formats' }));
    build.onLoad({ filter: /.*/, namespace: 'unused-formats' }, () => {
      const require = createRequire(import.meta.url);
      const dropped = Object.keys(require('ajv-formats-draft2019/formats/index.js'));
      const schemas = ['kubernetes-models', '@kubernetes-models/apimachinery'].map((name) => new URL(`../node_modules/${name}/_schemas/`, import.meta.url).pathname);
      const used = new Set();
      for (const folder of schemas) {
        for (const file of readdirSync(folder).filter((name) => name.endsWith('.js'))) {
          for (const match of readFileSync(folder + file, 'utf8').matchAll(/\.formats(?:\.([\w$]+)|\["([^"]+)"\])/g)) used.add(match[1] ?? match[2]);
        }
      }
      const needed = dropped.filter((name) => used.has(name));
      if (needed.length > 0) return { errors: [{ text: `kubernetes-models schemas use the ajv-formats-draft2019 formats ${needed.join(', ')}: bundle them again` }] };
      return { contents: 'module.exports = {};', loader: 'js' };
    });
  },
};

// @kubernetes-models/validate words a failed validation with ajv-i18n's English messages only
// (`localize.en(errors)`), but requires the package's index, which loads all of its 30 languages:
// ~90 kB read at every start-up. The bundle gives it an index that holds English alone.
const englishOnlyAjvI18n = {
  name: 'english-only-ajv-i18n',
  setup(build) {
    build.onResolve({ filter: /^ajv-i18n$/ }, () => ({ path: 'ajv-i18n', namespace: 'english-only' }));
    build.onLoad({ filter: /.*/, namespace: 'english-only' }, () => ({
      contents: "module.exports = { en: require('ajv-i18n/localize/en') };",
      loader: 'js',
      resolveDir: new URL('..', import.meta.url).pathname,
    }));
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
  plugins: [bundleLazyRequires, yamlDebugTracing, unusedDraft2019Formats, englishOnlyAjvI18n],
  // Bundled CommonJS dependencies (yaml) call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};
