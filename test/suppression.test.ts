/**
 * Suppression comments and unused-suppression reports, through the real engine: exact (rule, line, column).
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/config.js';
import { scanDirectives } from '../src/load/directives.js';
import { lintText } from '../src/engine/lint.js';
import { loadSource } from '../src/load/source.js';
import type { Finding } from '../src/types.js';

// Only the rules these manifests are written for: rules added later must not change the expectations.
const USED = new Set(['volume-mount-undefined', 'setup-in-init-container', 'shared-volume-unshared']);
const config = await resolveConfig(undefined, builtinRules.filter((rule) => USED.has(rule.meta.id)));

function lint(text: string, reportUnusedSuppressions = false): string[] {
  return lintText('test.yaml', text, { ...config, reportUnusedSuppressions }).map(key);
}

function key(finding: Finding): string {
  return `${finding.ruleId}@${finding.region.start.line}:${finding.region.start.column}`;
}

/** A pod with two findings on line 9 (undefined volume) and line 12 (setup step). */
function pod(name: string, before9 = '', before12 = '', head = ''): string {
  return `${head}apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  containers:
    - name: app
      image: nginx
      volumeMounts:
${before9}        - { name: nope, mountPath: /x }
    - name: setup
      image: busybox
${before12}      command: ["cp", "/a", "/b"]
`;
}

describe('sidecar-lint-disable-next-line', () => {
  it('hides the listed rules on the next line only', () => {
    expect(lint(pod('a'))).toEqual(['volume-mount-undefined@9:13', 'setup-in-init-container@12:7']);
    expect(lint(pod('a', '        # sidecar-lint-disable-next-line volume-mount-undefined\n'))).toEqual(['setup-in-init-container@13:7']);
    expect(lint(pod('a', '', '      # sidecar-lint-disable-next-line volume-mount-undefined\n'))).toEqual([
      'volume-mount-undefined@9:13',
      'setup-in-init-container@13:7',
    ]);
  });

  it('takes several ids separated by commas or spaces, every rule without ids, and a reason after --', () => {
    const twoIds = '      # sidecar-lint-disable-next-line volume-mount-undefined, setup-in-init-container\n';
    expect(lint(pod('a', '', twoIds))).toEqual(['volume-mount-undefined@9:13']);
    expect(lint(pod('a', '', '      # sidecar-lint-disable-next-line\n'))).toEqual(['volume-mount-undefined@9:13']);
    const reason = '      # sidecar-lint-disable-next-line setup-in-init-container -- copied once, on purpose\n';
    expect(lint(pod('a', '', reason))).toEqual(['volume-mount-undefined@9:13']);
  });

  it('skips blank lines and comment-only lines to find the next line', () => {
    const spaced = '      # sidecar-lint-disable-next-line setup-in-init-container\n\n      # why: legacy image\n';
    expect(lint(pod('a', '', spaced))).toEqual(['volume-mount-undefined@9:13']);
  });

  it('works as a trailing comment too', () => {
    const text = pod('a').replace('image: busybox\n', 'image: busybox # sidecar-lint-disable-next-line setup-in-init-container\n');
    expect(lint(text)).toEqual(['volume-mount-undefined@9:13']);
  });
});

describe('sidecar-lint-disable', () => {
  it('hides the listed rules from its line to the end of its YAML document, not in the next one', () => {
    const first = pod('a', '', '', '# sidecar-lint-disable setup-in-init-container\n');
    expect(lint(`${first}---\n${pod('b')}`)).toEqual([
      'volume-mount-undefined@10:13',
      'volume-mount-undefined@23:13',
      'setup-in-init-container@26:7',
    ]);
  });

  it('does not reach findings above it', () => {
    const text = pod('a').replace('    - name: setup\n', '    # sidecar-lint-disable\n    - name: setup\n');
    expect(lint(text)).toEqual(['volume-mount-undefined@9:13']);
  });

  it('without ids hides every rule; a comment between documents belongs to the document that follows', () => {
    const text = `${pod('a')}---\n# sidecar-lint-disable\n${pod('b')}`;
    expect(lint(text)).toEqual(['volume-mount-undefined@9:13', 'setup-in-init-container@12:7']);
    const afterEnd = `${pod('a')}...\n# sidecar-lint-disable\n---\n${pod('b')}`;
    expect(lint(afterEnd)).toEqual(['volume-mount-undefined@9:13', 'setup-in-init-container@12:7']);
    const aboveMarker = `${pod('a')}\n# sidecar-lint-disable\n# (the next document)\n---\n${pod('b')}`;
    expect(lint(aboveMarker)).toEqual(['volume-mount-undefined@9:13', 'setup-in-init-container@12:7']);
    const trailing = pod('a').replace('["cp", "/a", "/b"]', '["cp", "/a", "/b"] # sidecar-lint-disable');
    expect(lint(`${trailing}---\n${pod('b')}`)).toEqual(['volume-mount-undefined@9:13', 'volume-mount-undefined@22:13', 'setup-in-init-container@25:7']);
  });

  it('never hides a parse error', () => {
    expect(lint('# sidecar-lint-disable\nkind: [\n')).toEqual(['parse-error@3:1']);
  });
});

describe('what is not a directive', () => {
  it('ignores "#" inside block scalars and quoted strings', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: a
  annotations:
    note: "# sidecar-lint-disable"
    other: '# sidecar-lint-disable-next-line volume-mount-undefined'
spec:
  containers:
    - name: app
      image: nginx
      args:
        - |
          # sidecar-lint-disable-next-line volume-mount-undefined
          echo hi
      volumeMounts:
        - { name: nope, mountPath: /x }
`;
    expect(scanDirectives({ text, ...sourceParts(text) })).toEqual([]);
    expect(lint(text)).toEqual(['volume-mount-undefined@17:13']);
  });

  it('requires the directive word to end: sidecar-lint-disabled is no directive', () => {
    expect(lint(pod('a', '', '      # sidecar-lint-disabled setup-in-init-container\n'))).toHaveLength(2);
  });

  it('reports each directive with its document, the position of "#", its ids and their columns', () => {
    const text = 'a: 1 # sidecar-lint-disable-next-line x,y\n\nb: 2\n---\n  # sidecar-lint-disable\n';
    expect(scanDirectives({ text, ...sourceParts(text) })).toEqual([
      {
        kind: 'disable-next-line',
        documentIndex: 0,
        start: { line: 1, column: 6 },
        rules: [
          { id: 'x', column: 39 },
          { id: 'y', column: 41 },
        ],
        targetLine: 3,
      },
      { kind: 'disable', documentIndex: 1, start: { line: 5, column: 3 }, rules: [] },
    ]);
  });
});

function sourceParts(text: string) {
  const source = loadSource('x.yaml', text);
  const lines = text.split('\n');
  const starts = [0];
  for (const line of lines.slice(0, -1)) starts.push((starts.at(-1) ?? 0) + line.length + 1);
  return {
    lineText: (line: number) => source.lineText(line),
    lineCount: lines.length,
    position(offset: number) {
      let line = 0;
      while ((starts[line + 1] ?? Infinity) <= offset) line++;
      return { line: line + 1, column: offset - (starts[line] ?? 0) + 1 };
    },
  };
}

describe('--report-unused-suppressions (engine)', () => {
  it('reports a comment id that hid nothing at the id, and nothing when all were used', () => {
    const comment = '      # sidecar-lint-disable-next-line setup-in-init-container, volume-mount-undefined\n';
    expect(lint(pod('a', '', comment), true)).toEqual(['volume-mount-undefined@9:13', 'unused-suppression@12:65']);
    expect(lint(pod('a', '', '      # sidecar-lint-disable-next-line setup-in-init-container\n'), true)).toEqual(['volume-mount-undefined@9:13']);
  });

  it('reports a directive without ids that hid nothing at its "#", and only when asked', () => {
    const text = pod('a', '', '', '# sidecar-lint-disable-next-line\n');
    expect(lint(text, true)).toEqual(['unused-suppression@1:1', 'volume-mount-undefined@10:13', 'setup-in-init-container@13:7']);
    expect(lint(text, false)).toEqual(['volume-mount-undefined@10:13', 'setup-in-init-container@13:7']);
  });

  it('reports annotation entries that hid nothing at the annotation, per listed rule', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    sidecar-lint.io/ignore: "volume-mount-undefined, shared-volume-unshared"
spec:
  template:
    metadata:
      annotations:
        sidecar-lint.io/ignore.app: all
        sidecar-lint.io/ignore.setup: setup-in-init-container
    spec:
      containers:
        - name: app
          image: nginx
          volumeMounts: [{ name: nope, mountPath: /x }]
        - name: setup
          image: busybox
          command: ["cp", "/a", "/b"]
`;
    const findings = lintText('test.yaml', text, { ...config, reportUnusedSuppressions: true });
    expect(findings.map(key)).toEqual(['unused-suppression@6:5']);
    expect(findings[0]?.message).toBe(
      'Deployment/web: annotation sidecar-lint.io/ignore lists "shared-volume-unshared", but no shared-volume-unshared finding about this object was suppressed by it; remove "shared-volume-unshared" from it.',
    );
    const unusedForContainer = text.replace('ignore.app: all', 'ignore.app: setup-in-init-container');
    const second = lintText('test.yaml', unusedForContainer, { ...config, reportUnusedSuppressions: true });
    expect(second.map(key)).toEqual(['unused-suppression@6:5', 'unused-suppression@11:9']);
    expect(second[1]).toMatchObject({ container: 'app', object: { kind: 'Deployment', name: 'web' } });
    expect(second[1]?.message).toContain('no setup-in-init-container finding about container "app" was suppressed');
  });

  it('reports an ignore annotation that lists no rule, and one on an object without a pod spec', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: svc
      annotations: { sidecar-lint.io/ignore: all }
  - apiVersion: v1
    kind: Pod
    metadata:
      name: p
      annotations:
        sidecar-lint.io/ignore: " , "
    spec:
      containers: [{ name: app, image: nginx }]
`;
    const findings = lintText('test.yaml', text, { ...config, reportUnusedSuppressions: true });
    expect(findings.map(key)).toEqual(['unused-suppression@8:22', 'unused-suppression@14:9']);
    expect(findings.map((finding) => finding.message)).toEqual([
      'Service/svc: annotation sidecar-lint.io/ignore lists "all", but no finding about this object was suppressed by it; remove "all" from it.',
      'Pod/p: annotation sidecar-lint.io/ignore lists no rule, so it suppresses nothing; remove it.',
    ]);
  });

  it('counts a finding hidden by both an annotation and a comment as a use of each', () => {
    const text = pod('a', '', '      # sidecar-lint-disable-next-line setup-in-init-container\n').replace(
      'metadata: { name: a }',
      'metadata: { name: a, annotations: { sidecar-lint.io/ignore: setup-in-init-container } }',
    );
    expect(lint(text, true)).toEqual(['volume-mount-undefined@9:13']);
  });
});
