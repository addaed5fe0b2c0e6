/**
 * "Not a manifest to apply" (docs/precision.md): test frameworks' assert and errors files are not
 * linted; objects with a status block and fragments get no error that says the API server rejects
 * them; every built-in error rule says which claim it makes (`mayClaim`).
 *
 * The conventions, from the frameworks' code: KUTTL kudobuilder/kuttl
 * d691781e39c6a427878bbc2e0657307524fe833e internal/file/name.go (`fileNameRegex`, `Parse`) and
 * internal/utils/files/files.go (`CollectTestStepFiles`); Chainsaw kyverno/chainsaw
 * 62507786544506beada880c522e1673768b3316d pkg/discovery/step.go (`StepFileName`, `TryFindStepFiles`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { testFileOf } from '../src/load/test-files.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'fixtures', 'not-applied');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const files = yamlFiles(FIXTURES).map((path) => relative(ROOT, path)).sort();
const expectations = files.filter((path) => testFileOf(path) !== undefined);
const manifests = files.filter((path) => testFileOf(path) === undefined);

describe('test frameworks\' file names', () => {
  it.each([
    ['e2e/sidecar/00-assert.yaml', { framework: 'Chainsaw', role: 'assert' }],
    ['e2e/sidecar/00-errors.yml', { framework: 'Chainsaw', role: 'errors' }],
    ['e2e/sidecar/01-assert-pods.yaml', { framework: 'KUTTL', role: 'assert' }],
    ['e2e/sidecar/01-Assert.yaml', { framework: 'KUTTL', role: 'assert' }],
    ['e2e/sidecar/02-errors-agent.gotmpl.yaml', { framework: 'KUTTL', role: 'errors' }],
    ['e2e\\sidecar\\03-upgrade\\assert.yaml', { framework: 'KUTTL', role: 'assert' }],
    ['e2e/sidecar/03-upgrade/errors-old.yaml', { framework: 'KUTTL', role: 'errors' }],
  ])('%s is a %o file', (path, expected) => {
    expect(testFileOf(path)).toEqual(expected);
  });

  it.each([
    'e2e/sidecar/00-install.yaml',
    // Outside a step folder KUTTL needs the index; these are plain manifests.
    'deploy/assert.yaml',
    'deploy/errors.yaml',
    // The first name component must be assert or errors itself.
    'e2e/sidecar/00-pre-assert.yaml',
    'e2e/sidecar/00-asserts.yaml',
    'charts/app/templates/assert.json',
  ])('%s is not', (path) => {
    expect(testFileOf(path)).toBeUndefined();
  });
});

describe('fixtures/not-applied (an operator\'s e2e folders)', () => {
  it('has expectations and the manifests they follow', () => {
    expect(expectations.length).toBeGreaterThanOrEqual(5);
    expect(manifests.length).toBeGreaterThanOrEqual(2);
  });

  it.each(expectations)('%s is not linted: it creates nothing', async (path) => {
    const config = await resolveConfig(undefined, builtinRules);
    expect(lintText(path, readFileSync(join(ROOT, path), 'utf8'), config)).toEqual([]);
  });

  it.each(expectations)('%s under a plain name has errors: the name is what tells', async (path) => {
    const config = await resolveConfig(undefined, builtinRules);
    const findings = lintText('manifest.yaml', readFileSync(join(ROOT, path), 'utf8'), config);
    expect(findings.filter((finding) => finding.severity === 'error').map((finding) => finding.ruleId)).toContain('volume-mount-undefined');
  });

  it.each(manifests)('%s, the manifest the suite applies, is linted', async (path) => {
    const config = await resolveConfig(undefined, builtinRules);
    const text = readFileSync(join(ROOT, path), 'utf8');
    const broken = text.replace(/^( +)image: (\S+)$/m, '$1image: $2\n$1volumeMounts: [{ name: missing, mountPath: /x }]');
    expect(lintText(path, broken, config).map((finding) => finding.ruleId)).toContain('volume-mount-undefined');
  });

  it('a KUTTL TestAssert in a file makes it an assert file whatever its name', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const pod = readFileSync(join(FIXTURES, 'kuttl', 'sidecar-injection', '01-errors.yaml'), 'utf8');
    const text = `apiVersion: kuttl.dev/v1beta1\nkind: TestAssert\ntimeout: 120\n---\n${pod}`;
    expect(lintText('e2e/check.yaml', text, config)).toEqual([]);
    expect(lintText('e2e/check.yaml', pod, config).map((finding) => finding.ruleId)).toContain('volume-mount-undefined');
  });
});

describe('objects that are not applied as written', () => {
  /** A Pod the API server would reject four ways, with an init container that never exits (a runtime error). */
  const POD = `apiVersion: v1
kind: Pod
metadata: { name: observed }
spec:
  initContainers:
    - name: wait
      image: busybox:1.36
      command: ["sh", "-c", "tail -f /dev/null"]
      readinessProbe: { exec: { command: ["true"] } }
  containers:
    - name: App
      image: example.com/app:1
      ports: [{ containerPort: "8080" }]
      volumeMounts: [{ name: data, mountPath: /data }]
`;

  it('with a status block: no error that the API server rejects it, the runtime error stays', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const before = lintText('pod.yaml', POD, config).filter((finding) => finding.severity === 'error').map((finding) => finding.ruleId).sort();
    expect(before).toEqual(['container-name-invalid', 'init-container-never-exits', 'init-container-probe-forbidden', 'pod-spec-schema', 'volume-mount-undefined']);
    const observed = lintText('pod.yaml', `${POD}status:\n  phase: Pending\n`, config).filter((finding) => finding.severity === 'error');
    expect(observed.map((finding) => finding.ruleId)).toEqual(['init-container-never-exits']);
  });

  it('an empty status (kubectl create --dry-run -o yaml writes `status: {}`) is a manifest to apply', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const findings = lintText('pod.yaml', `${POD}status: {}\n`, config).filter((finding) => finding.severity === 'error');
    expect(findings).toHaveLength(5);
  });

  it('a fragment (no image): what it has is judged, not what it lacks', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const fragment = POD.replaceAll(/^\s+image: .*\n/gm, '');
    const rules = lintText('patch.yaml', fragment, config).filter((finding) => finding.severity === 'error').map((finding) => finding.ruleId).sort();
    expect(rules).toEqual(['container-name-invalid', 'init-container-never-exits', 'init-container-probe-forbidden', 'pod-spec-schema']);
  });
});

describe('every built-in error rule', () => {
  it.each(builtinRules.filter((rule) => rule.meta.severity === 'error').map((rule) => rule.meta.id))('%s says which claim it makes before it reports', (id) => {
    const source = readFileSync(join(ROOT, 'rules', `${id}.ts`), 'utf8');
    expect(source).toMatch(/mayClaim\(pod, '(?:rejected-value|rejected-missing|runtime)'\)/);
  });
});
