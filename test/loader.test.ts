import { describe, expect, it } from 'vitest';
import { containersOf } from '../src/model/containers.js';
import { parsePath } from '../src/load/field-path.js';
import { loadSource } from '../src/load/source.js';
import { podSpecsOf } from '../src/load/workloads.js';

function at(text: string, documentIndex: number, path: string) {
  const source = loadSource('t.yaml', text);
  const { region, exact } = source.resolve(documentIndex, parsePath(path));
  return { line: region.start.line, column: region.start.column, endLine: region.end.line, endColumn: region.end.column, exact };
}

function specPaths(text: string): string[] {
  return loadSource('t.yaml', text).objects.flatMap((object) =>
    podSpecsOf(object.value, object.ref.kind).map((found) => `${object.ref.kind}:${[...object.pathPrefix, ...found.path].join('.')}`),
  );
}

const template = (kind: string, apiVersion = 'apps/v1') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: { name: x }
spec:
  template:
    spec:
      containers: [{ name: app, image: app }]
`;

describe('pod spec discovery', () => {
  it.each([
    ['Deployment'],
    ['StatefulSet'],
    ['DaemonSet'],
    ['ReplicaSet'],
    ['ReplicationController'],
    ['Job'],
  ])('finds the template of a %s', (kind) => {
    expect(specPaths(template(kind))).toEqual([`${kind}:spec.template.spec`]);
  });

  it('finds Pod, PodTemplate and CronJob specs', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec: { containers: [{ name: a, image: a }] }
---
apiVersion: v1
kind: PodTemplate
metadata: { name: t }
template:
  spec: { containers: [{ name: a, image: a }] }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: c }
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec: { containers: [{ name: a, image: a }] }
`;
    expect(specPaths(text)).toEqual([
      'Pod:spec',
      'PodTemplate:template.spec',
      'CronJob:spec.jobTemplate.spec.template.spec',
    ]);
  });

  it('finds pod templates of other kinds in the same shape (Argo Rollout, DeploymentConfig)', () => {
    expect(specPaths(template('Rollout', 'argoproj.io/v1alpha1'))).toEqual(['Rollout:spec.template.spec']);
    expect(specPaths(template('DeploymentConfig', 'apps.openshift.io/v1'))).toEqual(['DeploymentConfig:spec.template.spec']);
  });

  it('expands kind: List items with their path prefix', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: cm }
  - apiVersion: v1
    kind: Pod
    metadata: { name: p }
    spec:
      containers:
        - name: a
          image: a
`;
    expect(specPaths(text)).toEqual(['Pod:items.1.spec']);
    expect(at(text, 0, 'items[1].spec.containers[0].image')).toMatchObject({ line: 13, column: 11, exact: true });
  });

  it('skips documents that are not Kubernetes objects, silently', () => {
    const text = `name: CI
on: [push]
jobs: { build: { runs-on: ubuntu-latest } }
---
replicaCount: 2
image: { repository: nginx }
---
# only a comment
---
- just
- a list
`;
    const source = loadSource('t.yaml', text);
    expect(source.objects).toEqual([]);
    expect(source.problems).toEqual([]);
  });
});

describe('positions', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          volumeMounts:
            - name: logs
              mountPath: /var/log
`;

  it('turns a field path into the 1-based line and column of its key', () => {
    expect(at(deployment, 0, 'spec.template.spec.containers[0].volumeMounts[0].name')).toEqual({
      line: 12,
      column: 15,
      endLine: 12,
      endColumn: 25,
      exact: true,
    });
  });

  it('points a sequence item at the item', () => {
    expect(at(deployment, 0, 'spec.template.spec.containers[0]')).toMatchObject({ line: 9, column: 11, endLine: 13, endColumn: 34 });
  });

  it('falls back to the closest existing ancestor for a missing path', () => {
    expect(at(deployment, 0, 'spec.template.spec.containers[0].resources.limits')).toMatchObject({ line: 9, column: 11, exact: false });
  });

  it('counts lines across documents of one stream', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\n${deployment}`;
    expect(at(text, 1, 'spec.template.spec.containers[0].image')).toMatchObject({ line: 14, column: 11 });
  });

  it('reads flow-style YAML and JSON', () => {
    const flow = `{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: a, image: b}]}}`;
    expect(at(flow, 0, 'spec.containers[0].image')).toMatchObject({ line: 1, column: 80 });
    const json = `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "p" },
  "spec": { "containers": [ { "name": "a", "image": "b" } ] }
}`;
    const source = loadSource('p.json', json);
    expect(source.objects.map((object) => object.ref)).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: 'p' }]);
    expect(at(json, 0, 'spec.containers[0].image')).toMatchObject({ line: 5, column: 44 });
  });

  it('follows anchors, aliases and merge keys to where the value is written', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - &base
      name: app
      image: app:1
      volumeMounts:
        - name: logs
          mountPath: /logs
    - <<: *base
      name: second
`;
    const source = loadSource('t.yaml', text);
    const pod = source.objects[0]?.value as { spec: { containers: { name: string; image: string }[] } };
    expect(pod.spec.containers[1]).toMatchObject({ name: 'second', image: 'app:1' });
    expect(at(text, 0, 'spec.containers[1].name')).toMatchObject({ line: 13, column: 7, exact: true });
    expect(at(text, 0, 'spec.containers[1].volumeMounts[0].name')).toMatchObject({ line: 10, column: 11, exact: true });
  });
});

describe('YAML as the API server reads it (1.1)', () => {
  it('reads 0644 as octal and yes as true', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  automountServiceAccountToken: yes
  containers: [{ name: a, image: b }]
  volumes:
    - name: c
      configMap: { name: c, defaultMode: 0644 }
`;
    const value = loadSource('t.yaml', text).objects[0]?.value as { spec: Record<string, unknown> };
    expect(value.spec.automountServiceAccountToken).toBe(true);
    expect((value.spec.volumes as { configMap: { defaultMode: number } }[])[0]?.configMap.defaultMode).toBe(420);
  });

  it('keeps 1:30 and unquoted dates strings, as kubectl does (no base-60 numbers, no timestamps)', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nenv: [{ name: A, value: 1:30 }, { name: B, value: 2024-05-01 }, { name: C, value: 0x1F }]\n`;
    const value = loadSource('t.yaml', text).objects[0]?.value as { env: { value: unknown }[] } | undefined;
    expect(value?.env.map((item) => item.value)).toEqual(['1:30', '2024-05-01', 31]);
  });
});

describe('parse errors', () => {
  it('reports each broken document once, with its position, and still reads the others', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: { name: ok }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Values.name }}
  labels: [broken
---
apiVersion: v1
kind: Pod
metadata: { name: p }
spec: { containers: [{ name: a, image: b }] }
`;
    const source = loadSource('t.yaml', text);
    expect(source.problems).toHaveLength(1);
    expect(source.problems[0]).toMatchObject({ ruleId: 'parse-error', severity: 'error', documentIndex: 1 });
    expect(source.problems[0]?.region.start.line).toBeGreaterThanOrEqual(8);
    expect(source.problems[0]?.region.start.line).toBeLessThanOrEqual(10);
    expect(source.objects.map((object) => object.ref.name)).toEqual(['ok', 'p']);
  });

  it('reports duplicate keys, which kubectl would silently collapse', () => {
    const source = loadSource('t.yaml', 'apiVersion: v1\nkind: Pod\nkind: Service\n');
    expect(source.problems[0]).toMatchObject({ ruleId: 'parse-error', region: { start: { line: 3, column: 1 } } });
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('apiVersion: v1', 'kind: Pod');
    const source = loadSource('bomb.yaml', lines.join('\n'));
    expect(source.objects).toEqual([]);
    expect(source.problems[0]?.message).toMatch(/alias/);
  });
});

describe('container model', () => {
  it('gives each container its role, the reason, and its classic-sidecar look', () => {
    const spec = {
      initContainers: [
        { name: 'setup', image: 'busybox', command: ['cp', '/a', '/b'] },
        { name: 'proxy', image: 'envoyproxy/envoy:v1.31', restartPolicy: 'Always' },
      ],
      containers: [
        { name: 'app', image: 'example.com/app' },
        { name: 'shipper', image: 'busybox', args: ['sh', '-c', 'tail -F /logs/app.log'] },
      ],
      ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
    };
    const containers = containersOf(spec, ['spec']);
    expect(containers.map((info) => [info.name, info.role, info.classicSidecar?.category ?? '-'])).toEqual([
      ['setup', 'init', '-'],
      ['proxy', 'sidecar', '-'],
      ['app', 'app', '-'],
      ['shipper', 'app', 'logging'],
      ['debug', 'ephemeral', '-'],
    ]);
    expect(containers[1]?.roleReason).toMatch(/restartPolicy: Always/);
    expect(containers[1]?.helper?.product).toBe('Envoy');
    expect(containers[3]?.classicSidecar?.reason).toMatch(/tail -F/);
    expect(containers[0]?.lifetime.kind).toBe('one-shot');
    expect(containers[3]?.path).toEqual(['spec', 'containers', 1]);
  });

  it('does not call the only container of a log-shipping DaemonSet a sidecar', () => {
    const [only] = containersOf({ containers: [{ name: 'fluent-bit', image: 'fluent/fluent-bit:3' }] }, ['spec']);
    expect(only?.helper?.category).toBe('logging');
    expect(only?.classicSidecar).toBeUndefined();
  });
});
