/**
 * Helm charts and Kustomize folders rendered by the real tools (helm v4 from the layer package,
 * the machine's kubectl) and every finding mapped back to the line a person edits: the template,
 * the base, the patch, the component. Exact rule, file, line and column, in text, JSON and SARIF.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempTree } from './helpers/cli.js';
import { HELM, KUBECTL, TOOLS_PATH } from './helpers/tools.js';

const env = { PATH: TOOLS_PATH };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const validateSarif = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(
  JSON.parse(readFileSync(join(ROOT, 'test', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object,
);


/** file rule line:column of every finding of a `--format json` report. */
function rows(stdout: string): string[] {
  const files = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
  return files.flatMap((file) => file.messages.map((message) => `${file.filePath} ${message.ruleId} ${message.line}:${message.column}`));
}

const CHART_FINDINGS = [
  'fixtures/helm/web/templates/deployment.yaml sidecar-mount-readonly 1:1',
  'fixtures/helm/web/templates/deployment.yaml prefer-native-sidecar 27:11',
  'fixtures/helm/web/templates/deployment.yaml sidecar-resources 27:11',
  'fixtures/helm/web/templates/deployment.yaml tail-follow-by-name 30:11',
  'fixtures/helm/web/templates/deployment.yaml shared-emptydir-size-limit 37:11',
];

const OVERLAY_FINDINGS = [
  'fixtures/kustomize/base/deployment.yaml shared-emptydir-size-limit 22:11',
  'fixtures/kustomize/components/log-shipper/sidecar.yaml prefer-native-sidecar 10:11',
  'fixtures/kustomize/components/log-shipper/sidecar.yaml sidecar-resources 10:11',
  'fixtures/kustomize/components/log-shipper/sidecar.yaml tail-follow-by-name 12:38',
  'fixtures/kustomize/components/log-shipper/sidecar.yaml sidecar-mount-readonly 14:15',
  'fixtures/kustomize/overlays/prod/replicas.json container-restart-policy-invalid 3:76',
];

describe('a Helm chart folder', () => {
  it('is rendered by helm template and each finding points at its template line', () => {
    const result = runCli(['-f', 'json', 'fixtures/helm/web'], { env });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(rows(result.stdout)).toEqual(CHART_FINDINGS);
    // Every template that rendered a document is checked, the one with no finding too; no parse-error from {{ }}.
    const files = JSON.parse(result.stdout) as { filePath: string }[];
    expect(files.map((file) => file.filePath)).toEqual([
      'fixtures/helm/web/templates/deployment.yaml',
      'fixtures/helm/web/templates/service.yaml',
      'fixtures/helm/web/templates/tests/test-connection.yaml',
    ]);
  });

  it('says so when the field comes from a {{ }} expression (toYaml) and keeps the rendered position', () => {
    const result = runCli(['-f', 'json', 'fixtures/helm/web'], { env });
    const messages = (JSON.parse(result.stdout) as { messages: { ruleId: string; message: string; rendered?: unknown }[] }[]).flatMap((file) => file.messages);
    const readOnly = messages.find((message) => message.ruleId === 'sidecar-mount-readonly');
    expect(readOnly?.message).toMatch(/\(not written as such in the template, it comes from a \{\{ \}\} expression: shown at the object's first line\)$/);
    expect(readOnly?.rendered).toEqual({ command: 'helm template fixtures/helm/web', line: 49, column: 15 });
  });

  it('renders the chart of a template named on its own (as pre-commit names changed files), and of a patch its overlay', () => {
    const result = runCli(['-f', 'json', 'fixtures/helm/web/templates/tests/test-connection.yaml', 'fixtures/kustomize/overlays/prod/mount-logs.yaml'], { env });
    expect(rows(result.stdout)).toEqual([...CHART_FINDINGS, ...OVERLAY_FINDINGS]);
    // A template outside any chart folder is still plain YAML, and not valid YAML.
    const dir = tempTree({ 'pod.yaml': readFileSync(join(ROOT, 'fixtures/helm/web/templates/tests/test-connection.yaml'), 'utf8') });
    expect(runCli(['-f', 'compact', 'pod.yaml'], { cwd: dir, env }).stdout).toMatch(/^pod\.yaml:4:22 {2}error {4}YAML syntax error/m);
  });

  it('passes --values FILE and the config\'s helm: settings to helm', () => {
    const dir = tempTree({ 'no-sidecars.yaml': 'sidecars: []\n', '.sidecar-lint.yaml': 'helm:\n  releaseName: prod\n  namespace: shop\n' });
    cpSync(join(ROOT, 'fixtures/helm/web'), join(dir, 'web'), { recursive: true });
    // Without sidecars the chart is clean: the values file was read.
    const result = runCli(['-f', 'json', '--values', 'no-sidecars.yaml', 'web'], { cwd: dir, env });
    expect(result.status).toBe(0);
    expect(rows(result.stdout)).toEqual([]);
    const named = JSON.parse(runCli(['-f', 'json', 'web'], { cwd: dir, env }).stdout) as { messages: { object: unknown }[] }[];
    expect(named[0]?.messages[0]?.object).toEqual({ kind: 'Deployment', name: 'prod-web', apiVersion: 'apps/v1' });
  });

  it('reports a chart that fails to render once, with helm\'s message, at the template and line helm names', () => {
    const dir = tempTree({
      'broken/Chart.yaml': 'apiVersion: v2\nname: broken\nversion: 0.1.0\n',
      'broken/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ required "name is required" .Values.name }}\n',
    });
    const result = runCli(['-f', 'compact', 'broken'], { cwd: dir, env });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      'broken/templates/pod.yaml:4:11  error    helm template failed: execution error at (broken/templates/pod.yaml:4:11): name is required  render-error\n',
    );
  });

  it('reports a missing helm once per chart, not a parse error per template; rendererMissing: warning lets the run pass', () => {
    const dir = tempTree({});
    cpSync(join(ROOT, 'fixtures/helm/web'), join(dir, 'charts/web'), { recursive: true });
    const result = runCli(['-f', 'compact', '.'], { cwd: dir, env: { PATH: '/nonexistent' } });
    expect(result.stdout).toBe(
      'charts/web/Chart.yaml:1:1  error    Chart not rendered: helm is not installed (not on PATH). Install helm or give --helm PATH, or run `helm template charts/web | sidecar-lint -`.  render-error\n',
    );
    expect(result.status).toBe(1);
    writeFileSync(join(dir, '.sidecar-lint.yaml'), 'rendererMissing: warning\n');
    expect(runCli(['.'], { cwd: dir, env: { PATH: '/nonexistent' } }).status).toBe(0);
    // --helm PATH finds it without PATH.
    expect(rows(runCli(['-f', 'json', '--helm', HELM, '.'], { cwd: dir, env: { PATH: '/nonexistent' } }).stdout)).toHaveLength(5);
  });
});

describe('a chart with plugin rules', () => {
  it('lints the rendered chart on the watched worker thread: a rule that never returns is stopped, the rest is mapped', () => {
    const plugin = `export default { name: 'slow', rules: [
  { meta: { id: 'spin', description: 'd', severity: 'warning', messages: { m: 'spun' } }, check(pod, context) {
    if (pod.owner.name === 'spin-web') for (;;) {}
    context.report({ path: ['metadata', 'name'], messageId: 'm' });
  } },
] };
`;
    const dir = tempTree({ '.sidecar-lint.yaml': 'plugins: [./slow.mjs]\nruleTimeoutSeconds: 1\nhelm:\n  releaseName: spin\n', 'slow.mjs': plugin });
    cpSync(join(ROOT, 'fixtures/helm/web'), join(dir, 'web'), { recursive: true });
    const result = runCli(['-f', 'json', 'web'], { cwd: dir, env });
    expect(result.status).toBe(2);
    const found = rows(result.stdout);
    expect(found).toEqual([
      'web/templates/deployment.yaml internal-error 1:1',
      ...CHART_FINDINGS.map((row) => row.replace('fixtures/helm/web/', 'web/')),
    ]);
  });
});

describe('a Kustomize overlay folder', () => {
  it('is rendered with origin annotations and each finding points at the base, the patch or the component', () => {
    const result = runCli(['-f', 'json', 'fixtures/kustomize/overlays/prod'], { env });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(rows(result.stdout)).toEqual(OVERLAY_FINDINGS);
    // The strategic-merge patch mounting the base's volume is no volume-mount-undefined; no origin annotation leaks.
    expect(result.stdout).not.toContain('volume-mount-undefined');
    expect(result.stdout).not.toContain('config.kubernetes.io');
  });

  it('lints a base once when its overlay is linted too, and counts no kustomization.yaml as checked', () => {
    const result = runCli(['fixtures/kustomize'], { env });
    expect(result.stdout.split('\n').filter((line) => line.includes('  warning  ') || line.includes('  error  '))).toHaveLength(6);
    expect(result.stdout).toMatch(/✖ 6 problems \(1 error, 5 warnings\) in 3 files of 3 files checked\.\n$/);
    expect(rows(runCli(['-f', 'json', 'fixtures/kustomize'], { env }).stdout)).toEqual(OVERLAY_FINDINGS);
  });

  it('writes the file, line and rendered position in SARIF', () => {
    const result = runCli(['-f', 'sarif', 'fixtures/kustomize/overlays/prod'], { env });
    const sarif = JSON.parse(result.stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[]; relatedLocations?: { message: { text: string } }[] }[] }[];
    };
    const restart = sarif.runs[0]!.results.find((entry) => entry.ruleId === 'container-restart-policy-invalid')!;
    expect(restart.locations[0]!.physicalLocation.artifactLocation.uri).toBe('fixtures/kustomize/overlays/prod/replicas.json');
    expect(restart.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 3, startColumn: 76 });
    expect(restart.relatedLocations).toEqual([
      expect.objectContaining({ message: { text: 'Rendered by kubectl kustomize fixtures/kustomize/overlays/prod: line 32, column 9 of its output' } }),
    ]);
  });
});

describe('an inline patch and a prefix', () => {
  it('points at the inline patch in the kustomization; transformers (images, annotations) leave the base\'s lines', () => {
    const dir = tempTree({
      'base/kustomization.yaml': 'resources: [pod.yaml]\n',
      'base/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n',
      'prod/kustomization.yaml':
        'resources: [../base]\nnamePrefix: prod-\npatches:\n  - patch: |-\n      - op: add\n        path: /spec/containers/0/volumeMounts\n        value: [{name: missing, mountPath: /x}]\n    target: {kind: Pod}\n',
    });
    const result = runCli(['-f', 'json', '.'], { cwd: dir, env });
    const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[];
    expect(files.flatMap((file) => file.messages.map((message) => [file.filePath, message.ruleId, message.line, message.column]))).toEqual([
      ['prod/kustomization.yaml', 'volume-mount-undefined', 4, 5],
    ]);
    expect(files[1]?.messages[0]?.message).toMatch(/ \(set by the inline patch patches\[0\], operation 1, value\[0\]\.name\)$/);
    writeFileSync(join(dir, 'prod/kustomization.yaml'), 'resources: [../base]\nimages:\n  - name: nginx\n    newTag: "1.27"\ncommonAnnotations:\n  sidecar-lint.io/x: "1"\n');
    writeFileSync(join(dir, 'base/pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n      command: ["sh", "-c", "tail -f /var/log/app.log"]\n    - name: shipper\n      image: nginx\n      command: ["sh", "-c", "tail -f /var/log/app.log"]\n');
    const second = runCli(['-f', 'json', '.'], { cwd: dir, env });
    expect(rows(second.stdout)).toEqual([
      'base/pod.yaml tail-follow-by-name 9:29',
      'base/pod.yaml prefer-native-sidecar 10:7',
      'base/pod.yaml sidecar-resources 10:7',
      'base/pod.yaml sidecar-reads-unmounted-path 12:29',
      'base/pod.yaml tail-follow-by-name 12:29',
    ]);
  });
});

describe('a kustomization that does not build', () => {
  it('is one render-error at its kustomization file with Kustomize\'s own words, found by a Kustomization file too', () => {
    const dir = tempTree({ 'k/Kustomization': 'resources:\n  - missing.yaml\n', 'k/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    const result = runCli(['-f', 'compact', '.'], { cwd: dir, env });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^k\/Kustomization:1:1 {2}error {4}kubectl kustomize k failed: accumulating resources: accumulation err='accumulating resources from 'missing\.yaml': .*no such file or directory {2}render-error\n$/);
    expect(result.stdout).not.toContain('sidecar-lint-kustomize-');
  });
});

describe('rendered text on stdin', () => {
  it('honours # Source: comments, with --stdin-filename naming the chart folder', () => {
    const rendered = spawnSync(HELM, ['template', 'fixtures/helm/web'], { cwd: ROOT, encoding: 'utf8', env });
    const result = runCli(['-f', 'json', '--stdin-filename', 'fixtures/helm/web', '-'], { env, input: rendered.stdout });
    expect(rows(result.stdout)).toEqual(CHART_FINDINGS);
  });

  it('honours origin annotations of an overlay built with buildMetadata: [originAnnotations]', () => {
    const dir = tempTree({});
    cpSync(join(ROOT, 'fixtures/kustomize'), dir, { recursive: true });
    const kustomization = join(dir, 'overlays/prod/kustomization.yaml');
    writeFileSync(kustomization, `${readFileSync(kustomization, 'utf8')}buildMetadata: [originAnnotations]\n`);
    const rendered = spawnSync(KUBECTL, ['kustomize', 'overlays/prod'], { cwd: dir, encoding: 'utf8', env });
    const result = runCli(['-f', 'json', '--stdin-filename', 'overlays/prod', '-'], { cwd: dir, env, input: rendered.stdout });
    expect(rows(result.stdout)).toEqual(OVERLAY_FINDINGS.map((row) => row.replace('fixtures/kustomize/', '')));
  });

  it('names plain stdin by --stdin-filename in text and SARIF, and for ignore: entries', () => {
    const input = readFileSync(join(ROOT, 'fixtures/examples/log-shipping-pod.yaml'), 'utf8');
    const result = runCli(['-f', 'compact', '--stdin-filename', 'deploy/pod.yaml', '-'], { input });
    expect(result.stdout).toMatch(/^deploy\/pod\.yaml:21:7 {2}warning/m);
    const sarif = JSON.parse(runCli(['-f', 'sarif', '--stdin-filename', 'deploy/pod.yaml', '-'], { input }).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(new Set(sarif.runs[0]!.results.map((entry) => entry.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(new Set(['deploy/pod.yaml']));
    const dir = tempTree({ '.sidecar-lint.yaml': 'ignore:\n  - path: "deploy/**"\n' });
    const ignored = runCli(['--stdin-filename', 'deploy/pod.yaml', '-'], { cwd: dir, input });
    expect(ignored.status).toBe(0);
    expect(ignored.stdout).not.toContain('warning');
  });
});

describe('--fix on rendered input', () => {
  it('changes nothing in a chart or an overlay and says why', () => {
    const dir = tempTree({});
    cpSync(join(ROOT, 'fixtures/helm/web'), join(dir, 'web'), { recursive: true });
    const before = readFileSync(join(dir, 'web/templates/deployment.yaml'), 'utf8');
    const result = runCli(['--fix', 'web'], { cwd: dir, env });
    expect(readFileSync(join(dir, 'web/templates/deployment.yaml'), 'utf8')).toBe(before);
    expect(result.stderr).toBe(
      'sidecar-lint: fixed 0 problems in 0 files.\n' +
        'sidecar-lint: 1 chart(s) and 0 kustomization(s) rendered: not fixed (5 problems): fixes are for the files people edit, and rendered output is not one; fix the template, base or patch the report names\n',
    );
  });

  it('prints rendered stdin back unchanged', () => {
    const rendered = spawnSync(HELM, ['template', 'fixtures/helm/web'], { cwd: ROOT, encoding: 'utf8', env }).stdout;
    const result = runCli(['--fix', '-'], { env, input: rendered });
    expect(result.stdout).toBe(rendered);
    expect(result.stderr).toContain('sidecar-lint: stdin is rendered output: not fixed (5 problems)');
  });
});

describe('a repository with a chart, an overlay and plain manifests', () => {
  it('reports each problem once, at the line a person edits', () => {
    const dir = tempTree({});
    cpSync(join(ROOT, 'fixtures/helm/web'), join(dir, 'charts/web'), { recursive: true });
    cpSync(join(ROOT, 'fixtures/kustomize'), join(dir, 'deploy'), { recursive: true });
    cpSync(join(ROOT, 'fixtures/examples/log-shipping-pod.yaml'), join(dir, 'manifests/log-shipping-pod.yaml'));
    const result = runCli(['-f', 'json', '.'], { cwd: dir, env });
    const expected = [
      ...CHART_FINDINGS.map((row) => row.replace('fixtures/helm/web/', 'charts/web/')),
      ...OVERLAY_FINDINGS.map((row) => row.replace('fixtures/kustomize/', 'deploy/')),
      'manifests/log-shipping-pod.yaml prefer-native-sidecar 21:7',
      'manifests/log-shipping-pod.yaml sidecar-resources 21:7',
      'manifests/log-shipping-pod.yaml shared-emptydir-size-limit 30:7',
    ];
    expect(rows(result.stdout)).toEqual(expected);
    // The same places in text and SARIF; SARIF valid, no template or patch reported as a manifest.
    const text = runCli(['-f', 'compact', '.'], { cwd: dir, env });
    expect(text.status).toBe(1);
    expect(text.stdout.split('\n').filter((line) => /  (warning|error)  /.test(line)).map((line) => line.replace(/^(\S+):(\d+):(\d+) .*  (\S+)$/, '$1 $4 $2:$3'))).toEqual(expected);
    expect(runCli(['.'], { cwd: dir, env }).stdout).toMatch(/\n✖ 14 problems \(1 error, 13 warnings\) in 5 files of 7 files checked\.\n {2}1 problem can be fixed with --fix/);
    const sarif = JSON.parse(runCli(['-f', 'sarif', '.'], { cwd: dir, env }).stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    expect(validateSarif(sarif)).toBe(true);
    expect(sarif.runs[0]!.results.map((entry) => {
      const { artifactLocation, region } = entry.locations[0]!.physicalLocation;
      return `${artifactLocation.uri} ${entry.ruleId} ${region.startLine}:${region.startColumn}`;
    })).toEqual(expected);
  });
});

