/**
 * Property tests with fast-check: generated pod specs with odd types and generated YAML text go
 * through the loader and the engine with every built-in rule switched on. Nothing may throw, no rule
 * may fail (`internal-error`), every position lies inside the file, and a second run gives the same
 * findings. FUZZ_RUNS sets the number of cases (default 10,000 in all; `npm run fuzz` runs 100,000).
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/config.js';
import type { EngineOptions } from '../../src/engine/lint-source.js';
import { INTERNAL_ERROR } from '../../src/engine/lint-source.js';
import { lintBytes } from '../../src/engine/lint.js';
import type { Finding, Position } from '../../src/types.js';

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** Share of the runs per property: pod specs, YAML text, mutated manifests. */
const SHARES = { pods: 0.3, text: 0.5, mutated: 0.2 };

let engines: EngineOptions[] = [];

beforeAll(async () => {
  const everyRule = { rules: Object.fromEntries(builtinRules.map((rule) => [rule.meta.id, 'error' as const])) };
  engines = await Promise.all(
    ['1.27', '1.33'].map(async (kubernetesVersion) => {
      const config = await resolveConfig(everyRule, builtinRules, { kubernetesVersion });
      return { rules: config.rules, kubernetesVersion: config.kubernetesVersion };
    }),
  );
});

// ---------------------------------------------------------------------------------------------
// Checking one input

/** Lines as the loader counts them (LF ends a line; a CR before it belongs to the line). */
function linesOf(text: string): string[] {
  return text.split('\n');
}

function positionProblem(position: Position, lines: readonly string[]): string | undefined {
  const { line, column } = position;
  if (!Number.isInteger(line) || !Number.isInteger(column)) return `non-integer position ${line}:${column}`;
  if (line < 1 || line > lines.length) return `line ${line} outside 1..${lines.length}`;
  const length = lines[line - 1]?.length ?? 0;
  if (column < 1 || column > length + 1) return `column ${column} outside 1..${length + 1} on line ${line}`;
  return undefined;
}

function findingProblem(finding: Finding, lines: readonly string[]): string | undefined {
  if (finding.ruleId === INTERNAL_ERROR) return `internal error: ${finding.message}`;
  const { start, end } = finding.region;
  const problem = positionProblem(start, lines) ?? positionProblem(end, lines);
  if (problem) return `${finding.ruleId}: ${problem}`;
  if (end.line < start.line || (end.line === start.line && end.column < start.column)) {
    return `${finding.ruleId}: region ends before it starts`;
  }
  if (finding.message.trim() === '') return `${finding.ruleId}: empty message`;
  return undefined;
}

/**
 * Lint `text` (as UTF-8 bytes, through decoding) with one of the engines; return what is wrong.
 * One case in four is linted a second time to check that the output is the same.
 */
function problemsWith(text: string, choice: number): string[] {
  const engine = engines[choice % engines.length]!;
  const bytes = new TextEncoder().encode(text);
  // The loader drops a leading BOM before counting positions.
  const lines = linesOf(text.startsWith('\ufeff') ? text.slice(1) : text);
  const problems: string[] = [];
  const first = lintBytes('fuzz.yaml', bytes, engine);
  for (const finding of first) {
    const problem = findingProblem(finding, lines);
    if (problem) problems.push(`${problem} (${JSON.stringify(finding.region)} ${finding.message})`);
  }
  if (Math.floor(choice / engines.length) % 4 === 0 && JSON.stringify(first) !== JSON.stringify(lintBytes('fuzz.yaml', bytes, engine))) {
    problems.push('two runs gave different findings');
  }
  return problems;
}

function assertClean(text: string, choice: number): void {
  const problems = problemsWith(text, choice);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\n--- input ---\n${JSON.stringify(text)}`);
}

/** Generous: the normal run takes seconds; `npm run fuzz` minutes. */
const TIMEOUT = Math.max(60_000, TOTAL_RUNS * 20);

function runs(share: number): number {
  return Math.max(1, Math.round(TOTAL_RUNS * share));
}

function params(share: number): fc.Parameters<unknown> {
  return { numRuns: runs(share), ...(SEED === undefined ? {} : { seed: SEED }) };
}

// ---------------------------------------------------------------------------------------------
// Generated pod specs: plausible shapes, with any field replaced now and then by a value of the wrong type

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -3, max: 70_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('name', 'image', 'emptyDir', 'x', '0'), fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)), { maxKeys: 3 }),
);

/** Mostly `value`, sometimes a value of another type. */
function odd<T>(value: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: oddValue, weight: 1 });
}

const names = fc.constantFrom('app', 'proxy', 'logs', 'istio-proxy', 'fluent-bit', 'setup', 'app', '', 'data', 'cache');
const mountPaths = fc.constantFrom('/var/log', '/data', '/etc/config', '/', '/var/log/app', 'relative', '/data/');
const images = fc.constantFrom(
  'nginx',
  'nginx:1.27',
  'envoyproxy/envoy:v1.30.1',
  'docker.io/istio/proxyv2:1.22.0',
  'fluent/fluent-bit:3.0',
  'registry.k8s.io/git-sync/git-sync:v4.2.1',
  'busybox',
  'gcr.io/cloudsql-docker/gce-proxy:1.33',
  'jimmidyson/configmap-reload',
  'localhost:5000/app@sha256:abcdef',
  '',
  'UPPER/Case:tag',
);
const commandWords = fc.constantFrom(
  'sh',
  '/bin/sh',
  'bash',
  '-c',
  '-ec',
  'tail -F /var/log/app.log',
  'sleep infinity',
  'while true; do sleep 5; done',
  'cp -r /src /dst',
  'git clone https://example.com/x.git /data',
  'exit 0',
  'envoy',
  '--one-time',
  'chmod 777 /data',
  '',
);
const restartPolicies = fc.constantFrom('Always', 'OnFailure', 'Never', 'always', '');
const probe = odd(
  fc.record(
    {
      exec: odd(fc.record({ command: odd(fc.array(commandWords, { maxLength: 3 })) })),
      httpGet: odd(fc.record({ path: odd(fc.constant('/healthz')), port: odd(fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.constant('http'))) })),
      periodSeconds: odd(fc.integer({ min: 0, max: 60 })),
    },
    { requiredKeys: [] },
  ),
);
const volumeMount = odd(
  fc.record(
    { name: odd(names), mountPath: odd(mountPaths), readOnly: odd(fc.boolean()), subPath: odd(fc.constantFrom('a', '../x', '')) },
    { requiredKeys: [] },
  ),
);
const container = odd(
  fc.record(
    {
      name: odd(names),
      image: odd(images),
      command: odd(fc.array(odd(commandWords), { maxLength: 4 })),
      args: odd(fc.array(odd(commandWords), { maxLength: 4 })),
      restartPolicy: odd(restartPolicies),
      volumeMounts: odd(fc.array(volumeMount, { maxLength: 3 })),
      readinessProbe: probe,
      livenessProbe: probe,
      startupProbe: probe,
      env: odd(fc.array(odd(fc.record({ name: odd(fc.constantFrom('ONE_TIME', 'MODE', 'X')), value: odd(fc.constantFrom('true', 'once', '1')) })), { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
);
const volume = odd(
  fc.record(
    {
      name: odd(names),
      emptyDir: odd(fc.oneof(fc.constant({}), fc.record({ medium: odd(fc.constant('Memory')) }))),
      configMap: odd(fc.record({ name: odd(names) })),
    },
    { requiredKeys: [] },
  ),
);
const containerList = odd(fc.array(container, { maxLength: 3 }));
const podSpec = odd(
  fc.record(
    {
      containers: containerList,
      initContainers: containerList,
      ephemeralContainers: odd(fc.array(container, { maxLength: 1 })),
      volumes: odd(fc.array(volume, { maxLength: 3 })),
      restartPolicy: odd(restartPolicies),
      shareProcessNamespace: odd(fc.boolean()),
    },
    { requiredKeys: [] },
  ),
);
const metadata = odd(
  fc.record(
    {
      name: odd(fc.constantFrom('web', 'job', 'x'.repeat(70), 'ünïcode', 'a\u001b[31mb')),
      namespace: odd(fc.constantFrom('default', 'kube-system', '')),
      annotations: odd(
        fc.dictionary(
          fc.constantFrom('sidecar-lint.io/ignore', 'sidecar-lint.io/ignore.proxy', 'other'),
          odd(fc.constantFrom('all', 'volume-mount-undefined', 'a, b', '')),
          { maxKeys: 2 },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);

type Shape = (spec: unknown, meta: unknown) => Record<string, unknown>;
const SHAPES: readonly Shape[] = [
  (spec, meta) => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec }),
  (spec, meta) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { replicas: 1, template: { metadata: meta, spec } } }),
  (spec, meta) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta, spec: { template: { spec } } }),
  (spec, meta) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: { template: { metadata: meta, spec } } }),
  (spec, meta) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec } } } } }),
  (spec, meta) => ({ apiVersion: 'v1', kind: 'PodTemplate', metadata: meta, template: { spec } }),
  (spec, meta) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: meta, spec: { template: { spec } } }),
  (spec, meta) => ({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec }, spec] }),
  (spec, meta) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { template: spec } }),
];

const manifest = fc.tuple(fc.integer({ min: 0, max: SHAPES.length - 1 }), podSpec, metadata).map(([shape, spec, meta]) => SHAPES[shape]!(spec, meta));

/** How the objects are written: block YAML, flow YAML, JSON; LF or CRLF; with or without a BOM. */
const rendering = fc.record({
  style: fc.constantFrom('block', 'flow', 'json'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  explicitStart: fc.boolean(),
});

function render(objects: readonly unknown[], how: { style: string; crlf: boolean; bom: boolean; explicitStart: boolean }): string {
  const documents = objects.map((object) =>
    how.style === 'json' ? `${JSON.stringify(object, null, 1)}\n` : stringify(object, { version: '1.1', collectionStyle: how.style === 'flow' ? 'flow' : 'any' }),
  );
  let text = documents.map((document, index) => (index > 0 || how.explicitStart ? `---\n${document}` : document)).join('');
  if (how.crlf) text = text.replace(/\n/g, '\r\n');
  return how.bom ? `\ufeff${text}` : text;
}

// ---------------------------------------------------------------------------------------------
// Generated YAML text: fragments of YAML syntax and manifest lines in any order

const fragments = fc.constantFrom(
  'apiVersion: v1\n',
  'kind: Pod\n',
  'kind: Deployment\n',
  'metadata: {name: x}\n',
  'spec:\n',
  '  containers:\n',
  '  initContainers:\n',
  '    - name: proxy\n',
  '      image: envoyproxy/envoy\n',
  '      restartPolicy: Always\n',
  '      volumeMounts: [{name: logs, mountPath: /var/log}]\n',
  '  volumes: [{name: logs, emptyDir: {}}]\n',
  '  template:\n',
  '---\n',
  '...\n',
  '- ',
  ': ',
  '? ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!str ',
  '!!binary ',
  '!custom ',
  '"',
  "'",
  '|\n',
  '>-\n',
  '# comment\n',
  '%YAML 1.1\n',
  '%TAG ! tag:x,2000:\n',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '  ',
  '    ',
  'x',
  '0x1F',
  '~',
  'é',
  '😀',
  '\u001b[31m',
  '\u2028',
  '\ufeff',
  '\\',
);

const yamlText = fc.oneof(
  fc.array(fragments, { maxLength: 40 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(' ', '\n', '-', ':', 'a', '[', '{', '"', '#', '&', '*', '!', '|'), maxLength: 80 }),
);

// ---------------------------------------------------------------------------------------------

describe('fuzzing loader and engine with every built-in rule', () => {
  it(`survives ${runs(SHARES.pods)} generated manifests with odd types`, () => {
    fc.assert(
      fc.property(fc.array(manifest, { minLength: 1, maxLength: 2 }), rendering, fc.nat(), (objects, how, engine) => {
        assertClean(render(objects, how), engine);
      }),
      params(SHARES.pods),
    );
  }, TIMEOUT);

  it(`survives ${runs(SHARES.text)} generated YAML texts`, () => {
    fc.assert(
      fc.property(yamlText, fc.nat(), (text, engine) => {
        assertClean(text, engine);
      }),
      params(SHARES.text),
    );
  }, TIMEOUT);

  it(`survives ${runs(SHARES.mutated)} manifests with fragments spliced in`, () => {
    fc.assert(
      fc.property(manifest, rendering, fc.array(fc.tuple(fc.nat(), fragments), { minLength: 1, maxLength: 4 }), fc.nat(), (object, how, cuts, engine) => {
        let text = render([object], how);
        for (const [at, fragment] of cuts) {
          const index = at % (text.length + 1);
          text = text.slice(0, index) + fragment + text.slice(index);
        }
        assertClean(text, engine);
      }),
      params(SHARES.mutated),
    );
  }, TIMEOUT);

  it('checks what it claims to check', () => {
    // The checker itself must fail on a position outside the file.
    const lines = linesOf('a: 1\nbb: 2\n');
    expect(positionProblem({ line: 4, column: 1 }, lines)).toMatch(/line 4/);
    expect(positionProblem({ line: 2, column: 7 }, lines)).toMatch(/column 7/);
    expect(positionProblem({ line: 2, column: 6 }, lines)).toBeUndefined();
  });
});
