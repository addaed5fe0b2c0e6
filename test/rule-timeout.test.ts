/**
 * A plugin rule that never returns (R9): runs with plugin rules lint on a watched worker thread, so a
 * rule past `ruleTimeoutSeconds` on one pod spec is stopped and reported as an `internal-error`
 * naming it and its plugin (exit 2), skipped for the rest of the run, and every other finding stays.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagesOf, ROOT, runCli, tempTree } from './helpers/cli.js';

/**
 * `slow/spin` loops forever on pods named spin-…; `slow/seen` and `slow/spin` otherwise report every
 * pod; `slow/boom` throws on every pod (reported once per run, across the worker's restart too).
 */
const PLUGIN = `export default { name: 'slow', rules: [
  { meta: { id: 'spin', description: 'd', severity: 'warning', messages: { m: 'spun {{name}}' } }, check(pod, context) {
    if (pod.owner.name.startsWith('spin')) for (;;) {}
    context.report({ path: ['metadata', 'name'], messageId: 'm', data: { name: pod.owner.name } });
  } },
  { meta: { id: 'seen', description: 'd', severity: 'warning', messages: { m: 'seen {{name}}' } }, check(pod, context) {
    context.report({ path: ['metadata', 'name'], messageId: 'm', data: { name: pod.owner.name } });
  } },
  { meta: { id: 'boom', description: 'd', severity: 'warning', messages: { m: 'x' } }, check() { throw new Error('boom'); } },
] };
`;

/** A Pod whose mount names no volume (volume-mount-undefined, line 10 of the document). */
function pod(name: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: app\n      image: nginx\n      volumeMounts:\n        - {name: nope, mountPath: /x}\n`;
}

function fixture(config = 'plugins: [./slow.mjs]\nruleTimeoutSeconds: 1\n'): string {
  return tempTree({
    '.sidecar-lint.yaml': config,
    'slow.mjs': PLUGIN,
    'a.yaml': pod('first'),
    'b.yaml': `${pod('ok')}---\n${pod('spin-me')}`,
    'c.yaml': pod('after'),
  });
}

const STOPPED =
  "rule slow/spin from plugin \"slow\" did not finish within 1 s on this pod spec and was stopped; its findings in this file and the rest of this run are missing. Report this to the plugin's authors, or turn the rule off.";

function summary(stdout: string): string[][] {
  return (JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[]).flatMap((file) =>
    file.messages.map((message) => [file.filePath.replace(/^.*[\\/]/, ''), message.ruleId, `${message.line}:${message.column}`, message.message.split(':')[0] ?? '']),
  );
}

describe('a plugin rule that never returns (R9)', () => {
  it('is stopped after ruleTimeoutSeconds with an internal error; the other rules and files keep their findings, in order', () => {
    const dir = fixture();
    const started = Date.now();
    const result = runCli(['--format', 'json', 'a.yaml', 'b.yaml', 'c.yaml'], { cwd: dir });
    // One second of rule time, plus start-up of the process and of two worker threads.
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(2);
    expect(summary(result.stdout)).toEqual([
      ['a.yaml', 'slow/seen', '4:3', 'Pod/first'],
      ['a.yaml', 'slow/spin', '4:3', 'Pod/first'],
      ['a.yaml', 'internal-error', '5:1', 'Pod/first'],
      ['a.yaml', 'volume-mount-undefined', '10:12', 'Pod/first'],
      ['b.yaml', 'slow/seen', '4:3', 'Pod/ok'],
      ['b.yaml', 'volume-mount-undefined', '10:12', 'Pod/ok'],
      ['b.yaml', 'slow/seen', '15:3', 'Pod/spin-me'],
      ['b.yaml', 'internal-error', '16:1', 'Pod/spin-me'],
      ['b.yaml', 'volume-mount-undefined', '21:12', 'Pod/spin-me'],
      ['c.yaml', 'slow/seen', '4:3', 'Pod/after'],
      ['c.yaml', 'volume-mount-undefined', '10:12', 'Pod/after'],
    ]);
    const stopped = messagesOf(result.stdout).filter((message) => message.ruleId === 'internal-error');
    expect(stopped.map((message) => message.message)).toEqual([
      `Pod/first: rule slow/boom from plugin "slow" failed on this pod spec (boom); its findings here and wherever else it fails in this run are missing. Report this to the plugin's authors, or turn the rule off.`,
      `Pod/spin-me: ${STOPPED}`,
    ]);
  }, 30_000);

  it('is stopped on stdin too, whose bytes the worker thread lints (limit from SIDECAR_LINT_RULE_TIMEOUT)', () => {
    const dir = fixture('plugins: [./slow.mjs]\n');
    const result = runCli(['--format', 'compact', '-'], { cwd: dir, input: pod('spin-stdin'), env: { SIDECAR_LINT_RULE_TIMEOUT: '1' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(2);
    expect(result.stdout.split('\n').slice(0, 4)).toEqual([
      '<stdin>:4:3  warning  Pod/spin-stdin: seen spin-stdin  slow/seen',
      expect.stringMatching(/^<stdin>:5:1  error    Pod\/spin-stdin: rule slow\/boom from plugin "slow" failed on this pod spec \(boom\); .*  internal-error$/),
      `<stdin>:5:1  error    Pod/spin-stdin: ${STOPPED}  internal-error`,
      expect.stringMatching(/^<stdin>:10:12  error    Pod\/spin-stdin: container "app" mounts volume "nope", .*  volume-mount-undefined$/),
    ]);
  }, 30_000);

  it('takes a SIDECAR_LINT_RULE_TIMEOUT that is a number of seconds above 0 only', () => {
    const result = runCli(['a.yaml'], { cwd: fixture(), env: { SIDECAR_LINT_RULE_TIMEOUT: 'soon' } });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('sidecar-lint: SIDECAR_LINT_RULE_TIMEOUT needs a number of seconds > 0 (at most 86400), got "soon"\n');
  });

  it('takes a ruleTimeoutSeconds above 0 only', () => {
    const result = runCli(['a.yaml'], { cwd: fixture('plugins: [./slow.mjs]\nruleTimeoutSeconds: 0\n') });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('sidecar-lint: invalid config .sidecar-lint.yaml: ruleTimeoutSeconds: must be > 0\n');
  });

  it('is stopped while fixing too: the other fixes are made, the file is written, exit 2', () => {
    const job = readFileSync(join(ROOT, 'fixtures', 'fix', 'job-native-sidecar.yaml'), 'utf8');
    const fixedJob = readFileSync(join(ROOT, 'fixtures', 'fix', 'job-native-sidecar.fixed.yaml'), 'utf8');
    const spinning = (text: string) => text.replace('  name: report   # nightly report', '  name: spin-report   # nightly report');
    const dir = tempTree({ '.sidecar-lint.yaml': 'plugins: [./slow.mjs]\nruleTimeoutSeconds: 1\n', 'slow.mjs': PLUGIN, 'job.yaml': spinning(job) });
    const result = runCli(['--fix', '-f', 'json', 'job.yaml'], { cwd: dir });
    expect(result.stderr).toBe('sidecar-lint: fixed 1 problem in 1 file.\n');
    expect(result.status).toBe(2);
    expect(readFileSync(join(dir, 'job.yaml'), 'utf8')).toBe(spinning(fixedJob));
    const stopped = messagesOf(result.stdout).filter((message) => message.ruleId === 'internal-error').map((message) => message.message);
    expect(stopped).toContain(`Job/spin-report: ${STOPPED}`);
  }, 30_000);
});

describe('a plugin that never finishes loading', () => {
  it('is a configuration error naming it, after ruleTimeoutSeconds, whatever the command', () => {
    const dir = tempTree({
      '.sidecar-lint.yaml': 'plugins: [./slow.mjs, ./stuck.mjs]\nruleTimeoutSeconds: 1\n',
      'slow.mjs': PLUGIN,
      'stuck.mjs': 'for (;;) {}\nexport const rules = [];\n',
      'a.yaml': pod('first'),
    });
    for (const args of [['a.yaml'], ['--fix', 'a.yaml'], ['--list-rules']]) {
      const result = runCli(args, { cwd: dir });
      expect([result.status, result.stdout, result.stderr]).toEqual([
        2,
        '',
        'sidecar-lint: invalid config .sidecar-lint.yaml: plugins[1] (./stuck.mjs): did not finish loading within 1 s (does it loop while it is imported?); raise ruleTimeoutSeconds if it is only slow\n',
      ]);
    }
  }, 30_000);
});
