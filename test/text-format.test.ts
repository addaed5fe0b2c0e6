/**
 * The text format, like ESLint's stylish: the path once per file, line:column aligned within the
 * file, severity, message, rule id; long messages wrapped only on a terminal; the summary with how
 * many problems --fix can repair. And --format compact: one file:line:col line per finding.
 */
import { PassThrough } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { runCli, tempTree } from './helpers/cli.js';
import { BAD_POD, WARNING_POD } from './helpers/manifests.js';

async function onTerminal(args: string[], cwd: string, columns: number): Promise<string> {
  let out = '';
  const stdout = { write: (text: string) => (out += text), isTTY: true, columns };
  await main([...args, '--no-color'], { stdout, stderr: { write: () => true }, stdin: new PassThrough(), cwd, env: {} });
  return out;
}

describe('text format', () => {
  const dir = tempTree({ 'a.yaml': BAD_POD, 'b.yaml': WARNING_POD });

  it('groups by file, aligns line:column, and says what --fix can repair', () => {
    const run = runCli(['a.yaml', 'b.yaml'], { cwd: dir });
    expect(run.stdout).toBe(
      'a.yaml\n' +
        '  10:11  error    Pod/broken: container "app" mounts volume "logs", but neither spec.volumes nor volumeClaimTemplates declares a volume of that name; the API server rejects the pod. Declare the volume or fix the name.  volume-mount-undefined\n' +
        '\n' +
        'b.yaml\n' +
        '  10:7  warning  Pod/warn: container "setup" looks like a one-shot setup step (its command only runs cp and then exits); under restartPolicy Always it is restarted every time it exits and ends in CrashLoopBackOff. Move it to initContainers.  setup-in-init-container\n' +
        '\n' +
        '✖ 2 problems (1 error, 1 warning) in 2 files of 2 files checked.\n' +
        '  1 problem can be fixed with --fix (--fix-dry-run shows how).\n',
    );
  });

  it('wraps long messages under their column on a terminal only', async () => {
    const wrapped = await onTerminal(['a.yaml'], dir, 60);
    const lines = wrapped.split('\n');
    expect(lines[0]).toBe('a.yaml');
    expect(lines[1]).toBe('  10:11  error    Pod/broken: container "app" mounts volume');
    expect(lines.slice(2, lines.indexOf(''))).toSatisfy((rest: string[]) => rest.every((line) => line.startsWith(' '.repeat(18)) && line.length <= 60));
    expect(wrapped).toContain(`\n${' '.repeat(18)}volume-mount-undefined\n`);
    // In a pipe (and on a terminal wide enough) a finding stays on one line.
    expect((await onTerminal(['a.yaml'], dir, 400)).split('\n')[1]).toMatch(/fix the name\.  volume-mount-undefined$/);
    expect(runCli(['a.yaml'], { cwd: dir, env: { COLUMNS: '40' } }).stdout.split('\n')[1]).toMatch(/volume-mount-undefined$/);
  });

  it('compact: one clickable file:line:col line per finding and nothing else (no blank line, no summary); a path not read is a line too', () => {
    expect(runCli(['--format', 'compact', 'a.yaml', 'b.yaml'], { cwd: dir }).stdout).toBe(
      'a.yaml:10:11  error    Pod/broken: container "app" mounts volume "logs", but neither spec.volumes nor volumeClaimTemplates declares a volume of that name; the API server rejects the pod. Declare the volume or fix the name.  volume-mount-undefined\n' +
        'b.yaml:10:7  warning  Pod/warn: container "setup" looks like a one-shot setup step (its command only runs cp and then exits); under restartPolicy Always it is restarted every time it exits and ends in CrashLoopBackOff. Move it to initContainers.  setup-in-init-container\n',
    );
    expect(runCli(['--format', 'compact', 'a.yaml', 'gone.yaml'], { cwd: dir })).toEqual({
      status: 2,
      stdout:
        'a.yaml:10:11  error    Pod/broken: container "app" mounts volume "logs", but neither spec.volumes nor volumeClaimTemplates declares a volume of that name; the API server rejects the pod. Declare the volume or fix the name.  volume-mount-undefined\n' +
        'gone.yaml  error    cannot read: no such file or directory  read-error\n',
      stderr: '',
    });
    // Nothing found: nothing printed; the exit code says it.
    writeFileSync(join(dir, 'clean.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n');
    expect(runCli(['--format', 'compact', 'clean.yaml'], { cwd: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
  });
});
