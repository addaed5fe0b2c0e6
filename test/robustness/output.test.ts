/**
 * Output from untrusted manifests: control characters and escape sequences never reach the terminal
 * raw in text output; JSON stays valid JSON and keeps the text exactly. And the same input gives
 * byte-identical output whatever the file-system or argument order.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../helpers/cli.js';

const ESC = '\u001b';
/** YAML double-quoted escapes: \e is ESC, \a BEL, \x9b the one-byte CSI, \u202e a right-to-left override. */
const HOSTILE = `apiVersion: v1
kind: Pod
metadata: { name: "web\\e[2J\\e]0;owned\\a\\u202e" }
spec:
  containers:
    - name: "app\\e]8;;https://evil.example\\e\\\\click\\e]8;;\\e\\\\"
      image: nginx
      volumeMounts: [{ name: "logs\\x9b31m\\r\\nFAKE: line\\ud800", mountPath: /var/log }]
    - name: "app\\e]8;;https://evil.example\\e\\\\click\\e]8;;\\e\\\\"
      image: "\\e[31mred"
`;
/** Control characters a terminal acts on: C0 except LF, DEL, C1, line/paragraph separators, bidi overrides, lone surrogates. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/;

describe('text output escapes what manifests carry', () => {
  const dir = tempTree({ 'pod.yaml': HOSTILE });
  // A file name with an escape sequence, and one that cannot be read.
  writeFileSync(join(dir, `evil${ESC}[31m.yaml`), HOSTILE);

  it('names, messages and paths: no raw control character on stdout or stderr', () => {
    const result = runCli(['--format', 'compact', '.', `missing${ESC}]0;x\u0007.yaml`], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('missing\\x1b]0;x\\x07.yaml  error    cannot read: no such file or directory  read-error\n');
    expect(result.stdout).toContain('evil\\x1b[31m.yaml:8:24  error    Pod/web\\x1b[2J\\x1b]0;owned\\x07\\u202e: container "app\\x1b]8;;https://evil.example\\x1b\\click\\x1b]8;;\\x1b\\" mounts volume "logs\\x9b31m\\r\\nFAKE: line\\ud800"');
    // One line per finding: the \r\n in the volume name did not start a new line.
    expect(result.stdout.split('\n').filter((line) => line.includes('FAKE'))).toHaveLength(2);
    expect(result.stdout.split('\n').some((line) => line.startsWith('FAKE'))).toBe(false);
  });

  it('with --color, the only escape sequences are the colours', () => {
    const result = runCli(['--color', 'pod.yaml'], { cwd: dir });
    expect(result.stdout).toContain(`${ESC}[31m`);
    // eslint-disable-next-line no-control-regex
    expect(result.stdout.replace(/\u001b\[\d+m/g, '')).not.toMatch(RAW_CONTROL);
  });

  it('YAML syntax errors quoting the source are escaped too', () => {
    const result = runCli(['-'], { input: `kind: Pod\nspec: [\n  ${ESC}]0;title\u0007: x\n` });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/parse-error/);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
  });
});

describe('JSON output', () => {
  it('is valid JSON that keeps the text exactly, with terminal controls \\u-escaped', () => {
    const dir = tempTree({ 'pod.yaml': HOSTILE });
    const result = runCli(['-f', 'json', 'pod.yaml'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    const [file] = JSON.parse(result.stdout) as { messages: { ruleId: string; message: string; container?: string }[] }[];
    const mount = file?.messages.find((message) => message.ruleId === 'volume-mount-undefined');
    expect(mount?.container).toBe(`app${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`);
    expect(mount?.message).toContain(`Pod/web${ESC}[2J${ESC}]0;owned\u0007\u202e: `);
    expect(mount?.message).toContain(`"logs\u009b31m\r\nFAKE: line\ud800"`);
  });

  it('stays valid for any bytes', () => {
    const bytes: number[] = [];
    for (let i = 0; i < 256; i++) bytes.push(i);
    const inputs = [
      `kind: Pod\nmetadata: {name: "${Array.from({ length: 0x200 }, (_, i) => `\\u${i.toString(16).padStart(4, '0')}`).join('')}"}\nspec: [`,
      String.fromCharCode(...bytes.filter((byte) => byte !== 0)),
    ];
    for (const input of inputs) {
      const result = runCli(['-f', 'json', '-'], { input });
      expect([0, 1]).toContain(result.status);
      expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
    }
  });
});

describe('determinism', () => {
  const files: Record<string, string> = {
    'b.yaml': HOSTILE,
    'a.yaml': HOSTILE.replace('web', 'other'),
    'a-b.yaml': 'kind: Pod\nspec: [\n',
    'sub/z.yaml': HOSTILE,
    'sub/deeper/y.yml': HOSTILE,
    'Z.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'json' }, spec: { containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'v', mountPath: '/v' }] }] } }),
  };

  /** The same files, created in the given order. */
  function tree(order: readonly string[]): string {
    const dir = tempTree({});
    for (const name of order) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), files[name] ?? '');
    }
    return dir;
  }

  it('gives byte-identical output whatever the creation order of files and the order of the arguments', () => {
    const names = Object.keys(files);
    const forward = tree(names);
    const backward = tree([...names].reverse());
    for (const format of ['text', 'json']) {
      const outputs = [
        runCli(['-f', format, '.'], { cwd: forward }),
        runCli(['-f', format, '.'], { cwd: backward }),
        runCli(['-f', format, 'sub', 'a.yaml', 'Z.json', 'b.yaml', 'a-b.yaml'], { cwd: backward }),
        runCli(['-f', format, 'a-b.yaml', 'b.yaml', 'Z.json', 'a.yaml', 'sub/deeper', 'sub'], { cwd: forward }),
      ];
      expect(outputs.map((output) => output.status)).toEqual([1, 1, 1, 1]);
      for (const output of outputs.slice(1)) expect(output.stdout).toBe(outputs[0]?.stdout);
    }
    // And the order is the path order, not the order of the arguments.
    const json = JSON.parse(runCli(['-f', 'json', 'sub', '.'], { cwd: forward }).stdout) as { filePath: string }[];
    expect(json.map((file) => file.filePath)).toEqual(['Z.json', 'a-b.yaml', 'a.yaml', 'b.yaml', 'sub/deeper/y.yml', 'sub/z.yaml']);
  });
});
