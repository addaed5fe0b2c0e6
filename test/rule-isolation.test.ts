/**
 * Rules cannot disturb one another: every pod reaches the rules deeply frozen (a write throws and is
 * that rule's internal error), and whatever a plugin throws is described without crashing the run.
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintText } from '../src/engine/lint.js';
import { describeThrown } from '../src/engine/rule.js';
import type { AnyRule, ConfiguredRule, Pod } from '../src/engine/rule.js';
import { DEFAULT_KUBE_VERSION } from '../src/model/kube-version.js';
import { messagesOf, runCli, tempTree } from './helpers/cli.js';

const ADVICE = "its findings here and wherever else it fails in this run are missing. Report this to the plugin's authors, or turn the rule off.";

/** Two Pods of one List share their spec through a YAML alias; the mount names no volume. */
const ALIASED = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: first}
    spec: &s
      containers:
        - name: app
          image: nginx
          volumeMounts:
            - {name: nope, mountPath: /x}
  - apiVersion: v1
    kind: Pod
    metadata: {name: second}
    spec: *s
`;

describe('a plugin rule that writes to the pod it is given (R11)', () => {
  it('fails with an internal error, and the later rules and the pod sharing the spec keep their findings', () => {
    const dir = tempTree({
      '.sidecar-lint.yaml': 'plugins: [./clear.mjs]\n',
      'clear.mjs': `export default { name: 'clear', rules: [{ meta: { id: 'clear-mounts', description: 'd', severity: 'warning', messages: { m: 'x' } }, check(pod) {
  for (const c of pod.spec.containers) c.volumeMounts = [];
} }] };
`,
      'list.yaml': ALIASED,
    });
    const result = runCli(['--format', 'json', 'list.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(2);
    expect(messagesOf(result.stdout).map((message) => [message.ruleId, message.line, message.column, message.message.split(':')[0]])).toEqual([
      ['internal-error', 7, 5, 'Pod/first'],
      ['volume-mount-undefined', 12, 16, 'Pod/first'],
      ['volume-mount-undefined', 12, 16, 'Pod/second'],
    ]);
    expect(messagesOf(result.stdout)[0]?.message).toBe(
      `Pod/first: rule clear/clear-mounts from plugin "clear" failed on this pod spec (Cannot assign to read only property 'volumeMounts' of object '[object Object]'); ${ADVICE}`,
    );
  });

  it('cannot write to any part of the pod or the context: every attempt throws', () => {
    const attempts: Record<string, (pod: Pod, options: Record<string, unknown>) => unknown> = {
      'pod field': (pod) => Object.assign(pod, { restartPolicy: 'Never' }),
      'spec value': (pod) => Object.assign(pod.spec, { hostNetwork: true }),
      'containers of the spec': (pod) => (pod.spec.containers as unknown[]).push({}),
      'container value': (pod) => Object.assign(pod.containers[0]!.container, { image: 'x' }),
      'nested container value': (pod) => (pod.containers[0]!.container.volumeMounts as unknown[]).pop(),
      'container list': (pod) => (pod.containers as unknown[]).pop(),
      'container info': (pod) => Object.assign(pod.containers[0]!, { role: 'sidecar' }),
      'container path': (pod) => (pod.containers[0]!.path as unknown[]).push('x'),
      'lifetime': (pod) => Object.assign(pod.containers[0]!.lifetime, { kind: 'x' }),
      'object metadata': (pod) => Object.assign(pod.object.metadata as object, { name: 'x' }),
      'owner annotations': (pod) => Object.assign(pod.owner.annotations, { a: 'b' }),
      'pod annotations': (pod) => Object.assign(pod.podAnnotations, { a: 'b' }),
      'pod path': (pod) => (pod.path as unknown[]).push('x'),
      'volumes map (no setter)': (pod) => (pod.volumes as unknown as Map<string, unknown>).set('x', {}),
      'volumes map (Map.prototype.set)': (pod) => Map.prototype.set.call(pod.volumes, 'x', {}),
      'volume value': (pod) => Object.assign(pod.volumes.get('data')!.volume, { name: 'x' }),
      'volume info': (pod) => Object.assign(pod.volumes.get('data')!, { index: 9 }),
      'volume path': (pod) => (pod.volumes.get('data')!.path as unknown[]).push('x'),
      'volumes map (own setter)': (pod) => Object.assign(pod.volumes, { set: () => undefined }),
      'volume claim templates': (pod) => (pod.volumeClaimTemplates as unknown as Set<string>).add('x'),
      'rule options': (_pod, options) => Object.assign(options, { x: 1 }),
    };
    const succeeded: string[] = [];
    const seen: { volumes: string[]; mounts: unknown[] }[] = [];
    const writer: AnyRule = {
      meta: { id: 'writer', description: 'd', severity: 'error', docs: '', messages: {} },
      check(pod, context) {
        seen.push({ volumes: [...pod.volumes.keys()], mounts: [...(pod.containers[0]?.container.volumeMounts ?? [])] });
        for (const [name, attempt] of Object.entries(attempts)) {
          try {
            attempt(pod, context.options as Record<string, unknown>);
            succeeded.push(name);
          } catch {
            // expected: frozen
          }
        }
      },
    };
    const rules: ConfiguredRule[] = [
      { rule: writer, severity: 'error', options: { nested: { list: [1] } } },
      ...builtinRules.filter((rule) => rule.meta.id === 'volume-mount-undefined').map((rule) => ({ rule, severity: 'error' as const, options: {} })),
    ];
    const text = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, annotations: {a: b}}
spec:
  volumeClaimTemplates: [{metadata: {name: claim}}]
  template:
    metadata: {annotations: {c: d}}
    spec:
      volumes: [{name: data, emptyDir: {}}]
      containers:
        - name: app
          image: nginx
          volumeMounts: [{name: data, mountPath: /data}, {name: missing, mountPath: /m}]
`;
    const findings = lintText('s.yaml', `${text}---\n${text}`, { rules, kubernetesVersion: DEFAULT_KUBE_VERSION });
    expect(succeeded).toEqual([]);
    expect(seen).toEqual([
      { volumes: ['data'], mounts: [{ name: 'data', mountPath: '/data' }, { name: 'missing', mountPath: '/m' }] },
      { volumes: ['data'], mounts: [{ name: 'data', mountPath: '/data' }, { name: 'missing', mountPath: '/m' }] },
    ]);
    expect(findings.map((finding) => [finding.ruleId, finding.region.start.line])).toEqual([
      ['volume-mount-undefined', 13],
      ['volume-mount-undefined', 27],
    ]);
  });
  it('leaves bytes (!!binary) as they are: they cannot be frozen', () => {
    const rules = builtinRules.map((rule) => ({ rule, severity: 'error' as const, options: {} }));
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {x: !!binary aGVsbG8=}\nspec:\n  containers:\n    - name: app\n      image: nginx\n      env: [{name: A, value: !!binary aGVsbG8=}]\n';
    const findings = lintText('b.yaml', text, { rules, kubernetesVersion: DEFAULT_KUBE_VERSION });
    expect(findings.map((finding) => [finding.ruleId, finding.region.start.line, finding.region.start.column])).toEqual([['pod-spec-schema', 10, 23]]);
  });
});

describe('a plugin that throws something that is not an Error (R10)', () => {
  it('is an internal error naming the rule, and the report is written', () => {
    const dir = tempTree({
      '.sidecar-lint.yaml': 'plugins: [./w.mjs]\n',
      'w.mjs': "export default { name: 'w', rules: [{ meta: { id: 'b', description: 'd', severity: 'error', messages: { m: 'x' } }, check() { throw Object.create(null); } }] };\n",
      'm.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n',
    });
    const expected = `Pod/p: rule w/b from plugin "w" failed on this pod spec (an object that is not an Error); ${ADVICE}`;
    const json = runCli(['--format', 'json', 'm.yaml'], { cwd: dir });
    expect(json.stderr).toBe('');
    expect(json.status).toBe(2);
    expect(messagesOf(json.stdout)).toMatchObject([{ ruleId: 'internal-error', line: 5, column: 1, message: expected }]);
    const text = runCli(['--format', 'compact', 'm.yaml'], { cwd: dir });
    expect(text.stderr).toBe('');
    expect(text.status).toBe(2);
    expect(text.stdout).toContain(`m.yaml:5:1  error    ${expected}  internal-error\n`);
  });

  it('while loading is a configuration error naming the plugin (exit 2)', () => {
    const dir = tempTree({
      '.sidecar-lint.yaml': 'plugins: [./w.mjs]\n',
      'w.mjs': 'throw Object.create(null);\n',
      'm.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n',
    });
    const result = runCli(['m.yaml'], { cwd: dir });
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`sidecar-lint: invalid config .sidecar-lint.yaml: plugins[0] (./w.mjs): cannot load ${dir}/w.mjs: an object that is not an Error\n`);
    expect(result.status).toBe(2);
  });

  it('describes any thrown value without throwing', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const values: unknown[] = [
      new TypeError('boom'),
      'plain text',
      42,
      undefined,
      null,
      Symbol('s'),
      Object.create(null),
      { toString: () => 'custom' },
      { toString: () => { throw new Error('no'); } },
      { [Symbol.toPrimitive]: () => ({}) },
      revoked.proxy,
      Object.assign(new Error(''), { name: 'EmptyError' }),
    ];
    expect(values.map(describeThrown)).toEqual([
      'boom',
      'plain text',
      '42',
      'undefined',
      'null',
      'Symbol(s)',
      'an object that is not an Error',
      'custom',
      'an object that is not an Error',
      'an object that is not an Error',
      'an object that is not an Error',
      'EmptyError',
    ]);
  });
});
