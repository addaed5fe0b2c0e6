/**
 * The pre-scan (src/load/prescan.ts) skips documents without parsing them. These tests pin what it must
 * compose on tricky input, and check that linting with it gives the same findings, in the same order,
 * as linting without it: on tricky input, on every fixture, and on a slice of the bulk corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { decode } from '../src/load/decode.js';
import type { LintOptions } from '../src/engine/lint.js';
import { planDocuments } from '../src/load/prescan.js';
import { selectDocuments } from '../src/load/selective-load.js';
import type { Finding } from '../src/types.js';

const ROOT = join(import.meta.dirname, '..');
const BULK = join(ROOT, '..', 'shared', 'corpus', 'bulk');

let options: LintOptions;
beforeAll(async () => {
  // Every rule on, so that every finding the engine can produce is compared.
  const config = await resolveConfig({ rules: Object.fromEntries(builtinRules.map((rule) => [rule.meta.id, 'warning'])) }, builtinRules);
  options = { rules: config.rules, kubernetesVersion: config.kubernetesVersion };
});

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const composeFlags = (text: string) => planDocuments(text)?.map((plan) => plan.compose);

const POD = lines(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: nginx',
  '    volumeMounts:',
  '    - name: missing',
  '      mountPath: /data',
  '  - name: app',
  '    image: busybox',
);
const LONG_DATA = lines('data:', ...Array.from({ length: 80 }, (_, index) => `  key${index}: value ${index}`));
const CONFIG_MAP = lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', 'data:', '  a: "1"');

describe('planDocuments', () => {
  it('skips kinds that never hold a pod spec and composes workloads', () => {
    expect(composeFlags(CONFIG_MAP)).toEqual([false]);
    expect(composeFlags(POD)).toEqual([true]);
    expect(composeFlags(`${CONFIG_MAP}---\n${POD}---\n${CONFIG_MAP}`)).toEqual([false, true, false]);
  });

  it('tells kinds apart by API group: a Knative Service holds a pod template, a core Service does not', () => {
    expect(composeFlags(lines('apiVersion: v1', 'kind: Service', 'metadata:', '  name: web'))).toEqual([false]);
    expect(composeFlags(lines('apiVersion: serving.knative.dev/v1', 'kind: Service', 'spec:', '  template: {}'))).toEqual([true]);
  });

  it('composes custom kinds with a spec.template or spec.jobTemplate, where the engine looks for a pod spec', () => {
    const custom = (...spec: string[]) => composeFlags(lines('apiVersion: example.com/v1', 'kind: Thing', 'spec:', ...spec));
    expect(custom('  template:', '    spec: {}')).toEqual([true]);
    expect(custom('  jobTemplate: {}')).toEqual([true]);
    expect(custom('  templates:', '  - name: main', '    template:', '      spec: {}')).toEqual([false]);
    expect(composeFlags(lines('apiVersion: argoproj.io/v1alpha1', 'kind: Workflow', 'spec: {}'))).toEqual([false]);
    // Known workload kinds are composed whatever their spec looks like.
    expect(composeFlags(lines('apiVersion: apps/v1', 'kind: Deployment', 'spec: {}'))).toEqual([true]);
  });

  it('composes a document whose kind is set through an anchor or an alias', () => {
    expect(composeFlags(lines('apiVersion: v1', 'kind: &k ConfigMap', 'data: {}'))).toEqual([true]);
    expect(composeFlags(lines('apiVersion: v1', 'x: &k Pod', 'kind: *k', 'spec: {}'))).toEqual([true]);
    expect(composeFlags(lines('base: &base', '  apiVersion: v1', '  kind: Pod', '<<: *base', 'spec: {}'))).toEqual([true]);
  });

  it('composes flow-style and JSON documents', () => {
    expect(composeFlags('{apiVersion: v1, kind: ConfigMap}\n')).toEqual([true]);
    expect(composeFlags('{\n  "apiVersion": "v1",\n  "kind": "ConfigMap"\n}\n')).toEqual([true]);
    expect(composeFlags(lines('{ apiVersion: v1,', 'kind: ConfigMap', '}'))).toEqual([true]);
  });

  it('reads quoted keys, and composes when kind is tagged, duplicated, or continues on the next line', () => {
    expect(composeFlags(lines('apiVersion: v1', '"kind": ConfigMap'))).toEqual([false]);
    expect(composeFlags(lines('apiVersion: v1', '"kind": Pod', 'spec: {}'))).toEqual([true]);
    expect(composeFlags(lines('apiVersion: v1', 'kind: ConfigMap', '"kind": Pod', 'spec: {}'))).toEqual([true]);
    expect(composeFlags(lines('apiVersion: v1', 'kind: !!str ConfigMap'))).toEqual([true]);
    expect(composeFlags(lines('apiVersion: v1', 'kind: ConfigMap', 'kind: Pod', 'spec: {}'))).toEqual([true]);
    expect(composeFlags(lines('apiVersion: v1', 'kind: Config', '  Map'))).toEqual([true]);
    expect(composeFlags(lines('apiVersion: v1', 'kind:', '  ConfigMap'))).toEqual([true]);
  });

  it('reads quoted kind values and trailing comments, and ignores commented-out kinds', () => {
    expect(composeFlags(lines('apiVersion: "v1"', "kind: 'ConfigMap' # was a Pod", '# kind: Pod', 'data: {}'))).toEqual([false]);
    expect(composeFlags(lines('apiVersion: v1', 'kind: ConfigMap', 'data: {}').replace(/\n/g, '\r\n'))).toEqual([false]);
  });

  it('splits at --- wherever it starts a line, as YAML does, and not at an indented ---', () => {
    const indented = lines('apiVersion: v1', 'kind: ConfigMap', 'data:', '  script: |', '    echo one', '    ---', '    echo two');
    expect(planDocuments(indented)).toHaveLength(1);
    const column0 = lines('apiVersion: v1', 'kind: ConfigMap', 'data:', '  script: |', '    echo one', '---', 'apiVersion: v1', 'kind: Pod', 'spec: {}');
    expect(composeFlags(column0)).toEqual([false, true]);
    expect(composeFlags(lines('--- |', '  text', '---', 'apiVersion: v1', 'kind: ConfigMap'))).toEqual([true, false]);
  });

  it('composes Lists that may hold workloads and skips Lists that cannot', () => {
    const podList = lines('apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: Pod', '  spec: {}');
    const flowPodList = lines('apiVersion: v1', 'kind: List', 'items:', '- {apiVersion: v1, kind: Pod, spec: {}}');
    const mapList = lines('apiVersion: v1', 'kind: ConfigMapList', 'items:', '- apiVersion: v1', '  kind: ConfigMap', '  data: {}');
    expect(composeFlags(podList)).toEqual([true]);
    expect(composeFlags(flowPodList)).toEqual([true]);
    expect(composeFlags(mapList)).toEqual([false]);
  });

  it('composes template text that is not YAML, but not {{ }} inside quoted or block scalars', () => {
    expect(composeFlags(lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: {{ .Values.name }}'))).toEqual([true]);
    expect(composeFlags(lines('{{- if .Values.enabled }}', 'apiVersion: v1', 'kind: ConfigMap'))).toEqual([true]);
    const quoted = lines('apiVersion: monitoring.coreos.com/v1', 'kind: PrometheusRule', 'spec:', '  summary: "Host {{ $labels.host }} is down"', '  rules: |', '    {{ range . }}');
    expect(composeFlags(quoted)).toEqual([false]);
  });

  it('composes documents with anchors (an alias bomb is reported), skips well-formed documents that are not Kubernetes objects', () => {
    expect(composeFlags(lines('apiVersion: v1', 'kind: ConfigMap', 'data:', '  a: &a x', '  b: *a'))).toEqual([true]);
    expect(composeFlags(lines('apiVersion: v1', 'kind: ConfigMap', 'data:', '  list: [&a x, *a]'))).toEqual([true]);
    // Not a Kubernetes object (a values file): skipped when well-formed, composed to report errors otherwise.
    expect(composeFlags(lines('replicaCount: 2', 'image: nginx'))).toEqual([false]);
    expect(composeFlags(lines('replicaCount: 2', 'image: nginx', 'replicaCount: 3'))).toEqual([true]);
    const cel = lines('apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'spec:', '  rule: has(self.a)', '    && has(self.b)', '  other: "a && b"');
    expect(composeFlags(cel)).toEqual([false]);
  });

  it('composes documents with tab indentation and top-level sequences', () => {
    expect(composeFlags('apiVersion: v1\nkind: ConfigMap\ndata:\n\ta: 1\n')).toEqual([true]);
    expect(composeFlags(lines('- apiVersion: v1', '  kind: Pod'))).toEqual([true]);
  });

  it('leaves files with directives or document-end markers to the parser', () => {
    expect(planDocuments(lines('%YAML 1.1', '---', 'apiVersion: v1', 'kind: ConfigMap'))).toBeUndefined();
    expect(planDocuments(lines('apiVersion: v1', 'kind: ConfigMap', '...'))).toBeUndefined();
  });

  it('counts documents as the parser does', () => {
    const plans = planDocuments(lines('# preamble', '---', 'a: 1', '---', '---', 'b: 2')) ?? [];
    expect(plans.map((plan) => plan.isDocument)).toEqual([false, true, true, true]);
  });
});

function bothWays(filePath: string, text: string): { fast: Finding[]; plain: Finding[] } {
  return { fast: lintText(filePath, text, options), plain: lintText(filePath, text, { ...options, prescan: false }) };
}

describe('linting with the pre-scan gives the same findings as without', () => {
  const tricky: Record<string, string> = {
    'skipped documents around a workload': `${CONFIG_MAP}---\n${POD}---\n${CONFIG_MAP}---\n${POD}`,
    'a comment preamble and empty documents': `# generated\n---\n---\n${CONFIG_MAP}---\n${POD}`,
    'a syntax error in a workload after skipped documents': `${CONFIG_MAP}---\n${POD}    args: [unclosed\n---\n${CONFIG_MAP}`,
    'CRLF line endings': `${CONFIG_MAP}---\n${POD}`.replace(/\n/g, '\r\n'),
    'a List of pods': lines('apiVersion: v1', 'kind: List', 'items:', ...POD.trimEnd().split('\n').map((line, index) => (index === 0 ? `- ${line}` : `  ${line}`))),
    'kind through an anchor': POD.replace('kind: Pod', 'kind: &kind Pod'),
    'a flow-style workload': '{apiVersion: v1, kind: Pod, spec: {containers: [{name: a, image: x}, {name: a, image: y}]}}\n',
    'template text in a skipped kind': `${CONFIG_MAP}  b: {{ .Values.b }}\n---\n${POD}`,
    'a duplicate key in a kind that never holds a pod spec': `${CONFIG_MAP}  a: "2"\n---\n${POD}`,
    'a nested mapping in a plain scalar of a skipped kind': `${CONFIG_MAP}  b: one: two\n---\n${POD}`,
    'bad indentation in a custom kind': `${lines('apiVersion: example.com/v1', 'kind: Thing', 'spec:', '    a: 1', '  b: 2')}---\n${POD}`,
    'an unclosed quote in a values file': `${lines('image: "nginx', 'tag: 1')}---\n${POD}`,
    // yaml reads a quote that never closes to the end of the file, across --- lines.
    'an unclosed quote before a skipped document': `${lines('image: "nginx', 'tag: 1')}---\n${lines('apiVersion: v1', 'kind: ConfigMap', 'data:', '  a: b')}---\n${POD}`,
    "an unclosed single quote before a skipped document": `${lines("image: 'nginx", 'tag: 1')}---\n${lines('apiVersion: v1', 'kind: ConfigMap', 'data:', "  a: it''s")}---\n${POD}`,
    'an unclosed quote that a later document closes': `${lines('image: "nginx', 'tag: 1')}---\n${CONFIG_MAP}---\n${POD}`,
    'an unclosed quote in a long template': `{{- if .Values.enabled }}\n${POD}${LONG_DATA}  broken: "open\n---\n${POD}`,
    // Long broken documents, whose first error the loader finds from a prefix (first-error.ts).
    'unrendered templates between workloads': `${POD}---\n{{- if .Values.enabled }}\n${POD}${LONG_DATA}---\n${lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  {{- include "labels" . | nindent 4 }}')}${LONG_DATA}---\n${POD}`,
    'a file that is one unrendered template': `{{- if .Values.enabled }}\n${POD}${LONG_DATA}{{- end }}\n`,
  };
  it('suppression comments in a skipped kind still count (an unused one is reported)', () => {
    const text = `${CONFIG_MAP.replace('\ndata:', '\n# sidecar-lint-disable-next-line volume-mount-undefined\ndata:')}---\n${POD}`;
    const withUnused = { ...options, reportUnusedSuppressions: true };
    const fast = lintText('directives.yaml', text, withUnused);
    expect(fast.map((finding) => finding.ruleId)).toContain('unused-suppression');
    expect(fast).toEqual(lintText('directives.yaml', text, { ...withUnused, prescan: false }));
  });

  it('finds the first error of long unrendered templates from a prefix, without composing them', () => {
    for (const name of ['unrendered templates between workloads', 'a file that is one unrendered template']) {
      const selection = selectDocuments(tricky[name] ?? '');
      expect(selection?.text.includes('{{'), name).toBe(false);
    }
  });

  it.each(Object.entries(tricky))('%s', (name, text) => {
    const { fast, plain } = bothWays(`${name}.yaml`, text);
    expect(plain.length).toBeGreaterThan(0);
    expect(fast).toEqual(plain);
  });

  it('on every fixture', () => {
    const files = readdirSync(join(ROOT, 'fixtures'), { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.(ya?ml|json)$/.test(name))
      .sort();
    expect(files.length).toBeGreaterThan(10);
    for (const name of files) {
      const { fast, plain } = bothWays(name, readFileSync(join(ROOT, 'fixtures', name), 'utf8'));
      expect(fast, name).toEqual(plain);
    }
  });
});

describe('on generated files of documents that meet each other', () => {
  // Documents each shortcut handles (skipped, read directly, broken and settled from a prefix) next
  // to ones the parser must read, with quotes left open and closed in between.
  const PIECES = [
    POD,
    CONFIG_MAP,
    POD.replace('  - name: app\n    image: busybox\n', '  - name: sidecar\n    image: "busybox"\n    args: [tail, -F, /logs/a.log]\n'),
    `{{- if .Values.enabled }}\n${POD}${LONG_DATA}`,
    `${lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  {{- include "labels" . }}')}${LONG_DATA}`,
    lines('image: "nginx', 'tag: 1'),
    lines("note: 'open", 'more: 1'),
    lines('a: "closed"', "b: 'it''s'"),
    lines('apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: Pod', '  spec:', '    containers: [{name: a, image: x}, {name: a, image: y}]'),
    lines('key: {{ .Values.key }}', 'other: "{{ .Values.other }}"'),
    '',
    '# only a comment\n',
  ];
  it('the same findings with the pre-scan as without', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 5 }), (pieces) => {
        const text = pieces.join('---\n');
        const { fast, plain } = bothWays('generated.yaml', text);
        expect(fast, text).toEqual(plain);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000), seed: Number(process.env.FUZZ_SEED ?? 3) },
    );
  });
});

describe.skipIf(!existsSync(BULK))('on a slice of the bulk corpus (../shared/corpus/bulk)', () => {
  it('every fourth file: the same findings, parse errors included', () => {
    const files = readdirSync(BULK).sort().filter((_, index) => index % 4 === 0);
    let compared = 0;
    let withFindings = 0;
    for (const name of files) {
      const decoded = decode(readFileSync(join(BULK, name)));
      if (!('text' in decoded)) continue;
      const { fast, plain } = bothWays(name, decoded.text);
      compared++;
      if (plain.length > 0) withFindings++;
      expect(fast, name).toEqual(plain);
    }
    expect(compared).toBeGreaterThan(1000);
    expect(withFindings).toBeGreaterThan(50);
  });
});
