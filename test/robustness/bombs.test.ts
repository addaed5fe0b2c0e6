/**
 * Resource bombs: alias expansion, huge files and streams, deep nesting, shapes yaml reads in
 * quadratic time. Each is refused with a finding or linted, never a crash or a hang; the CLI runs
 * under runCli's 60-second timeout, so an expanded bomb or a quadratic blow-up fails the test.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, messagesOf, runCli, tempTree } from '../helpers/cli.js';

/** runCli with room for a report of many megabytes. */
function runBig(args: readonly string[], input: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: 120_000, env: { PATH: process.env.PATH ?? '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const POD = (name: string) => `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  containers:
    - name: app
      image: nginx
      volumeMounts: [{ name: logs, mountPath: /var/log }]
`;

/** Ten levels of ten aliases each: 10^10 strings if expanded. */
function billionLaughs(): string {
  let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: lol }\ndata:\n  l0: &l0 "lol"\n';
  for (let level = 1; level <= 10; level++) {
    text += `  l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]\n`;
  }
  return text;
}

describe('alias bombs', () => {
  it('refuses a billion-laughs document with a finding, and lints the documents around it', () => {
    const dir = tempTree({ 'bomb.yaml': `${POD('before')}---\n${billionLaughs()}---\n${POD('after')}` });
    const result = runCli(['-f', 'json', 'bomb.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const messages = messagesOf(result.stdout);
    expect(messages.map((m) => `${m.ruleId}@${m.line}`)).toEqual(['volume-mount-undefined@8', 'parse-error@10', 'volume-mount-undefined@33']);
    expect(messages[1]?.message).toBe('YAML document refused: its aliases expand to more than 100000 values (alias-heavy documents can make reading explode, as in "billion laughs").');
  });

  it('reads nested merge keys (<<: [*a, *a, …]) in linear time: a merge copies keys, it does not expand', () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a0: &a0 { k: v }\n';
    for (let level = 1; level <= 20; level++) text += `  a${level}: &a${level} { <<: [*a${level - 1}, *a${level - 1}], k${level}: v }\n`;
    const result = runCli(['-f', 'json', '-'], { input: text });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(messagesOf(result.stdout)).toEqual([]);
  });

  it('refuses a merge-key bomb inside a pod spec, where rules walk it', () => {
    let text = `${POD('merge')}  x0: &x0 [v, v, v, v, v, v, v, v, v, v]\n`;
    for (let level = 1; level <= 8; level++) text += `  x${level}: &x${level} [${Array.from({ length: 10 }, () => `*x${level - 1}`).join(', ')}]\n`;
    const result = runCli(['-f', 'json', '-'], { input: text });
    expect(result.status).toBe(1);
    expect(messagesOf(result.stdout)).toMatchObject([{ ruleId: 'parse-error', line: 1, message: expect.stringMatching(/^YAML document refused: its aliases expand/) }]);
  });

  it('reads a document with thousands of aliases of scalars: each is one value, nothing expands', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `  k${i}: &a${i} v\n  r${i}: *a${i}\n`);
    const result = runCli(['-f', 'json', '-'], { input: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n${lines.join('')}` });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(messagesOf(result.stdout)).toEqual([]);
  });
});

describe('size', () => {
  it('refuses a 100 MB file above the default limit with a finding, and lints the rest', () => {
    const dir = tempTree({ 'pod.yaml': POD('small') });
    // A sparse file: 100 MB by its size, nothing written; the limit is checked before reading.
    const fd = openSync(join(dir, 'huge.yaml'), 'w');
    ftruncateSync(fd, 100 * 1024 * 1024);
    closeSync(fd);
    const result = runCli(['--format', 'compact', 'huge.yaml', 'pod.yaml'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      'huge.yaml:1:1  error    File not linted: it is 100 MB, more than 20 MB (the --max-file-size limit). Split it, or raise the limit with --max-file-size <MB>',
    );
    expect(result.stdout).toContain('pod.yaml:8:24  error    Pod/small: ');
  });

  it('applies --max-file-size to files and to stdin', () => {
    const big = `${POD('big')}data: "${'x'.repeat(2 * 1024 * 1024)}"\n`;
    const dir = tempTree({ 'big.yaml': big });
    const file = runCli(['--format', 'compact', '--max-file-size', '1', 'big.yaml'], { cwd: dir });
    expect(file.status).toBe(1);
    expect(file.stdout).toContain('big.yaml:1:1  error    File not linted: it is 2 MB, more than 1 MB (the --max-file-size limit).');
    const stdin = runCli(['--format', 'compact', '--max-file-size', '1.5', '-'], { input: big });
    expect(stdin.status).toBe(1);
    expect(stdin.stdout).toContain('<stdin>:1:1  error    File not linted: it is more than 1.5 MB (the --max-file-size limit).');
    expect(runCli(['--format', 'compact', '--max-file-size', '3', 'big.yaml'], { cwd: dir }).stdout).toContain('big.yaml:8:24  error    Pod/big: ');
    // --fix reads through the same limit and leaves the file alone.
    const fix = runCli(['--format', 'compact', '--fix', '--max-file-size', '1', 'big.yaml'], { cwd: dir });
    expect(fix.status).toBe(1);
    expect(fix.stdout).toContain('big.yaml:1:1  error    File not linted: it is 2 MB, more than 1 MB (the --max-file-size limit).');
    expect(readFileSync(join(dir, 'big.yaml'), 'utf8')).toBe(big);
    expect(runCli(['--max-file-size', '0', 'big.yaml'], { cwd: dir })).toMatchObject({
      status: 2,
      stderr: 'sidecar-lint: --max-file-size needs a number of megabytes > 0, got "0"\n',
    });
  });

  it('lints a stream of 10,000 documents', () => {
    const documents = Array.from({ length: 10_000 }, (_, i) => POD(`pod-${i}`));
    const result = runBig(['-f', 'json', '-'], documents.join('---\n'));
    expect(result.status).toBe(1);
    const messages = messagesOf(result.stdout);
    expect(messages).toHaveLength(10_000);
    expect(messages.at(-1)).toMatchObject({ ruleId: 'volume-mount-undefined', line: 9 * 9_999 + 8, message: expect.stringMatching(/^Pod\/pod-9999: /) });
  });

  it('reads a map of 100,000 keys in linear time (yaml checks duplicate keys in quadratic time)', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `  k${i}: v\n`).join('');
    const result = runCli(['-f', 'json', '-'], { input: `${POD('keys')}  extra:\n${keys}  k5: duplicate\n` });
    expect(result.status).toBe(1);
    // The duplicate key is still found.
    expect(messagesOf(result.stdout)).toMatchObject([{ ruleId: 'parse-error', line: 100_010, column: 3, message: 'YAML syntax error: duplicated mapping key' }]);
  });
});

describe('deep nesting', () => {
  it.each([
    ['flow sequences', (depth: number) => `x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
    ['flow maps', (depth: number) => `x: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`],
    ['block sequences', (depth: number) => `${'- '.repeat(depth)}x\n`],
    ['block sequences in maps', (depth: number) => `${'- k:\n'.repeat(1)}${'  - '.repeat(depth)}x\n`],
  ])('10,000 levels of %s: a finding, no stack overflow, the next document linted', (_shape, nest) => {
    const result = runCli(['-f', 'json', '-'], { input: `${nest(10_000)}---\n${POD('after')}` });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const messages = messagesOf(result.stdout);
    expect(messages[0]).toMatchObject({ ruleId: 'parse-error', message: expect.stringMatching(/^YAML (document refused: it is nested too deeply|syntax error)/) });
    expect(messages.at(-1)).toMatchObject({ ruleId: 'volume-mount-undefined', message: expect.stringMatching(/^Pod\/after: /) });
  });

  it('3,000 levels of block maps (10,000 would be a 50 MB file, refused by size)', () => {
    const nested = Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}k:\n`).join('');
    const result = runCli(['-f', 'json', '-'], { input: `${POD('before')}---\n${nested}---\n${POD('after')}` });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(messagesOf(result.stdout)).toMatchObject([
      { ruleId: 'volume-mount-undefined', line: 8 },
      { ruleId: 'parse-error', message: expect.stringMatching(/^YAML document refused: it is nested too deeply/) },
      { ruleId: 'volume-mount-undefined', line: 3_000 + 18 },
    ]);
  });
});
