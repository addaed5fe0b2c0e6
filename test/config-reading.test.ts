/**
 * Reading config and policy schema files: within a size limit (a link to /dev/zero), YAML that
 * yaml throws on while converting (an alias bomb, an alias without anchor) as configuration errors
 * naming the file and line, and `__proto__`, `constructor`, `prototype` as ordinary keys.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../src/config/config.js';
import { BIN, tempTree } from './helpers/cli.js';
import { BAD_POD } from './helpers/manifests.js';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI with a time limit well below vitest's: what used to read forever fails as a timeout (status null). */
function cli(args: readonly string[], cwd: string): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A folder with BAD_POD as pod.yaml and these files; its real path (messages name files by it). */
function folder(files: Readonly<Record<string, string>> = {}): string {
  return realpathSync(tempTree({ 'pod.yaml': BAD_POD, ...files }));
}

interface JsonFile {
  messages: { ruleId: string; severity: number; line: number; column: number }[];
}

function findings(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonFile[]).flatMap((file) => file.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}/${m.severity}`));
}

describe('size limit (R7): a config or schema file that never ends is refused, exit 2', () => {
  it('a .sidecar-lint.yaml that is a link to /dev/zero, found or given with --config', () => {
    const dir = folder();
    symlinkSync('/dev/zero', join(dir, '.sidecar-lint.yaml'));
    const expected = `sidecar-lint: cannot read config file ${dir}/.sidecar-lint.yaml: it is larger than 1 MB, more than any configuration needs\n`;
    const found = cli(['pod.yaml'], dir);
    expect(found.stderr).toBe(expected);
    expect(found.status).toBe(2);
    const given = cli(['--config', '.sidecar-lint.yaml', 'pod.yaml'], dir);
    expect(given.stderr).toBe(expected);
    expect(given.status).toBe(2);
  });

  it('a config file of 2 MB (comments)', () => {
    const dir = folder({ 'big.yaml': `${'# padding\n'.repeat(200_000)}rules: {}\n` });
    const result = cli(['--config', 'big.yaml', 'pod.yaml'], dir);
    expect(result.stderr).toBe(`sidecar-lint: cannot read config file ${dir}/big.yaml: it is larger than 1 MB, more than any configuration needs\n`);
    expect(result.status).toBe(2);
  });

  it('a policy schema file that is a link to /dev/zero (it leads out of the folder), or one above 20 MB', () => {
    const dir = folder({ '.sidecar-lint.yaml': 'policies:\n  - { id: from-file, message: "m", schema: ./schema.json }\n' });
    symlinkSync('/dev/zero', join(dir, 'schema.json'));
    const result = cli(['pod.yaml'], dir);
    expect(result.stderr).toBe(
      "sidecar-lint: invalid config .sidecar-lint.yaml: policies[0] (from-file): schema file ./schema.json is not inside the config file's folder: a policy's schema must be in the repository it belongs to\n",
    );
    expect(result.status).toBe(2);
    rmSync(join(dir, 'schema.json'));
    // Sparse: measured, never read.
    writeFileSync(join(dir, 'schema.json'), '');
    truncateSync(join(dir, 'schema.json'), 21 * 1024 * 1024);
    expect(cli(['pod.yaml'], dir).stderr).toBe(
      `sidecar-lint: invalid config .sidecar-lint.yaml: policies[0] (from-file): cannot read schema file ${dir}/schema.json: it is larger than 20 MB\n`,
    );
  });
});

const BOMB = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', ''].join('\n');

describe('YAML that yaml refuses while converting (R17): a configuration error naming the file and line, exit 2', () => {
  it('an alias bomb in the config file: the line where aliases of aliases start', () => {
    const dir = folder({ '.sidecar-lint.yaml': BOMB });
    const result = cli(['pod.yaml'], dir);
    expect(result.stderr).toBe(
      `sidecar-lint: ${dir}/.sidecar-lint.yaml:3:8: YAML aliases refused: they would expand to more than 100 copies of a node (as in "billion laughs"); write the values out\n`,
    );
    expect(result.status).toBe(2);
  });

  it('an alias without an anchor before it', () => {
    const dir = folder({ 'c.yaml': 'rules:\n  volume-mount-undefined: *level\n' });
    const result = cli(['--config', 'c.yaml', 'pod.yaml'], dir);
    expect(result.stderr).toBe(`sidecar-lint: ${dir}/c.yaml:2:27: YAML alias *level has no anchor &level before it\n`);
    expect(result.status).toBe(2);
  });

  it('an alias bomb in a policy schema file', () => {
    const dir = folder({ '.sidecar-lint.yaml': 'policies:\n  - { id: from-file, message: "m", schema: ./schema.yaml }\n', 'schema.yaml': `$defs:\n  ${BOMB.trimEnd().replace(/\n/g, '\n  ')}\n` });
    const result = cli(['pod.yaml'], dir);
    expect(result.stderr).toBe(
      `sidecar-lint: invalid config .sidecar-lint.yaml: policies[0] (from-file): schema file ${dir}/schema.yaml is not valid JSON or YAML: line 4, column 10: YAML aliases refused: they would expand to more than 100 copies of a node (as in "billion laughs"); write the values out\n`,
    );
    expect(result.status).toBe(2);
  });
});

describe('__proto__, constructor and prototype are ordinary keys of a config', () => {
  it('a policy called constructor keeps its severity when rules: names other rules (no inherited Object.prototype.constructor)', () => {
    const policy = 'policies:\n  - { id: constructor, message: "refused", schema: false }\n';
    const plain = folder({ '.sidecar-lint.yaml': policy });
    expect(findings(cli(['-f', 'json', 'pod.yaml'], plain).stdout)).toEqual(['constructor@5:1/2', 'volume-mount-undefined@10:11/2']);
    const withRules = folder({ '.sidecar-lint.yaml': `${policy}rules: { volume-mount-undefined: warning }\n` });
    const result = cli(['-f', 'json', 'pod.yaml'], withRules);
    expect(result.stderr).toBe('');
    expect(findings(result.stdout)).toEqual(['constructor@5:1/2', 'volume-mount-undefined@10:11/1']);
    expect(cli(['--list-rules'], withRules).stdout).toMatch(/^constructor +error /m);
    const setHere = folder({ '.sidecar-lint.yaml': `${policy}rules: { constructor: warning }\n` });
    expect(findings(cli(['-f', 'json', 'pod.yaml'], setHere).stdout)).toEqual(['constructor@5:1/1', 'volume-mount-undefined@10:11/2']);
  });

  it('rules: { __proto__: … } is a key like any other, in YAML and JSON: an unknown rule, nothing assigned through the prototype', () => {
    const yaml = folder({ 'c.yaml': 'rules:\n  __proto__: { volume-mount-undefined: "off" }\n  prototype: "off"\n' });
    const data = readConfigFile(join(yaml, 'c.yaml'));
    expect(Object.getPrototypeOf(data.rules)).toBe(Object.prototype);
    expect(Object.keys(data.rules ?? {})).toEqual(['__proto__', 'prototype']);
    expect((data.rules as Record<string, unknown>)['volume-mount-undefined']).toBeUndefined();
    const fromYaml = cli(['--config', 'c.yaml', 'pod.yaml'], yaml);
    expect(fromYaml.stderr).toMatch(/^sidecar-lint: invalid config c\.yaml: rules\.__proto__: must be one of off, warning, error/);
    expect(fromYaml.status).toBe(2);
    const json = folder({ 'c.json': '{"rules": {"__proto__": "off"}}' });
    const fromJson = cli(['--config', 'c.json', 'pod.yaml'], json);
    expect(fromJson.stderr).toBe('sidecar-lint: invalid config c.json: rules.__proto__: unknown rule "__proto__" (run sidecar-lint --list-rules)\n');
    expect(fromJson.status).toBe(2);
  });
});
