/**
 * What the one reader of record reads as the API server does, where the earlier readers did not
 * (cases from ../shared/repro/, written again as fixtures of our own).
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { lintText } from '../src/engine/lint.js';
import { loadSource } from '../src/load/source.js';

async function lint(text: string) {
  const config = await resolveConfig({}, builtinRules, {});
  return lintText('pod.yaml', text, { rules: config.rules, kubernetesVersion: config.kubernetesVersion }).map(
    (finding) => `${finding.ruleId}@${finding.region.start.line}:${finding.region.start.column} ${finding.object?.name ?? ''}`,
  );
}

describe('__proto__, constructor and prototype are ordinary keys', () => {
  it('a __proto__ key under spec holds no containers of the pod (the API server reads no containers there)', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  "__proto__":\n    containers:\n      - name: Bad_Name\n        image: nginx\n';
    const source = loadSource('pod.yaml', text);
    const spec = source.objects[0]?.value.spec as Record<string, unknown>;
    expect(Object.keys(spec)).toEqual(['__proto__']);
    expect(spec.containers).toBeUndefined();
    expect(await lint(text)).toEqual(await lint(text.replace('image: nginx\n', 'image: nginx\n  tab: "\t"\n')));
  });

  it('a __proto__ key under metadata does not name the pod', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  "__proto__":\n    name: spoofed\n    namespace: kube-system\nspec:\n  containers:\n    - name: Bad_Name\n      image: nginx\n';
    const source = loadSource('pod.yaml', text);
    expect(source.objects[0]?.ref).toEqual({ apiVersion: 'v1', kind: 'Pod', name: '' });
    expect(await lint(text)).toEqual(['container-name-invalid@9:7 ']);
  });

  it('constructor and prototype are keys like any other, and no mapping inherits a field', () => {
    const source = loadSource('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  constructor: a\n  prototype: b\n');
    const value = source.objects[0]?.value as Record<string, Record<string, unknown>>;
    expect(value.data).toEqual({ constructor: 'a', prototype: 'b' });
    expect(value.metadata?.constructor).toBeUndefined();
    expect(value.metadata?.hasOwnProperty).toBeUndefined();
    expect(String(value.metadata)).toBe('[object Object]');
  });
});

describe('scalars as go-yaml v2 reads them', () => {
  it('a no-break space pasted after a container name is part of the name', async () => {
    expect(await lint('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\u00a0\n    image: nginx\n')).toEqual(['container-name-invalid@7:5 web']);
  });

  it('YAML 1.1: 0644 is octal, yes and on are true, 1_000 is 1000, 1e3 a float, 1:30 and dates are strings', () => {
    const source = loadSource('cm.yaml', 'apiVersion: v1\nkind: List\nitems: []\nx: [0644, yes, on, y, No, 1_000, 1e3, 0x1F, 0o17, 0b101, 08, ~, 1:30, 2024-01-01, "0644"]\n');
    expect(source.problems).toEqual([]);
    const parsed = loadSource('a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x: [0644, yes, on, y, No, 1_000, 1e3, 0x1F, 0o17, 0b101, 08, ~, 1:30, 2024-01-01, "0644"]}\n');
    const data = parsed.objects[0]?.value.data as Record<string, unknown>;
    expect(data.x).toEqual([420, true, true, true, false, 1000, 1000, 31, 15, 5, 8, null, '1:30', '2024-01-01', '0644']);
  });
});

describe('YAML that Kubernetes accepts', () => {
  it('a double-quoted string whose continuation lines are indented less than its key (Argo examples write args so)', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: sidecar',
      'spec:',
      '  containers:',
      '    - name: main',
      '      image: alpine:3.20',
      '      command: [sh, -c]',
      '      args: ["',
      '  apk update &&',
      '  apk add curl &&',
      '  until curl -XPOST localhost:8086/query ; do sleep .5; done',
      '  "]',
      '',
    ].join('\n');
    const source = loadSource('pod.yaml', text);
    expect(source.problems).toEqual([]);
    const container = (source.objects[0]?.value.spec as { containers: { args: string[] }[] }).containers[0];
    expect(container?.args).toEqual([' apk update && apk add curl && until curl -XPOST localhost:8086/query ; do sleep .5; done ']);
  });
});

describe('what js-yaml itself fails on is a finding, never a crash', () => {
  it('an empty !!binary scalar', async () => {
    expect(await lint('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  k: !!binary\n---\nx: !!binary \r0x1F\n')).toEqual(['parse-error@8:1 ']);
  });
});

describe('where js-yaml 4 misreads, js-yaml 5 reads as libyaml and go-yaml do', () => {
  const pod = (mounts: string) =>
    ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', 'spec:', '  containers:', '    - name: app', '      image: nginx', '      volumeMounts:', mounts, '    - name: log-shipper', '      image: busybox', ''].join('\n');
  const containers = (text: string) => {
    const source = loadSource('pod.yaml', text);
    expect(source.problems).toEqual([]);
    return (source.objects[0]?.value.spec as { containers: { name: string; volumeMounts?: unknown[] }[] }).containers.map((container) => [container.name, container.volumeMounts]);
  };

  it('an emptied volume mount item (`- #…`) leaves the next container a container, not a mount', () => {
    expect(containers(pod('        - # name: cache, for later'))).toEqual([
      ['app', [null]],
      ['log-shipper', undefined],
    ]);
    expect(containers(pod('        -'))).toEqual([
      ['app', [null]],
      ['log-shipper', undefined],
    ]);
  });

  it('with an Argo-style quoted string in the same document, js-yaml 4 reads it (js-yaml 5 refuses the indentation)', () => {
    const text = pod('        -').replace('      image: nginx', '      image: nginx\n      args: ["\n  echo a\n  "]');
    expect(loadSource('pod.yaml', text).problems).toEqual([]);
  });

  it('`---apiVersion: v1` is a key, not a document marker: no object, no error', () => {
    const source = loadSource('svc.yaml', '---apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n');
    expect(source.problems).toEqual([]);
    expect(source.objects).toEqual([]);
  });

  it('read by js-yaml 5, scalars are still go-yaml\'s and __proto__ still an ordinary key', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  __proto__: {polluted: true}\n  x: [0644, yes, on, 1_000, 1e3, 1:30, 2024-01-01, "0644", ~]\nitems:\n  -\n';
    const source = loadSource('cm.yaml', text);
    expect(source.problems).toEqual([]);
    const data = source.objects[0]?.value.data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(['__proto__', 'x']);
    expect((data as { polluted?: unknown }).polluted).toBeUndefined();
    expect(data.x).toEqual([420, true, true, 1000, 1000, '1:30', '2024-01-01', '0644', null]);
  });

  it('a sequence on a `---` line is a syntax error, as libyaml says', () => {
    const source = loadSource('list.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n--- - a\n');
    expect(source.problems.map((problem) => [problem.ruleId, problem.region.start.line])).toEqual([['parse-error', 4]]);
  });
});

describe('where no YAML library here reads what libyaml reads, the message says what to write', () => {
  it('a lone - in a flow sequence (kubectl apply -f -): a parse error at the dash that says to quote it', () => {
    const source = loadSource('job.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: apply\n      image: kubectl\n      args: [apply, -f, -]\n');
    expect(source.problems.map((problem) => [problem.ruleId, problem.region.start.line, problem.region.start.column, problem.message])).toEqual([
      ['parse-error', 8, 25, 'YAML syntax error: a lone - in a flow collection ([ ] or { }) is not a YAML value, though the API server reads it as the string "-": quote it ("-")'],
    ]);
  });
});
