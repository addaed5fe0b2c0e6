/** The built binary, run as a user runs it: output and exit codes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempTree } from './helpers/cli.js';
import { BAD_POD, WARNING_POD } from './helpers/manifests.js';

const GOOD_POD = readFileSync(join(ROOT, 'fixtures/examples/log-shipping-native-sidecar.yaml'), 'utf8');
const ESC = String.fromCharCode(27);

describe('sidecar-lint fixtures/examples/', () => {
  const result = runCli(['fixtures/examples/']);

  it('exits 1 and prints each file once, then its findings as line:column (aligned)  severity  message  rule-id', () => {
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('\n\nfixtures/examples/bad-job.yaml\n  14:11  error    Job/nightly-report: init container "wait-for-db" sets readinessProbe');
    expect(result.stdout).toMatch(/^  28:15  warning  Deployment\/api: .* shared-volume-unshared$/m);
    expect(result.stdout).toContain('\n\nfixtures/examples/bad-pod-spec.yaml\n  13:7   error    Deployment/checkout: ');
    expect(result.stdout.split('\n').filter((line) => line === 'fixtures/examples/bad-job.yaml')).toHaveLength(1);
    // With --format compact every line carries its clickable file:line:column.
    expect(runCli(['--format', 'compact', 'fixtures/examples/']).stdout).toContain('\nfixtures/examples/bad-job.yaml:14:11  error    Job/nightly-report: init container "wait-for-db" sets readinessProbe');
    expect(result.stdout).toMatch(/\n\n✖ 31 problems \(14 errors, 17 warnings\) in 5 files of 8 files checked\.\n  7 problems can be fixed with --fix \(--fix-dry-run shows how\)\.\n$/);
  });

  it('prints no colour when stdout is not a terminal', () => {
    expect(result.stdout).not.toContain(ESC);
    expect(runCli(['--color', 'fixtures/examples/']).stdout).toContain(`${ESC}[31m`);
    expect(runCli(['fixtures/examples/'], { env: { NO_COLOR: '1' } }).stdout).not.toContain(ESC);
  });
});

describe('inputs', () => {
  it('exits 0 on a clean file', () => {
    const dir = tempTree({ 'pod.yaml': GOOD_POD });
    const result = runCli(['pod.yaml'], { cwd: dir });
    expect(result).toMatchObject({ status: 0, stdout: 'No problems found (1 file checked).\n' });
  });

  it('reads stdin for -', () => {
    const result = runCli(['-'], { input: BAD_POD });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('<stdin>\n  10:11  error    Pod/broken: container "app" mounts volume "logs"');
  });

  it('walks folders for .yaml, .yml and .json, skipping node_modules; explicit files are read whatever their name', () => {
    const dir = tempTree({ 'a.yml': BAD_POD, 'b.txt': BAD_POD, 'c.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { containers: [{ name: 'a', image: 'a', volumeMounts: [{ name: 'x', mountPath: '/x' }] }] } }) });
    const folder = runCli(['.', '--format', 'json'], { cwd: dir });
    const files = (JSON.parse(folder.stdout) as { filePath: string }[]).map((file) => file.filePath);
    expect(files).toEqual(['a.yml', 'c.json']);
    const explicit = runCli(['b.txt'], { cwd: dir });
    expect(explicit.stdout).toContain('b.txt\n  10:11  error');
  });

  it('reports a path that cannot be read with exit 2 in the report itself, and still lints the rest', () => {
    const dir = tempTree({ 'bad.yaml': BAD_POD });
    const result = runCli(['missing.yaml', 'bad.yaml'], { cwd: dir });
    expect(result.status).toBe(2);
    // In the report, once: not on stderr as well.
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('bad.yaml\n  10:11  error');
    expect(result.stdout.endsWith('\n\nNot read:\n  error    missing.yaml: cannot read: no such file or directory\n\n✖ 1 problem (1 error, 0 warnings) in 1 file of 1 file checked; 1 path could not be read.\n')).toBe(true);
    // Nothing read at all is no success either.
    expect(runCli(['nope/'], { cwd: dir })).toEqual({
      status: 2,
      stdout: 'Not read:\n  error    nope/: cannot read: no such file or directory\n\n✖ 1 path could not be read; no problems found in the 0 files checked.\n',
      stderr: '',
    });
  });

  it('never lints sidecar-lint\'s own config file as a manifest: a walk skips it, a name given is left out with a notice', () => {
    // A config that does not load is one error (the config's), not a second one as a manifest.
    const dir = tempTree({ 'deploy/.sidecar-lint.yaml': 'rules: [not, a, map]\n', 'deploy/pod.yaml': BAD_POD, 'deploy/.sidecar-lint.json': '{}\n' });
    const walked = runCli(['--format', 'json', 'deploy'], { cwd: dir });
    expect(walked.stderr).toBe('');
    expect((JSON.parse(walked.stdout) as { filePath: string }[]).map((file) => file.filePath)).toEqual(['deploy/pod.yaml']);
    // pre-commit names every staged YAML file.
    const named = runCli(['--format', 'compact', 'deploy/.sidecar-lint.yaml', 'deploy/pod.yaml'], { cwd: dir });
    expect(named.stderr).toBe("sidecar-lint: deploy/.sidecar-lint.yaml is sidecar-lint's configuration, not a manifest: not linted\n");
    expect(named.stdout.split('\n').filter(Boolean).map((line) => line.split(':')[0])).toEqual(['deploy/pod.yaml']);
    expect(runCli(['pod.yaml'], { cwd: join(dir, 'deploy') })).toMatchObject({ status: 2, stdout: '' });
  });

  it('turns an unrendered Helm template into a parse-error finding, not a crash', () => {
    const dir = tempTree({ 'chart.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n  labels: {{- include "labels" . | nindent 4 }}\n' });
    const result = runCli(['chart.yaml'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^chart\.yaml\n  \d+:\d+  error    YAML syntax error: .* parse-error$/m);
    expect(result.stderr).toBe('');
  });
});

describe('JSON format', () => {
  it('is ESLint-compatible, with object and container on each message', () => {
    const result = runCli(['--format', 'json', '-'], { input: BAD_POD });
    expect(result.status).toBe(1);
    const parsed = JSON.parse(result.stdout) as unknown;
    expect(parsed).toEqual([
      {
        filePath: '<stdin>',
        messages: [
          {
            ruleId: 'volume-mount-undefined',
            severity: 2,
            message: expect.stringContaining('container "app" mounts volume "logs"') as unknown,
            line: 10,
            column: 11,
            endLine: 10,
            endColumn: 21,
            object: { kind: 'Pod', name: 'broken', apiVersion: 'v1' },
            container: 'app',
            path: 'spec.containers[0].volumeMounts[0].name',
          },
        ],
        errorCount: 1,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
    ]);
  });

  it('holds a path that cannot be read as an entry of its own: one fatal read-error message at line 0', () => {
    const result = runCli(['--format', 'json', 'gone/', '-'], { input: BAD_POD });
    expect(result.status).toBe(2);
    const files = JSON.parse(result.stdout) as { filePath: string }[];
    expect(files.map((file) => file.filePath)).toEqual(['<stdin>', 'gone/']);
    expect(files[1]).toEqual({
      filePath: 'gone/',
      messages: [{ ruleId: 'read-error', severity: 2, message: 'cannot read: no such file or directory', line: 0, column: 0, fatal: true }],
      errorCount: 1,
      fatalErrorCount: 1,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    });
    expect(result.stderr).toBe('sidecar-lint: gone/: cannot read: no such file or directory\n');
  });
});

describe('options and exit codes', () => {
  it('--max-warnings turns too many warnings into exit 1; --quiet shows errors only', () => {
    expect(runCli(['-'], { input: WARNING_POD }).status).toBe(0);
    const strict = runCli(['--max-warnings', '0', '-'], { input: WARNING_POD });
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('1 warnings exceed --max-warnings 0');
    const quiet = runCli(['--quiet', '-'], { input: WARNING_POD });
    expect(quiet).toMatchObject({ status: 0, stdout: 'No problems found (1 file checked).\n' });
  });

  it('exits 2 with a message and no stack trace on usage errors', () => {
    // No arguments at all lints . (test/cli-eslint.test.ts): not a usage error any more.
    for (const args of [['--format', 'xml', '.'], ['--bogus'], ['--max-warnings', 'many', '.'], ['--kube-version', 'latest', '.']]) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^sidecar-lint: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('prints --version, --help and --list-rules', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(runCli(['--version'])).toMatchObject({ status: 0, stdout: `${version.version}\n` });
    const help = runCli(['--help']).stdout;
    expect(help).toMatch(/^Usage: sidecar-lint/);
    expect(help).toContain('--report-unused-suppressions');
    const rules = runCli(['--list-rules']);
    expect(rules.status).toBe(0);
    expect(rules.stdout).toMatch(/^RULE +SEVERITY +VERSION-AWARE +DESCRIPTION\n/);
    expect(rules.stdout).toMatch(/^volume-mount-undefined +error +no +Disallow volume mounts that name no volume of the pod$/m);
  });
});

describe('configuration', () => {
  it('turns rules off and changes severities from .sidecar-lint.yaml found upward', () => {
    const dir = tempTree({
      '.sidecar-lint.yaml': 'rules:\n  volume-mount-undefined: warning\n  setup-in-init-container: off\n',
      'pod.yaml': BAD_POD + '---\n' + WARNING_POD,
    });
    const result = runCli(['pod.yaml', '--format', 'json'], { cwd: dir });
    const [file] = JSON.parse(result.stdout) as { messages: { ruleId: string; severity: number }[] }[];
    expect(file?.messages.map((message) => [message.ruleId, message.severity])).toEqual([['volume-mount-undefined', 1]]);
    expect(result.status).toBe(0);
  });

  it('exits 2 naming the file, the key path and what was expected', () => {
    const cases: [string, RegExp][] = [
      ['rules:\n  volume-mount-undefined: loud\n', /invalid config \.sidecar-lint\.yaml: rules\.volume-mount-undefined: "loud" is not a severity: use off, warn\/warning or error \(or 0, 1, 2\)$/m],
      ['rules:\n  no-such-rule: error\n', /rules\.no-such-rule: unknown rule "no-such-rule"/],
      ['rulez: {}\n', /invalid config \.sidecar-lint\.yaml: \(top level\): unknown key "rulez"/],
      ['rules: [oops\n', /\.sidecar-lint\.yaml:\d+:\d+: YAML syntax error/],
      ['rules:\n  volume-mount-undefined: [error, { max: 1 }]\n', /rules\.volume-mount-undefined\[1\]: rule volume-mount-undefined takes no options/],
    ];
    for (const [config, message] of cases) {
      const dir = tempTree({ '.sidecar-lint.yaml': config, 'pod.yaml': GOOD_POD });
      const result = runCli(['pod.yaml'], { cwd: dir });
      expect(result.status, config).toBe(2);
      expect(result.stderr, config).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('reads --config FILE and reports a missing one', () => {
    const dir = tempTree({ 'custom.yaml': 'rules:\n  volume-mount-undefined: off\n', 'pod.yaml': BAD_POD });
    expect(runCli(['--config', 'custom.yaml', 'pod.yaml'], { cwd: dir }).status).toBe(0);
    const missing = runCli(['--config', 'nope.yaml', 'pod.yaml'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read config file .*nope\.yaml: ENOENT/);
  });
});

describe('suppression by annotation', () => {
  it('honours sidecar-lint.io/ignore on the object and on the pod template, and per container', () => {
    const suppressed = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: a
  annotations:
    sidecar-lint.io/ignore: "volume-mount-undefined"
spec:
  template:
    metadata:
      annotations:
        sidecar-lint.io/ignore.setup: setup-in-init-container
    spec:
      containers:
        - name: app
          image: nginx
          volumeMounts: [{ name: nope, mountPath: /x }]
        - name: setup
          image: busybox
          command: ["cp", "/a", "/b"]
        - name: other
          image: busybox
          command: ["cp", "/a", "/b"]
`;
    const result = runCli(['--format', 'json', '-'], { input: suppressed });
    const [file] = JSON.parse(result.stdout) as { messages: { ruleId: string; container?: string }[] }[];
    expect(file?.messages.map((message) => `${message.ruleId}:${message.container}`)).toEqual(['setup-in-init-container:other']);
    const all = runCli(['-'], { input: suppressed.replace('"volume-mount-undefined"', 'all').replace('.setup: setup-in-init-container', ': all') });
    expect(all.status).toBe(0);
  });
});

describe('suppression comments and --report-unused-suppressions', () => {
  const commented = BAD_POD.replace(
    '        - name: logs\n',
    '        # sidecar-lint-disable-next-line volume-mount-undefined, setup-in-init-container -- volume added by a webhook\n        - name: logs\n',
  );

  it('hides the finding on the next line', () => {
    expect(runCli(['-'], { input: commented })).toMatchObject({ status: 0, stdout: 'No problems found (1 file checked).\n' });
  });

  it('warns at each listed id that suppressed nothing, with rule id unused-suppression', () => {
    const result = runCli(['--report-unused-suppressions', '-'], { input: commented });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      '<stdin>\n  10:66  warning  sidecar-lint-disable-next-line lists "setup-in-init-container", but it suppressed no setup-in-init-container finding on line 11; remove "setup-in-init-container" from the comment.  unused-suppression\n\n⚠ 1 problem (0 errors, 1 warning) in 1 file of 1 file checked.\n',
    );
    expect(runCli(['--report-unused-suppressions', '--max-warnings', '0', '-'], { input: commented }).status).toBe(1);
  });
});

describe('configuration: extends and ignore', () => {
  it('accepts extends: strict and lists the configured severities', () => {
    const dir = tempTree({ '.sidecar-lint.yaml': 'extends: strict\nrules:\n  setup-in-init-container: error\n' });
    const result = runCli(['--list-rules'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^setup-in-init-container +error +yes +Prefer init containers/m);
    const bad = runCli(['--list-rules'], { cwd: tempTree({ '.sidecar-lint.yaml': 'extends: loose\n' }) });
    expect(bad).toMatchObject({ status: 2, stderr: 'sidecar-lint: invalid config .sidecar-lint.yaml: extends: must be one of recommended, strict\n' });
  });

  it('skips files by path glob relative to the config folder, and drops findings by kind, name and namespace', () => {
    const dir = tempTree({
      'deploy/.sidecar-lint.yaml': [
        'ignore:',
        '  - path: "charts/**/templates/*.yaml"',
        '  - { kind: Deployment }',
        '  - { name: "legacy-*", namespace: kube-system, rules: [volume-mount-undefined] }',
        '',
      ].join('\n'),
      'deploy/charts/web/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n',
      'deploy/legacy.yaml': BAD_POD.replace('name: broken', 'name: legacy-api\n  namespace: kube-system'),
      'deploy/other.yaml': BAD_POD.replace('name: broken', 'name: legacy-api\n  namespace: default'),
      'deploy/deploy.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\nspec:\n  template:\n    spec:\n      containers: [{ name: a, image: a, volumeMounts: [{ name: x, mountPath: /x }] }]\n`,
    });
    const result = runCli(['--config', 'deploy/.sidecar-lint.yaml', 'deploy', '--format', 'json'], { cwd: dir });
    const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    expect(files.map((file) => [file.filePath, file.messages.map((message) => `${message.ruleId}@${message.line}`)])).toEqual([
      ['deploy/deploy.yaml', []],
      ['deploy/legacy.yaml', []],
      ['deploy/other.yaml', ['volume-mount-undefined@11']],
    ]);
    expect(result.status).toBe(1);
  });

  it('names the rule meant when an id is mistyped: rules:, ignore:, --fix-rule', () => {
    const dir = tempTree({ 'pod.yaml': GOOD_POD, 'a.yaml': 'rules:\n  volume-mount-undefind: off\n', 'b.yaml': 'ignore:\n  - { kind: Pod, rules: [sidecar-resource] }\n' });
    expect(runCli(['--config', 'a.yaml', 'pod.yaml'], { cwd: dir })).toMatchObject({
      status: 2,
      stderr: 'sidecar-lint: invalid config a.yaml: rules.volume-mount-undefind: unknown rule "volume-mount-undefind" (did you mean "volume-mount-undefined"?)\n',
    });
    expect(runCli(['--config', 'b.yaml', 'pod.yaml'], { cwd: dir })).toMatchObject({
      status: 2,
      stderr: 'sidecar-lint: invalid config b.yaml: ignore[0].rules[0]: unknown rule "sidecar-resource" (did you mean "sidecar-resources"?)\n',
    });
    // A prefix of a fixable rule's id, too; a name far from every rule gets the list instead.
    expect(runCli(['--fix', '--fix-rule', 'tail-follow', 'pod.yaml'], { cwd: dir })).toMatchObject({
      status: 2,
      stderr: 'sidecar-lint: --fix-rule tail-follow: no such rule (did you mean "tail-follow-by-name"?). Run sidecar-lint --list-rules to see them.\n',
    });
    expect(runCli(['--fix', '--fix-rule', 'nothing-like-it', 'pod.yaml'], { cwd: dir }).stderr).toBe('sidecar-lint: --fix-rule nothing-like-it: no such rule. Run sidecar-lint --list-rules to see them.\n');
  });

  it('exits 2 naming the ignore entry at fault', () => {
    const dir = tempTree({ '.sidecar-lint.yaml': 'ignore:\n  - { kind: Pod, rules: [no-such-rule] }\n', 'pod.yaml': GOOD_POD });
    expect(runCli(['pod.yaml'], { cwd: dir })).toMatchObject({
      status: 2,
      stderr: 'sidecar-lint: invalid config .sidecar-lint.yaml: ignore[0].rules[0]: unknown rule "no-such-rule" (run sidecar-lint --list-rules)\n',
    });
  });
});
