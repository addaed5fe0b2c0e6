/**
 * Rules must survive any shape YAML can give a pod spec: a thrown error becomes an `internal-error`
 * finding, which is a bug. Every field of a real-shaped pod (native sidecar, probes, hooks, ports,
 * mounts, restart rules) is replaced in turn by values of the wrong type, and linted with all rules.
 */
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { INTERNAL_ERROR } from '../src/engine/lint-source.js';
import { lintText } from '../src/engine/lint.js';

const BASE = `apiVersion: batch/v1
kind: Job
metadata: { name: export, annotations: { a: b } }
spec:
  template:
    metadata: { labels: { app: export } }
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 30
      initContainers:
        - name: envoy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Always
          ports: [{ containerPort: 9901, hostPort: 9901, protocol: TCP, hostIP: 10.0.0.1 }]
          lifecycle: { preStop: { sleep: { seconds: 5 } } }
          startupProbe: { httpGet: { path: /ready, port: 9901 } }
        - name: setup
          image: busybox:1.36
          command: ["sh", "-c", "cp /a /b"]
          volumeMounts: [{ name: logs, mountPath: /b, subPath: x }]
      containers:
        - name: export
          image: example.com/export:1
          args: ["--out", "/var/log/app"]
          env: [{ name: A, value: b }]
          restartPolicy: Never
          restartPolicyRules: [{ action: Restart, exitCodes: { operator: In, values: [42] } }]
          volumeMounts: [{ name: logs, mountPath: /var/log/app, readOnly: false, subPathExpr: $(A) }]
          resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { memory: 128Mi } }
        - name: shipper
          image: fluent/fluent-bit:3.1
          command: ["tail", "-f", "/var/log/app/app.log"]
          volumeMounts: [{ name: logs, mountPath: /var/log/app }]
      volumes:
        - name: logs
          emptyDir: { sizeLimit: 1Gi }
        - name: model
          image: { reference: example.com/model:1 }
`;

const WRONG: readonly unknown[] = [5, 'x', true, null, [5], { a: 1 }];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into the pod spec below `spec.template.spec`, leaves and containers alike. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...pathsOf(item, [...prefix, index])));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...prefix, key]));
  return out;
}

function replaced(root: Json, path: (string | number)[], value: unknown): Json {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let current: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) current = current[segment] as Record<string | number, unknown>;
  current[path[path.length - 1]!] = value;
  return copy as Json;
}

describe('rules on wrongly typed pod specs', () => {
  it('never throw, whatever a field holds', async () => {
    const config = await resolveConfig({ kubernetesVersion: '1.35' }, builtinRules);
    const all = { ...config, rules: builtinRules.map((rule) => ({ rule, severity: 'error' as const, options: rule.meta.defaultOptions ?? {} })) };
    const root = parse(BASE) as Json;
    const spec = (((root as Record<string, Json>).spec as Record<string, Json>).template as Record<string, Json>).spec as Json;
    const failures: string[] = [];
    for (const path of pathsOf(spec)) {
      if (path.length === 0) continue;
      WRONG.forEach((value, index) => {
        // Old and new targets in turn: version-aware rules take different branches.
        const minor = index % 2 === 0 ? 27 : 35;
        const mutated = replaced(root, ['spec', 'template', 'spec', ...path], value);
        const findings = lintText('t.yaml', stringify(mutated), { ...all, kubernetesVersion: { major: 1, minor } });
        for (const finding of findings.filter((item) => item.ruleId === INTERNAL_ERROR)) {
          failures.push(`${path.join('.')} = ${JSON.stringify(value)} @1.${minor}: ${finding.message}`);
        }
      });
    }
    expect(failures).toEqual([]);
  });
});
