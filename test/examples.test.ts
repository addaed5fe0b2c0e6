/**
 * The shipped examples: the textbook Pod passes, the bad examples fire exactly where listed here.
 * The examples carry no test markers (users copy them and `--fix -` echoes them back), so what each
 * one shows is written out below as rule@line:column.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { readFixture, sortedKeys } from './helpers/expectations.js';

const EXAMPLES = join(import.meta.dirname, '..', 'fixtures', 'examples');

/** What each example shows with the default configuration, and with the Kubernetes version it is about. */
const SHOWN: Record<string, { readonly kubeVersion?: string; readonly findings: readonly string[] }> = {
  'bad-deployment.yaml': { findings: ['volume-mount-undefined@17:15', 'setup-in-init-container@21:11', 'prefer-native-sidecar@25:11', 'sidecar-resources@25:11', 'shared-volume-unshared@28:15', 'container-name-duplicate@30:11'] },
  'bad-job.yaml': { findings: ['init-container-probe-forbidden@14:11', 'init-container-never-exits@18:11', 'container-restart-policy-invalid@27:15', 'sidecar-resources@32:11', 'job-sidecar-blocks-completion@33:11', 'shared-emptydir-size-limit@37:11', 'sidecar-restart-never@51:7'] },
  'bad-pod-spec.yaml': { findings: ['workload-restart-policy-invalid@13:7', 'prestop-sleep-exceeds-grace@30:17', 'container-port-conflict@35:15', 'pod-spec-schema@36:15', 'volume-mount-subpath-invalid@40:15', 'container-name-invalid@41:11', 'host-port-conflict@45:15', 'volume-mount-duplicate-path@50:15'] },
  'bad-sidecars.yaml': { findings: ['termination-grace-too-short@19:7', 'sidecar-order@21:11', 'sidecar-startup-probe@24:11', 'tail-follow-by-name@36:15', 'sidecar-reads-unmounted-path@36:15', 'sidecar-readiness-gates-pod@37:11', 'sidecar-mount-readonly@43:15'] },
  'log-shipping-native-sidecar.yaml': { findings: [] },
  'log-shipping-pod.yaml': { findings: ['prefer-native-sidecar@21:7', 'sidecar-resources@21:7', 'shared-emptydir-size-limit@30:7'] },
  'native-sidecar-deployment.yaml': { findings: [] },
  'old-cluster.yaml': { kubeVersion: '1.28', findings: ['native-sidecar-unsupported@11:7'] },
};

describe('fixtures/examples with the default configuration (and the Kubernetes version each is about)', () => {
  const files = readdirSync(EXAMPLES).filter((name) => name.endsWith('.yaml')).sort();

  it('are all listed here', () => {
    expect(files).toEqual(Object.keys(SHOWN).sort());
  });

  it.each(files)('%s', async (name) => {
    const text = readFixture(join(EXAMPLES, name));
    const { kubeVersion, findings: shown } = SHOWN[name] ?? { findings: [] };
    const config = await resolveConfig(kubeVersion ? { kubernetesVersion: kubeVersion } : undefined, builtinRules);
    expect(sortedKeys(lintText(name, text, config))).toEqual([...shown].sort());
  });

  it('carry no test markers', () => {
    for (const name of files) expect(readFixture(join(EXAMPLES, name))).not.toMatch(/#\s*(expect|kube-version|options|injectors|namespaces):/);
  });

  it('include the textbook log-shipping Pod with no error, and its native-sidecar form with no finding at all', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const textbook = lintText('x', readFixture(join(EXAMPLES, 'log-shipping-pod.yaml')), config);
    expect(textbook.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(lintText('x', readFixture(join(EXAMPLES, 'log-shipping-native-sidecar.yaml')), config)).toEqual([]);
  });

  it('show every built-in rule that is on by default firing at least once', () => {
    const shown = new Set(Object.values(SHOWN).flatMap((example) => example.findings.map((key) => key.split('@')[0])));
    // Rules that need an injector profile fire in fixtures/injectors/ instead (test/injectors.test.ts).
    const onByDefault = builtinRules.filter((rule) => rule.meta.severity !== 'off' && !rule.meta.tags?.includes('injectors'));
    expect([...shown].sort()).toEqual(onByDefault.map((rule) => rule.meta.id).sort());
  });
});
