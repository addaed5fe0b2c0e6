/**
 * Policy patterns run on a linear-time engine (RE2): a catastrophic pattern ends quickly with its
 * finding, JavaScript pattern syntax keeps working, and what RE2 cannot run is a config error
 * naming the policy and the pattern's place (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, messagesOf, tempTree } from './helpers/cli.js';

/** Run the built executable, killed after `timeout` ms (a hang is status null). */
function run(args: readonly string[], cwd: string, timeout = 10_000): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, input: '', env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const POD = (image: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: ${JSON.stringify(image)}
`;

/** A config with one container policy whose image schema is `schema` (a JSON/YAML flow map). */
const CONFIG = (schema: string) => `policies:
  - id: image-rule
    message: "bad image {error}"
    target: container
    schema:
      properties:
        image: ${schema}
`;

describe('a policy pattern with catastrophic backtracking (R8)', () => {
  it('ends at once with its finding', () => {
    const dir = tempTree({ '.sidecar-lint.yaml': CONFIG(`{ pattern: '^(a+)+$' }`), 'm.yaml': POD(`${'a'.repeat(48)}!`) });
    const started = Date.now();
    const result = run(['--format', 'json', 'm.yaml'], dir);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(messagesOf(result.stdout)).toMatchObject([{ ruleId: 'image-rule', line: 8, column: 7, message: 'Pod/p: bad image must match pattern "^(a+)+$"' }]);
  });

  it('patternProperties keys run on the same engine', () => {
    const dir = tempTree({
      '.sidecar-lint.yaml': `policies:\n  - id: labels\n    message: "{error} at {path}"\n    target: object\n    schema:\n      properties:\n        metadata:\n          properties:\n            labels: { patternProperties: { '^(a|aa)+$': { const: 'no' } } }\n`,
      'm.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    ${'a'.repeat(60)}b: x\n    aaaa: x\nspec:\n  containers: [{ name: app, image: nginx:1.27 }]\n`,
    });
    const result = run(['--format', 'json', 'm.yaml'], dir);
    expect(result.stderr).toBe('');
    expect(messagesOf(result.stdout).map((message) => [message.ruleId, message.line, message.message])).toEqual([
      ['labels', 7, 'Pod/p: must be "no" at metadata.labels.aaaa'],
    ]);
    expect(result.status).toBe(1);
  });
});

describe('policy patterns in JavaScript syntax', () => {
  it('match as before: escapes, slashes, Unicode escapes and classes, named groups', () => {
    const dir = tempTree({
      '.sidecar-lint.yaml': CONFIG(String.raw`{ pattern: '^(?<host>registry\.example\.com|ghcr\.io/acme)/[a-z\u00e9]+(:\d+)?$' }`),
      'ok.yaml': POD('ghcr.io/acme/caf\u00e9:12'),
      'bad.yaml': POD('docker.io/acme/app:1'),
    });
    const result = run(['--format', 'json', 'ok.yaml', 'bad.yaml'], dir);
    expect(result.stderr).toBe('');
    expect(messagesOf(result.stdout).map((message) => [message.ruleId, message.line, message.message])).toEqual([
      ['image-rule', 8, String.raw`Pod/p: bad image must match pattern "^(?<host>registry\.example\.com|ghcr\.io/acme)/[a-z\u00e9]+(:\d+)?$"`],
    ]);
    expect(result.status).toBe(1);
  });
});

describe('a policy pattern RE2 cannot run', () => {
  const cases: [string, string, string][] = [
    ['a lookahead', String.raw`{ pattern: '^(?!latest$)' }`, String.raw`policies[0].schema.properties.image.pattern: pattern "^(?!latest$)" holds a lookahead ` + '`(?!`'],
    ['a lookbehind', String.raw`{ pattern: '(?<=:)v1' }`, String.raw`policies[0].schema.properties.image.pattern: pattern "(?<=:)v1" holds a lookbehind ` + '`(?<=`'],
    ['a backreference', String.raw`{ allOf: [{ pattern: '^(\w)\1' }] }`, String.raw`policies[0].schema.properties.image.allOf[0].pattern: pattern "^(\\w)\\1" holds a backreference ` + '`\\1`'],
    ['a named backreference', String.raw`{ pattern: '(?<r>\w)\k<r>' }`, String.raw`policies[0].schema.properties.image.pattern: pattern "(?<r>\\w)\\k<r>" holds a backreference ` + '`\\k<`'],
    ['a repeat count over 1000', String.raw`{ pattern: 'a{2000}' }`, 'policies[0].schema.properties.image.pattern: pattern "a{2000}" is not valid for RE2: invalid repeat count: `{2000}`'],
  ];
  it.each(cases)('is a config error naming the policy and the pattern: %s', (_name, schema, detail) => {
    const dir = tempTree({ '.sidecar-lint.yaml': CONFIG(schema), 'm.yaml': POD('app:1') });
    const result = run(['m.yaml'], dir);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `sidecar-lint: invalid config .sidecar-lint.yaml: policies[0] (image-rule): ${detail}; policy patterns run on RE2, in linear time, which has no backreferences or lookaround\n`,
    );
    expect(result.status).toBe(2);
  });

  it('in a schema file, is named by the file and the pointer', () => {
    const dir = tempTree({
      '.sidecar-lint.yaml': 'policies:\n  - id: from-file\n    message: "{error}"\n    schema: schemas/pod.json\n',
      'schemas/pod.json': JSON.stringify({ properties: { hostname: { pattern: '(?=x)' } } }),
      'm.yaml': POD('app:1'),
    });
    const result = run(['m.yaml'], dir);
    expect(result.stderr).toBe(
      'sidecar-lint: invalid config .sidecar-lint.yaml: policies[0] (from-file): schemas/pod.json#/properties/hostname/pattern: pattern "(?=x)" holds a lookahead `(?=`; policy patterns run on RE2, in linear time, which has no backreferences or lookaround\n',
    );
    expect(result.status).toBe(2);
  });
});
