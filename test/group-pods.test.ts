/** Live output: the replicas of one controller are linted once, and the finding says how many pods share it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';

const FILE = join(import.meta.dirname, '..', 'fixtures', 'precision', 'live-pods.yaml');

describe('a List of Pods from kubectl get pods -o yaml', () => {
  it('reports a finding of three replicas of one ReplicaSet once, with the count, and a pod of another owner apart', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const findings = lintText('live-pods.yaml', readFileSync(FILE, 'utf8'), config);
    expect(findings.map((finding) => [finding.ruleId, finding.region.start.line, finding.region.start.column, finding.object?.name])).toEqual([
      ['prefer-native-sidecar', 17, 11, 'web-7d9f-a'],
      ['prefer-native-sidecar', 65, 11, 'batch-x1'],
    ]);
    expect(findings[0]?.message).toMatch(/ \(2 more pods of ReplicaSet\/web-7d9f share this spec; reported once\.\)$/);
    expect(findings[1]?.message).not.toMatch(/reported once/);
  });

  it('lints every pod when their containers differ (a rollout in progress)', async () => {
    const config = await resolveConfig(undefined, builtinRules);
    const text = readFileSync(FILE, 'utf8').replace('web-7d9f-c\n', 'web-7d9f-c\n').replace(/(name: web-7d9f-c[\s\S]*?image: example\.com\/web):1\.0/, '$1:1.1');
    const names = lintText('live-pods.yaml', text, config).map((finding) => finding.object?.name);
    expect(names).toEqual(['web-7d9f-a', 'web-7d9f-c', 'batch-x1']);
  });
});
