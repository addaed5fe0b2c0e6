/**
 * src/load/direct-read.ts reads proven documents without the YAML parser. Whatever it reads must be
 * exactly what yaml gives (values, types, key order); anything else it must leave to the parser.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readDirectly } from '../src/load/direct-read.js';
import { PARSE_OPTIONS } from '../src/load/parse-documents.js';
import { hasUnusualCharacters, proveWellFormed } from '../src/load/wellformed.js';
import { documentText } from './helpers/block-documents.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;
const read = (text: string) => readDirectly(text, 0, text.length);

/** What the loader gets from yaml for a one-document text. */
function yamlValue(text: string): unknown {
  const [doc] = parseAllDocuments(text, PARSE_OPTIONS) as ReturnType<typeof parseAllDocuments> & unknown[];
  return doc?.toJS();
}

/** Equal values, types (-0, NaN) and key order. */
function expectSame(text: string): void {
  const direct = read(text);
  expect(direct, text).toBeDefined();
  const parsed = yamlValue(text);
  expect(isDeepStrictEqual(direct, parsed), text).toBe(true);
  expect(JSON.stringify(direct), text).toBe(JSON.stringify(parsed));
}

describe('readDirectly', () => {
  it('reads a workload as yaml does', () => {
    expectSame(
      lines(
        '---',
        '# generated',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web # trailing comment',
        '  labels:',
        '    app.kubernetes.io/name: web',
        '    "quoted key": \'it\'\'s\'',
        'spec:',
        '  replicas: 2',
        '  template:',
        '    spec:',
        '      containers:',
        '      - name: app',
        '        image: "nginx:1.27"',
        '        command: ["sh", "-c", \'echo a\']',
        '        args: [--port, 8080]',
        '        resources:',
        '          limits: { cpu: 500m, memory: 128Mi }',
        '        env: []',
        '        ports:',
        '        -   containerPort: 8080',
        '            protocol: TCP',
        '        -',
        '          containerPort: 9090',
        '      - name: sidecar',
        '        args:',
        '        - |',
        '          tail -F /var/log/app.log',
        '',
        '            indented more',
        '        - |-',
        '          no final line break',
        '        volumeMounts:',
        '        - {}',
        '        securityContext:',
        '',
        '      volumes:',
        '      - name: logs',
        '        emptyDir: {}',
      ),
    );
  });

  it.each([
    ['octal, YAML 1.1', 'mode: 0644'],
    ['yes and off', 'a: yes\nb: off'],
    ['null words', 'a: ~\nb: null\nc:'],
    ['numbers', 'a: 1_000\nb: 0x1F\nc: -1\nd: +2\ne: 1.50\nf: .inf\ng: 1e3\nh: -0'],
    ['strings kubectl keeps', 'a: 12:30\nb: 2024-01-01\nc: 1.2.3'],
    ['a # without a space before it', 'a: b#c'],
    ['a root sequence', '- a\n- 1'],
  ])('types plain scalars as yaml does: %s', (_, text) => {
    expectSame(`${text}\n`);
  });

  it.each([
    ['a tab', 'a:\n\tb: 1\n'],
    ['a carriage return', 'a: 1\r\nb: 2\r\n'],
    ['an anchor', 'a: &x 1\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a plain scalar over two lines', 'a: one\n  two\n'],
    ['a quoted scalar over two lines', 'a: "one\n  two"\n'],
    ['an escape', 'a: "x\\ty"\n'],
    ['a folded block scalar', 'a: >\n  text\n'],
    ['a kept block scalar', 'a: |+\n  text\n\n'],
    ['an indentation indicator', 'a: |2\n   text\n'],
    ['a block scalar at the end without a line break', 'a: |\n  text'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a key yaml reads as a boolean', 'y: 1\n'],
    ['__proto__', '__proto__: 1\n'],
    ['a nested compact sequence', 'a:\n- - b\n'],
    ['a nested flow collection', 'a: [b, [c]]\n'],
    ['a flow mapping with a nested value', 'a: {b: {c: 1}}\n'],
    ['a trailing comma', 'a: [b, ]\n'],
    ['an indented root', '  a: 1\n'],
  ])('leaves %s to the parser', (_, text) => {
    expect(read(text)).toBeUndefined();
  });

  it('reads a document inside a larger text, from its --- line', () => {
    const text = `a: 1\n---\nb: [1, "two"]\nc: |\n  x\n---\nd: 4\n`;
    const start = text.indexOf('---');
    const end = text.indexOf('---', start + 3);
    expect(readDirectly(text, start, end)).toEqual({ b: [1, 'two'], c: 'x\n' });
  });
});

describe('on generated documents the proof accepts', () => {
  it('reads either what yaml reads or nothing', () => {
    let readCount = 0;
    fc.assert(
      fc.property(documentText, (text) => {
        if (hasUnusualCharacters(text) || proveWellFormed(text, 0, text.length) === undefined) return;
        const direct = read(text);
        if (direct === undefined) return;
        readCount++;
        const parsed = yamlValue(text);
        expect(isDeepStrictEqual(direct, parsed), text).toBe(true);
        expect(JSON.stringify(direct), text).toBe(JSON.stringify(parsed));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 20000), seed: Number(process.env.FUZZ_SEED ?? 7) },
    );
    // The comparison means something only if many generated documents are read.
    expect(readCount).toBeGreaterThan(1000);
  });
});
