/**
 * `--fix` never makes the report worse (ESLint's multipass, with a check): after fixing, the file
 * has no finding it did not have before (same document, object, rule and container or field), and a
 * fix that would add one is refused with what it would add. On the shipped examples and on
 * fixtures/fix/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { addedFindings, fixText } from '../src/fix/fix-text.js';
import type { Finding } from '../src/types.js';
import { settingsIn } from './helpers/expectations.js';

const ROOT = join(import.meta.dirname, '..');
const inFolder = (folder: string) =>
  readdirSync(join(ROOT, folder))
    .filter((name) => name.endsWith('.yaml') && !name.endsWith('.fixed.yaml'))
    .sort()
    .map((name) => join(folder, name));
const FILES = [...inFolder('fixtures/examples'), ...inFolder('fixtures/fix')];

const shown = (findings: readonly Finding[]) => findings.map((finding) => `${finding.ruleId} ${finding.object?.name ?? ''} ${finding.container ?? ''}`);

async function configFor(text: string) {
  const { kubeVersion } = settingsIn(text);
  return resolveConfig(undefined, builtinRules, kubeVersion ? { kubernetesVersion: kubeVersion } : {});
}

describe('--fix adds no finding', () => {
  it.each(FILES)('%s: fixed, it has no finding the input did not, and a second run fixes nothing', async (path) => {
    const input = readFileSync(join(ROOT, path), 'utf8');
    const config = await configFor(input);
    const before = lintText(path, input, config);
    const fixed = fixText(path, input, config);
    expect(shown(addedFindings(before, fixed.findings))).toEqual([]);
    expect(shown(addedFindings(before, lintText(path, fixed.text, config)))).toEqual([]);
    expect(fixText(path, fixed.text, config).applied).toEqual([]);
  });

  it('on fixtures/examples, fixes what it can: each fixed finding is gone', async () => {
    const fixedRules: string[] = [];
    for (const path of inFolder('fixtures/examples')) {
      const input = readFileSync(join(ROOT, path), 'utf8');
      const config = await configFor(input);
      const fixed = fixText(path, input, config);
      fixedRules.push(...fixed.applied.map((finding) => `${path.split('/').pop()} ${finding.ruleId} ${finding.container ?? ''}`));
    }
    expect(fixedRules.sort()).toEqual([
      'bad-deployment.yaml prefer-native-sidecar log-shipper',
      'bad-deployment.yaml setup-in-init-container fetch-config',
      'bad-sidecars.yaml sidecar-mount-readonly log-shipper',
      'bad-sidecars.yaml tail-follow-by-name log-shipper',
      'log-shipping-pod.yaml prefer-native-sidecar log-shipper',
    ]);
  });

  it('refuses a move whose result has a new finding, and says which', async () => {
    const path = 'fixtures/fix/native-move-adds-finding.yaml';
    const input = readFileSync(join(ROOT, path), 'utf8');
    const fixed = fixText(path, input, await configFor(input));
    expect(fixed.text).toBe(input);
    expect(fixed.refused.map((refusal) => [refusal.finding.ruleId, refusal.reason])).toEqual([
      ['prefer-native-sidecar', 'it would add sidecar-startup-probe on "cloud-sql-proxy", which the file does not have now; fix it by hand'],
    ]);
  });

  it('keeps the fixes of a pass that add nothing when another one of that pass would', async () => {
    // The log shipper can move (nothing needs it ready); the Cloud SQL Auth Proxy cannot (the app does).
    const text = readFileSync(join(ROOT, 'fixtures/fix/native-move-adds-finding.yaml'), 'utf8').replace(
      '        - name: cloud-sql-proxy',
      '        - name: log-shipper\n          image: fluent/fluent-bit:3.1\n        - name: cloud-sql-proxy',
    );
    const fixed = fixText('x.yaml', text, await configFor(text));
    expect(fixed.applied.map((finding) => finding.container)).toEqual(['log-shipper']);
    expect(fixed.refused.map((refusal) => refusal.finding.container)).toEqual(['cloud-sql-proxy']);
  });
});

describe('addedFindings', () => {
  const finding = (ruleId: string, container: string, line: number): Finding => ({
    ruleId,
    severity: 'warning',
    message: `${ruleId} at ${line}`,
    filePath: 'x.yaml',
    region: { start: { line, column: 1 }, end: { line, column: 2 } },
    documentIndex: 0,
    object: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
    container,
  });

  it('matches a finding that only moved (another line, another message), and counts repeats', () => {
    expect(addedFindings([finding('sidecar-resources', 'envoy', 20)], [finding('sidecar-resources', 'envoy', 12)])).toEqual([]);
    const twice = [finding('container-name-duplicate', 'api', 30), finding('container-name-duplicate', 'api', 32)];
    expect(addedFindings([finding('container-name-duplicate', 'api', 30)], twice)).toHaveLength(1);
    expect(addedFindings([], [finding('sidecar-order', 'fetch-config', 18)])).toHaveLength(1);
  });
});
