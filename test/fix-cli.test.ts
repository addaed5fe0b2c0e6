/** `--fix`, `--fix-dry-run`, `--rule`, `--fix-type` as a user runs them. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempTree } from './helpers/cli.js';

const fixture = (name: string) => readFileSync(join(ROOT, 'fixtures', 'fix', name), 'utf8');
const JOB = fixture('job-native-sidecar.yaml');
const JOB_FIXED = fixture('job-native-sidecar.fixed.yaml');
const CLEAN = fixture('job-native-sidecar.fixed.yaml');
const BOTH = fixture('several-fixes-one-pod.yaml');

describe('--fix', () => {
  it('writes only the files it fixes, reports what remains, and changes nothing the second time', () => {
    const dir = tempTree({ 'job.yaml': JOB, 'clean.yaml': CLEAN });
    const before = statSync(join(dir, 'clean.yaml'));
    const first = runCli(['--fix', '.'], { cwd: dir });
    // Other rules may still warn about the fixed file; the fixed finding is gone.
    expect(first.status).toBe(0);
    expect(first.stdout).not.toContain('job-sidecar-blocks-completion');
    expect(first.stderr).toBe('sidecar-lint: fixed 1 problem in 1 file.\n');
    expect(readFileSync(join(dir, 'job.yaml'), 'utf8')).toBe(JOB_FIXED);
    const after = statSync(join(dir, 'clean.yaml'));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);

    const second = runCli(['--fix', '.'], { cwd: dir });
    expect(second.stderr).toBe('sidecar-lint: fixed 0 problems in 0 files.\n');
    expect(readFileSync(join(dir, 'job.yaml'), 'utf8')).toBe(JOB_FIXED);
  });

  it('prints the fixed stdin document to stdout and the report to stderr', () => {
    const result = runCli(['--fix', '-f', 'json', '-'], { input: BOTH });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(fixture('several-fixes-one-pod.fixed.yaml'));
    const [summary, report] = [result.stderr.slice(0, result.stderr.indexOf('\n') + 1), result.stderr.slice(result.stderr.indexOf('\n') + 1)];
    expect(summary).toBe('sidecar-lint: fixed 3 problems in 1 file.\n');
    const [file] = JSON.parse(report) as { filePath: string; messages: { ruleId: string }[]; errorCount: number }[];
    expect(file).toMatchObject({ filePath: '<stdin>', errorCount: 0 });
    expect(file?.messages.filter((message) => /job-sidecar|setup-in-init/.test(message.ruleId))).toEqual([]);
    const plain = runCli(['-f', 'json', '-'], { input: BOTH });
    expect(JSON.parse(plain.stdout)).toMatchObject([{ errorCount: 2, fixableErrorCount: 2 }]);
    expect(runCli(['--fix', '-'], { input: CLEAN }).stdout).toBe(CLEAN);
  });

  it('writes files back in their own encoding: UTF-8 with a BOM, UTF-16', () => {
    const dir = tempTree({});
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JOB, 'utf8')]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JOB, 'utf16le')]);
    writeFileSync(join(dir, 'bom.yaml'), bom);
    writeFileSync(join(dir, 'utf16.yaml'), utf16);
    expect(runCli(['--fix', '.'], { cwd: dir }).stderr).toBe('sidecar-lint: fixed 2 problems in 2 files.\n');
    expect(readFileSync(join(dir, 'bom.yaml'))).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JOB_FIXED, 'utf8')]));
    expect(readFileSync(join(dir, 'utf16.yaml'))).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JOB_FIXED, 'utf16le')]));
  });

  it('keeps the finding and says why when a fix is refused', () => {
    const dir = tempTree({ 'job.yaml': fixture('anchor-guard.yaml') });
    const result = runCli(['--fix', 'job.yaml'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('job-sidecar-blocks-completion');
    expect(result.stderr).toMatch(/^sidecar-lint: job\.yaml:14:11: job-sidecar-blocks-completion not fixed automatically: the edited file would not (parse|read as plain values)\.$/m);
    expect(readFileSync(join(dir, 'job.yaml'), 'utf8')).toBe(fixture('anchor-guard.yaml'));
  });
});

describe('--fix-dry-run', () => {
  it('prints a unified diff, writes nothing, and reports what would remain on stderr', () => {
    const dir = tempTree({ 'job.yaml': JOB });
    const result = runCli(['--fix-dry-run', 'job.yaml'], { cwd: dir });
    expect(result.status).toBe(0);
    // The same text `patch -p1` applies to give fixtures/fix/job-native-sidecar.fixed.yaml.
    expect(result.stdout).toBe(
      [
        '--- a/job.yaml',
        '+++ b/job.yaml',
        '@@ -13,16 +13,10 @@',
        '     spec:',
        '       restartPolicy: Never',
        ' ',
        '-      # The report runs once; the shipper follows its log.',
        '-      containers:',
        '-        - name: report',
        "-          image: 'example.com/report:1.4'",
        '-          command: ["/bin/report", "--once"]',
        '-          volumeMounts:',
        '-            - name: logs',
        '-              mountPath: /var/log/report',
        '+      initContainers:',
        '         # Ships /var/log/report to the collector.',
        '         - name: log-shipper   # keep this comment',
        '+          restartPolicy: Always',
        '           image: "fluent/fluent-bit:3.0"',
        '           args:',
        '             - --config=/etc/fluent-bit/fluent-bit.conf',
        '@@ -29,6 +23,14 @@',
        '           volumeMounts:',
        '             - { name: logs, mountPath: /var/log/report, readOnly: true }',
        '           # end of log-shipper',
        '+      # The report runs once; the shipper follows its log.',
        '+      containers:',
        '+        - name: report',
        "+          image: 'example.com/report:1.4'",
        '+          command: ["/bin/report", "--once"]',
        '+          volumeMounts:',
        '+            - name: logs',
        '+              mountPath: /var/log/report',
        ' ',
        '       volumes:',
        '         - name: logs',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toMatch(/^sidecar-lint: would fix 1 problem in 1 file\.\n/);
    expect(result.stderr).not.toContain('job-sidecar-blocks-completion');
    expect(readFileSync(join(dir, 'job.yaml'), 'utf8')).toBe(JOB);
  });
});

describe('--fix-rule and --fix-type', () => {
  it('fix only the chosen rules and kinds', () => {
    const dir = tempTree({ 'job.yaml': BOTH });
    const onlySetup = runCli(['--fix-dry-run', '--fix-rule', 'setup-in-init-container', 'job.yaml'], { cwd: dir });
    expect(onlySetup.stdout).toContain('-      containers:\n+      initContainers:\n         - name: prepare\n');
    expect(onlySetup.stdout).not.toContain('restartPolicy: Always');
    expect(onlySetup.stderr).toContain('would fix 1 problem in 1 file');
    const onlyEdits = runCli(['--fix', '--fix-type', 'edit', 'job.yaml'], { cwd: dir });
    expect(onlyEdits.stderr).toContain('fixed 0 problems in 0 files');
    expect(onlyEdits.stdout).toContain('job-sidecar-blocks-completion');
    expect(readFileSync(join(dir, 'job.yaml'), 'utf8')).toBe(BOTH);

    // The tail fixture also has classic sidecars to move; edits alone only rewrite the tail options.
    const tails = tempTree({ 'pod.yaml': fixture('tail-follow-by-name.yaml') });
    expect(runCli(['--fix', '--fix-type', 'edit', 'pod.yaml'], { cwd: tails }).stderr).toBe('sidecar-lint: fixed 2 problems in 1 file.\n');
    expect(readFileSync(join(tails, 'pod.yaml'), 'utf8')).toBe(fixture('tail-follow-by-name.fixed.yaml'));
  });

  it('are usage errors when they make no sense', () => {
    const cases: [string[], string][] = [
      [['--fix-rule', 'no-such-rule', '--fix', '-'], '--fix-rule no-such-rule: no such rule'],
      [['--fix-rule', 'volume-mount-undefined', '--fix', '-'], '--fix-rule volume-mount-undefined: this rule has no automatic fix'],
      [['--fix-type', 'layout', '--fix', '-'], '--fix-type layout: use one of edit, move'],
      [['--fix-rule', 'setup-in-init-container', '-'], 'add one of them'],
      [['--fix', '--fix-dry-run', '-'], 'not both'],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args, { input: BOTH });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    }
  });
});
