/**
 * The well-formedness proof (src/load/wellformed.ts) lets the pre-scan skip documents without losing a
 * parse error. Whatever it proves, the loader must read without a problem, with the same kind,
 * apiVersion and spec keys. Generated documents sit on the edges of the subset it accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSource } from '../src/load/source.js';
import { hasUnusualCharacters, proveWellFormed } from '../src/load/wellformed.js';
import { documentText } from './helpers/block-documents.js';

const prove = (text: string) => (hasUnusualCharacters(text) ? undefined : proveWellFormed(text, 0, text.length));
const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('proveWellFormed', () => {
  it('proves the block YAML manifests are written in and reads kind, apiVersion and spec keys', () => {
    const text = lines(
      '# a comment',
      'apiVersion: "example.com/v1"',
      "kind: 'Thing' # trailing comment",
      'metadata:',
      '  name: web',
      '  labels:',
      '    app.kubernetes.io/name: web',
      '  annotations: {}',
      'spec:',
      '  description: a plain scalar',
      '    over two lines, with a:colon, [brackets] and a#hash',
      "  quoted: 'it''s over",
      "    two lines'",
      '  escaped: "tab\\there \\u00e9"',
      '  script: |-',
      '    echo one',
      '',
      '      indented: not a key',
      '  folded: >',
      '    text',
      '  command: ["sh", -c, \'echo\']',
      '  resources: { requests: { cpu: 100m, memory: 128Mi }, args: [a, "b c"] }',
      '  list:',
      '  - plain',
      '  - name: compact',
      '    value: map',
      '  -',
      '    nested: item',
      '  steps:',
      '  - - name: first',
      '      template: a',
      '    - name: parallel',
      '  - - plain',
      '    -',
      '      - deeper',
      '  $ref: "#/definitions/x"',
    );
    expect(prove(text)).toEqual({
      hasContent: true,
      kind: 'Thing',
      apiVersion: 'example.com/v1',
      specKeys: new Set(['description', 'quoted', 'escaped', 'script', 'folded', 'command', 'resources', 'list', 'steps', '$ref']),
    });
    expect(loadSource('doc.yaml', text).problems).toEqual([]);
  });

  it.each([
    ['a duplicate key', lines('a: 1', 'b: 2', 'a: 3')],
    ['a duplicate quoted key', lines('a: 1', '"a": 2')],
    ['a YAML 1.1 boolean key', lines('on: push')],
    ['a nested mapping in a plain scalar', lines('a: b: c')],
    ['a key-like continuation line', lines('a: text', '  more: text')],
    ['a comment inside a multi-line plain scalar', lines('a: text', '  # note', '  more')],
    ['bad indentation', lines('a:', '    b: 1', '  c: 2')],
    ['a sequence after a scalar value', lines('a: 1', '- 2')],
    ['a tab', lines('a:', '\tb: 1')],
    ['an anchor and an alias', lines('a: &x 1', 'b: *x')],
    ['a tag', lines('a: !!str 1')],
    ['a flow mapping with a duplicate key', lines('a: {b: 1, b: 2}')],
    ['a flow mapping over two lines', lines('a: {b: 1,', '  c: 2}')],
    ['template text', lines('name: {{ .Values.name }}')],
    ['a reserved indicator', lines('a: @b')],
    ['an unknown escape', lines('a: "\\q"')],
    ['an unclosed quote', lines("a: 'text", 'b: 1')],
    ['a quoted scalar whose next line is not indented', lines('a:', "  b: 'x", "  y'")],
    ['block scalar text less indented than its first line', lines('a: |', '    one', '  two')],
    ['block scalar text less indented than its indentation indicator says', lines('a:', '  b: |2', '   text')],
    ['an indentation indicator of 0', lines('a: |0', '  text')],
    ['a top-level sequence', lines('- a', '- b')],
    ['a key out of line in a nested sequence item', lines('a:', '- - name: x', '     y: 1')],
    ['a control character', 'a: \u0007\n'],
    ['a lone carriage return', 'a: 1\rb: 2\n'],
    ['a kind that is not one word', lines('apiVersion: v1', 'kind: Config', '  Map')],
  ])('does not prove %s', (_, text) => {
    expect(prove(text)).toBeUndefined();
  });
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

describe('what the proof accepts, the loader reads without a problem', () => {
  it('on generated documents', () => {
    let proven = 0;
    fc.assert(
      fc.property(documentText, (text) => {
        const shape = prove(text);
        if (shape === undefined) return;
        proven++;
        const source = loadSource('doc.yaml', text);
        expect(source.problems, text).toEqual([]);
        const value = source.objects[0]?.value;
        if (value === undefined) return;
        expect(shape.kind, text).toBe(value.kind);
        expect(shape.apiVersion, text).toBe(value.apiVersion);
        const specKeys = isRecord(value.spec) ? Object.keys(value.spec).sort() : [];
        expect([...(shape.specKeys ?? [])].sort(), text).toEqual(specKeys);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 20000), seed: Number(process.env.FUZZ_SEED ?? 5) },
    );
    // The generator must reach the accepted side often enough for the comparison to mean something.
    expect(proven).toBeGreaterThan(1000);
  });
});
