/**
 * Work that grows with the input, not with its square: the findings of rendered text mapped back
 * (each kept once by a keyed check, src/render/render.ts) and a config of a megabyte (its repeated
 * keys found with one lookup per key, src/config/config-text.ts). Each input is one where the
 * quadratic code took minutes (or over ten times the bound here), so the bounds are loose: they
 * catch an O(n²) pass, not a slow machine. `npm run bench` measures both (docs/performance.md).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from './helpers/cli.js';

const POD = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
      image: example.com/app:1
      volumeMounts:
        - name: logs
          mountPath: /var/log/app
    - name: log-shipper
      image: busybox:1.36
      command: ["sh", "-c", "tail -f /var/log/app/access.log"]
      volumeMounts:
        - name: logs
          mountPath: /var/log/app
  volumes:
    - name: logs
      emptyDir: {}
`;

function timed<T>(work: () => T): { value: T; seconds: number } {
  const start = process.hrtime.bigint();
  const value = work();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

describe('linear work', () => {
  it('rendered stdin of 10,000 documents: its 50,000 findings are mapped to the template, each once (before: minutes)', () => {
    const dir = tempTree({ 'chart/Chart.yaml': 'apiVersion: v2\nname: mapped\nversion: 0.1.0\n', 'chart/templates/pod.yaml': POD('{{ .Release.Name }}-web') });
    const documents = Array.from({ length: 10_000 }, (_, index) => `---\n# Source: mapped/templates/pod.yaml\n${POD(`r${index}-web`)}`);
    const { value: run, seconds } = timed(() => runCli(['--format', 'compact', '--stdin-filename', 'chart', '-'], { cwd: dir, input: documents.join('') }));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // --format compact: one line per finding, nothing else.
    const findings = run.stdout.trim().split('\n');
    expect(findings).toHaveLength(50_000);
    expect(findings.filter((line) => !line.startsWith('chart/templates/pod.yaml:'))).toEqual([]);
    expect(new Set(findings).size).toBe(50_000);
    expect(seconds).toBeLessThan(30);
  }, 120_000);

  it('a config of 95,000 namespaces, just under the 1 MB limit, loads (before: 21 s for 78,000)', () => {
    const dir = tempTree({ 'pod.yaml': POD('web') });
    const names = Array.from({ length: 95_000 }, (_, index) => `n${index.toString(36)}: {}`);
    writeFileSync(join(dir, '.sidecar-lint.yaml'), `namespaces: {${names.join(', ')}}\n`);
    const { value: run, seconds } = timed(() => runCli(['--format', 'compact', 'pod.yaml'], { cwd: dir }));
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toHaveLength(5);
    expect(seconds).toBeLessThan(10);
  }, 120_000);

  it('a repeated key is still an error at its line and column, as yaml itself finds them (1e2 and 100 are one number)', () => {
    const dir = tempTree({ 'pod.yaml': POD('web'), '.sidecar-lint.yaml': 'namespaces:\n  a: {}\n  b: {x: 1, y: 2, x: 3}\n' });
    expect(runCli(['pod.yaml'], { cwd: dir })).toEqual({ status: 2, stdout: '', stderr: `sidecar-lint: ${join(dir, '.sidecar-lint.yaml')}:3:19: YAML syntax error: Map keys must be unique\n` });
    writeFileSync(join(dir, '.sidecar-lint.yaml'), 'namespaces:\n  100: {}\n  1e2: {}\n');
    expect(runCli(['pod.yaml'], { cwd: dir }).stderr).toBe(`sidecar-lint: ${join(dir, '.sidecar-lint.yaml')}:3:3: YAML syntax error: Map keys must be unique\n`);
    // The first problem in the text wins, a repeated key or a syntax error after it.
    writeFileSync(join(dir, '.sidecar-lint.yaml'), 'extends: strict\nextends: recommended\nrules: [\n');
    expect(runCli(['pod.yaml'], { cwd: dir }).stderr).toBe(`sidecar-lint: ${join(dir, '.sidecar-lint.yaml')}:2:1: YAML syntax error: Map keys must be unique\n`);
  });
});
