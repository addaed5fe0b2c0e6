/**
 * R16: nothing raw reaches a terminal or a CI log. A manifest, a config and a file name full of
 * control characters — C0, DEL, C1, line separators, bidi embeddings, overrides, isolates and marks —
 * go through every output a person reads (text, github, the --fix-dry-run diff, --list-rules,
 * --print-config, error messages) and the machine formats (json, sarif): no such character comes
 * out raw, and each is visible as an escape. Ordinary non-ASCII text comes out unchanged.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { escapeForTerminal, escapeJsonForTerminal } from '../../src/report/terminal-escape.js';
import { runCli, tempTree } from '../helpers/cli.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** Every code point that must never come out raw. */
const CODES = [...range(0x00, 0x1f), 0x7f, ...range(0x80, 0x9f), 0x061c, 0x200b, 0x200e, 0x200f, 0x2028, 0x2029, ...range(0x202a, 0x202e), 0x2060, ...range(0x2066, 0x2069), 0xfeff];
const ALL = String.fromCodePoint(...CODES);
/** What a terminal-safe output shows instead: `\x00` … `\x1f` (`\t`, `\n`, `\r`), `\x7f`, `\x80` … `\x9f`, `\u061c` … */
const SHOWN = CODES.map((code) => ({ 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' })[code] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)).join('');
/** As a command-line argument or a file name (neither can hold NUL). */
const NO_NUL = ALL.slice(1);
const NO_NUL_SHOWN = SHOWN.slice('\\x00'.length);
/** The characters raw in a file's own text (a comment): no NUL (binary), no line breaks. */
const IN_LINE = ALL.replace(/[\0\n\r]/g, '');

/** A YAML double-quoted scalar whose value is `text`, written in printable ASCII. */
function quoted(text: string): string {
  const body = [...text].map((char) => (char === '"' || char === '\\' ? `\\${char}` : /[ -~]/.test(char) ? char : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return `"${body.join('')}"`;
}

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: ${quoted(`web${ALL}`)}
  namespace: ${quoted(`ns${ALL}`)}
  annotations:
    sidecar-lint.io/ignore: ${quoted(`rule${ALL}x`)}
    note: ${quoted(`note${ALL}`)}  # ${IN_LINE}
spec:
  containers:
    - name: ${quoted(`app${ALL}`)}
      image: ${quoted(`nginx${ALL}`)}
      volumeMounts: [{ name: ${quoted(`logs${ALL}`)}, mountPath: /logs }]
    - name: tail-script  # ${IN_LINE}
      image: busybox:1.36  # ${IN_LINE}
      command: ["sh", "-c", "tail -n 0 -f /logs/a.log"]  # ${IN_LINE}
      volumeMounts: [{ name: logs, mountPath: /logs }]
  volumes: [{ name: logs, emptyDir: {} }]
`;
const CONFIG = `policies:
  - id: hostile-policy
    description: ${quoted(`desc${ALL}`)}
    message: "container {container} of {name} has no nonexistent field"
    target: container
    schema: { required: [nonexistent] }
`;
const HOSTILE_FILE = `f${NO_NUL}.yaml`;

/** Raw characters of the forbidden set in `output`, other than those in `allowed`, as code points. */
function raw(output: string, allowed = '\n'): number[] {
  return [...output].filter((char) => CODES.includes(char.codePointAt(0)!) && !allowed.includes(char)).map((char) => char.codePointAt(0)!);
}

describe('R16: outputs over a manifest, a config and a file name full of control characters', () => {
  const dir = tempTree({ 'pod.yaml': MANIFEST, '.sidecar-lint.yaml': CONFIG });
  writeFileSync(join(dir, HOSTILE_FILE), MANIFEST);
  const lint = (format: string) => runCli(['-f', format, '--report-unused-suppressions', '.'], { cwd: dir });

  it('text and compact: every character escaped, visibly, in names, messages and paths', () => {
    expect(raw(lint('text').stdout)).toEqual([]);
    const result = lint('compact');
    expect(result.status).toBe(1);
    expect(raw(result.stdout)).toEqual([]);
    expect(raw(result.stderr)).toEqual([]);
    expect(result.stdout).toContain(`pod.yaml:11:7  error    Pod/ns${SHOWN}/web${SHOWN}: container "app${SHOWN}" has a name that`);
    expect(result.stdout).toContain(`container app${SHOWN} of web${SHOWN} has no nonexistent field  hostile-policy`);
    expect(result.stdout).toContain(`lists "rule${SHOWN}x", but no rule`);
    expect(result.stdout).toContain(`f${NO_NUL_SHOWN}.yaml:11:7  error    Pod/ns${SHOWN}/web${SHOWN}: container "app${SHOWN}"`);
  });

  it('github: escaped for the terminal, then for the workflow command; one command per line', () => {
    const result = lint('github');
    expect(result.status).toBe(1);
    expect(raw(result.stdout)).toEqual([]);
    expect(raw(result.stderr)).toEqual([]);
    const lines = result.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^::(error|warning) file=[^,:]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[\w-]+::/);
    const invalid = lines.filter((line) => line.startsWith('::error file=pod.yaml,line=11,col=7,') && line.includes(',title=container-name-invalid::'));
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toContain(`::Pod/ns${SHOWN}/web${SHOWN}: container "app${SHOWN}" has a name that `);
    // The file property: `\` escapes, then `,` and `:` as the runner needs them.
    expect(lines.some((line) => line.startsWith(`::error file=f${NO_NUL_SHOWN.replace(/,/g, '%2C').replace(/:/g, '%3A')}.yaml,line=11,`))).toBe(true);
  });

  it('json: valid JSON with the exact values; the characters JSON.stringify leaves raw are \\u escapes', () => {
    const result = lint('json');
    expect(result.status).toBe(1);
    expect(raw(result.stdout)).toEqual([]);
    expect(result.stdout).toContain('\\u001b');
    expect(result.stdout).toContain('\\u009b');
    expect(result.stdout).toContain('\\u202e');
    const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; message: string; container?: string; object?: { name: string } }[] }[];
    // The config file is not a manifest: not linted, not listed.
    expect(files.map((file) => file.filePath)).toEqual([HOSTILE_FILE, 'pod.yaml']);
    const invalid = files[1]?.messages.find((message) => message.ruleId === 'container-name-invalid');
    expect(invalid?.container).toBe(`app${ALL}`);
    expect(invalid?.object?.name).toBe(`web${ALL}`);
    expect(invalid?.message).toContain(`Pod/ns${ALL}/web${ALL}: container "app${ALL}"`);
  });

  it('sarif: valid JSON; display text (messages, rule descriptions) escaped visibly, identifiers exact', () => {
    const result = lint('sarif');
    expect(result.status).toBe(1);
    expect(raw(result.stdout)).toEqual([]);
    const log = JSON.parse(result.stdout) as Log;
    const run = log.runs[0]!;
    const invalid = run.results?.find((item) => item.ruleId === 'container-name-invalid');
    expect(invalid?.message.text).toContain(`Pod/ns${SHOWN}/web${SHOWN}: container "app${SHOWN}"`);
    expect(invalid?.locations?.[0]?.logicalLocations?.[1]?.name).toBe(`app${ALL}`);
    const policy = run.tool.driver.rules?.find((rule) => rule.id === 'hostile-policy');
    expect(policy?.shortDescription?.text).toBe(`desc${SHOWN}.`);
    expect(policy?.help?.text).toBe(`desc${SHOWN}.`);
  });

  it('--fix-dry-run: the diff shows the file\'s own control characters escaped (tabs kept), names too', () => {
    const result = runCli(['--fix-dry-run', '.'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(raw(result.stdout, '\n\t')).toEqual([]);
    expect(raw(result.stderr)).toEqual([]);
    const shownInLine = escapeForTerminal(IN_LINE, { fileText: true });
    expect(shownInLine).toContain('\\x1b');
    expect(shownInLine).toContain('\t');
    expect(result.stdout).toContain(`--- a/f${NO_NUL_SHOWN}.yaml\n+++ b/f${NO_NUL_SHOWN}.yaml\n`);
    expect(result.stdout).toContain(`\n+  initContainers:\n+    - name: tail-script  # ${shownInLine}\n+      restartPolicy: Always\n+      image: busybox:1.36  # ${shownInLine}\n`);
    expect(result.stdout).toContain(`\n     note: ${quoted(`note${ALL}`)}  # ${shownInLine}\n`);
  });

  it('--list-rules: a policy description escaped', () => {
    const result = runCli(['--list-rules'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(raw(result.stdout)).toEqual([]);
    const row = result.stdout.split('\n').find((line) => line.startsWith('hostile-policy '));
    expect(row).toMatch(/^hostile-policy +error +no +desc\\x00\\x01/);
    expect(row?.endsWith(`  desc${SHOWN}`)).toBe(true);
  });

  it('--print-config: JSON with the exact values, terminal controls \\u-escaped', () => {
    const result = runCli(['--print-config', HOSTILE_FILE], { cwd: dir });
    expect(result.status).toBe(0);
    expect(raw(result.stdout)).toEqual([]);
    expect(result.stdout).toContain('\\u001b');
    expect(result.stdout).toContain('\\u202e');
    const printed = JSON.parse(result.stdout) as { file: string; policies: { description: string }[] };
    expect(printed.file).toBe(HOSTILE_FILE);
    expect(printed.policies[0]?.description).toBe(`desc${ALL}`);
  });

  it('error messages: one line each, every character escaped', () => {
    const format = runCli(['-f', `x${NO_NUL}`, 'pod.yaml'], { cwd: dir });
    expect(format.status).toBe(2);
    expect(format.stderr).toBe(`sidecar-lint: unknown format "x${NO_NUL_SHOWN}": use one of text, compact, json, sarif, github, html\n`);

    const option = runCli([`--x${NO_NUL}`], { cwd: dir });
    expect(option.status).toBe(2);
    expect(raw(option.stderr)).toEqual([]);
    expect(option.stderr.startsWith(`sidecar-lint: Unknown option '--x${NO_NUL_SHOWN}'`)).toBe(true);
    expect(option.stderr.split('\n')).toEqual([expect.any(String), 'Run sidecar-lint --help for usage.', '']);

    const config = runCli(['--config', `c${NO_NUL}.yaml`, 'pod.yaml'], { cwd: dir });
    expect(config.status).toBe(2);
    expect(raw(config.stderr)).toEqual([]);
    expect(config.stderr).toContain(`c${NO_NUL_SHOWN}.yaml`);
    expect(config.stderr.split('\n')).toHaveLength(2);

    // A path not read: in the report, escaped; and on stderr, escaped, when the report is JSON.
    const input = runCli([`missing${NO_NUL}.yaml`], { cwd: dir });
    expect(input.status).toBe(2);
    expect(raw(input.stdout)).toEqual([]);
    expect(input.stdout).toContain(`  error    missing${NO_NUL_SHOWN}.yaml: cannot read: no such file or directory\n`);
    const json = runCli(['-f', 'json', `missing${NO_NUL}.yaml`], { cwd: dir });
    expect(json.stderr).toBe(`sidecar-lint: missing${NO_NUL_SHOWN}.yaml: cannot read: no such file or directory\n`);
  });
});

describe('R16: ordinary non-ASCII text stays readable', () => {
  const NAME = 'café-日本-🚀-👩\u200d💻-می\u200cخواهم';
  const manifest = `apiVersion: v1
kind: Pod
metadata: { name: ${NAME}, annotations: { note: "ü ß" } }  # ç ñ 中文
spec:
  containers:
    - { name: アプリ, image: nginx }
    - name: tail-script  # commentaire é
      image: busybox:1.36
      command: ["sh", "-c", "tail -n 0 -f /var/log/ünïcode.log"]
`;
  const dir = tempTree({ 'pod.yaml': manifest, [`${NAME}.yaml`]: manifest, '.sidecar-lint.yaml': `policies:\n  - { id: readable, description: "Beschreibung für 日本 🚀", message: "m {container}", schema: { required: [nonexistent] } }\n` });

  it('passes é, 日本, アプリ and 🚀 through unchanged in every format, the diff and --list-rules', () => {
    const text = runCli(['--format', 'compact', '.'], { cwd: dir }).stdout;
    expect(text).toContain(`${NAME}.yaml:6:9  error    Pod/${NAME}: container "アプリ" has a name that contains characters other than`);
    const github = runCli(['-f', 'github', '.'], { cwd: dir }).stdout;
    expect(github).toContain(`::error file=${NAME}.yaml,line=6,col=9,endLine=6,endColumn=18,title=container-name-invalid::Pod/${NAME}: container "アプリ" has a name`);
    const json = runCli(['-f', 'json', '.'], { cwd: dir }).stdout;
    expect(json).toContain(`"message": "Pod/${NAME}: container \\"アプリ\\" has a name`);
    const sarif = JSON.parse(runCli(['-f', 'sarif', '.'], { cwd: dir }).stdout) as Log;
    expect(sarif.runs[0]?.results?.find((item) => item.ruleId === 'container-name-invalid')?.message.text).toContain(`Pod/${NAME}: container "アプリ"`);
    expect(sarif.runs[0]?.tool.driver.rules?.find((rule) => rule.id === 'readable')?.shortDescription?.text).toBe('Beschreibung für 日本 🚀.');
    const diff = runCli(['--fix-dry-run', 'pod.yaml'], { cwd: dir }).stdout;
    expect(diff).toContain(`metadata: { name: ${NAME}, annotations: { note: "ü ß" } }  # ç ñ 中文\n`);
    expect(diff).toContain('    - name: tail-script  # commentaire é\n');
    expect(diff).toContain('ünïcode.log');
    expect(runCli(['--list-rules'], { cwd: dir }).stdout).toMatch(/\nreadable +error +no +Beschreibung für 日本 🚀\n/);
  });

  it('leaves JSON byte for byte as JSON.stringify writes it when nothing needs escaping', () => {
    const value = { name: NAME, text: 'quote " backslash \\ tab \t newline \n', nested: [1, 'ü'] };
    const json = JSON.stringify(value, null, 2);
    expect(escapeJsonForTerminal(json)).toBe(json);
    expect(escapeForTerminal(NAME)).toBe(NAME);
    expect(escapeForTerminal('C:\\Users\\x')).toBe('C:\\Users\\x');
  });
});
