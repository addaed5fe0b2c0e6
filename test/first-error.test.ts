/**
 * src/load/first-error.ts reports a broken document's first YAML error from a prefix of its text. The
 * answer must be exactly the parser's own for the whole document (position, code, message), or
 * none at all: checked on hand-written templates and on generated documents.
 */
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { earlyErrorOf, mayNestDeeply } from '../src/load/first-error.js';
import { PARSE_OPTIONS } from '../src/load/parse-documents.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** The whole document's first error, as the loader sees it, with offsets in `text`. */
function firstErrorOfWhole(text: string, start: number, end: number) {
  const parsed = parseAllDocuments(text.slice(start, end), PARSE_OPTIONS);
  const error = (Array.isArray(parsed) ? parsed : []).flatMap((doc) => doc.errors)[0];
  return error && { start: start + error.pos[0], end: start + error.pos[1], code: error.code, message: error.message };
}

/** Lines that make a long, valid tail, so that a prefix is worth reading. */
const TAIL = Array.from({ length: 60 }, (_, index) => `  key${index}: value number ${index}`);
const DEPLOYMENT = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    spec:', '      containers:', '      - name: app', '        image: nginx'];

describe('earlyErrorOf', () => {
  it.each([
    ['a template line before the object', lines('{{- if .Values.enabled }}', ...DEPLOYMENT, 'data:', ...TAIL)],
    ['a template line inside a mapping', lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: x', '  {{- include "labels" . }}', 'data:', ...TAIL)],
    ['a template value that needs a key', lines(...DEPLOYMENT, '        {{- with .Values.resources }}', '        resources:', ...TAIL.map((line) => `      ${line}`))],
    ['a document that starts after a --- line', `---\n${lines('{{- end }}', ...DEPLOYMENT, 'data:', ...TAIL)}`],
  ])('reports the first error the whole document has: %s', (_, text) => {
    const early = earlyErrorOf(text, 0, text.length);
    expect(early).toBeDefined();
    expect(early).toEqual(firstErrorOfWhole(text, 0, text.length));
  });

  it('finds the document inside a larger text by its offsets', () => {
    const before = lines('apiVersion: v1', 'kind: ConfigMap', 'data:', '  a: b');
    const broken = `---\n${lines('{{- if .Values.on }}', ...DEPLOYMENT, 'data:', ...TAIL)}`;
    const text = `${before}${broken}---\n${before}`;
    const start = before.length;
    const end = start + broken.length;
    expect(earlyErrorOf(text, start, end)).toEqual(firstErrorOfWhole(text, start, end));
    expect(earlyErrorOf(text, start, end)?.start).toBeGreaterThan(start);
  });

  it.each([
    ['a document without errors', lines(...DEPLOYMENT, 'data:', ...TAIL)],
    ['an error only at the end', lines(...DEPLOYMENT, 'data:', ...TAIL, '{{- end }}')],
    ['an error in the item where the prefix ends', lines('data:', ...TAIL.slice(0, 30), '  {{ bad }}', ...TAIL.slice(30))],
    ['a short document', lines('{{- if .Values.on }}', 'kind: Pod')],
    ['a document whose root is a scalar', lines('text', ...Array.from({ length: 80 }, () => 'more text and more'), '{{ end }}')],
  ])('leaves the whole document to the parser: %s', (_, text) => {
    expect(earlyErrorOf(text, 0, text.length)).toBeUndefined();
  });

  it('leaves a document that may nest deeply enough to exhaust the stack to the loader', () => {
    const deep = `${'['.repeat(300)}${']'.repeat(300)}`;
    const text = lines('{{- if .Values.on }}', ...DEPLOYMENT, 'data:', ...TAIL, `  deep: ${deep}`);
    expect(firstErrorOfWhole(text, 0, text.length)).toBeDefined();
    expect(earlyErrorOf(text, 0, text.length)).toBeUndefined();
  });
});

describe('mayNestDeeply', () => {
  const deeply = (text: string) => mayNestDeeply(text, 0, text.length);
  it('is false for manifests and templates, brackets in quotes and comments included', () => {
    expect(deeply(lines(...DEPLOYMENT, ...TAIL))).toBe(false);
    expect(deeply(lines('a: "{{ .Values.a }}"', 'b: {{ .Values.b }}', '# [[[ not flow', "c: '[[['", ...Array.from({ length: 200 }, () => 'd: "[x"')))).toBe(false);
  });
  it('is true for deep flow nesting, on one line or over many, and for deep indentation', () => {
    expect(deeply(`${'['.repeat(250)}${']'.repeat(250)}\n`)).toBe(true);
    expect(deeply(lines(...Array.from({ length: 250 }, () => '[')))).toBe(true);
    expect(deeply(lines(...Array.from({ length: 120 }, (_, index) => `${' '.repeat(index)}a:`)))).toBe(true);
  });
});

// Generated documents: a valid block skeleton with lines from the usual template and syntax
// mistakes put anywhere, long enough that prefixes are tried.
const KEYS = ['a', 'name', 'kind', 'spec', 'template', 'containers', '"q"', 'x.y/z'];
const VALUES = ['', ' v', ' a b', ' "q"', " 'it''s'", ' [a, b]', ' {a: 1}', ' |', ' >-', ' 0644', ' yes', ' ~'];
const NOISE = [
  '{{- if .Values.a }}', '{{- end }}', '{{ include "x" . | nindent 4 }}', '  {{- toYaml .Values.r | nindent 2 }}', 'name: {{ .Values.n }}',
  '- {{ .Values.item }}', '  image: "{{ .Values.image }}:{{ .Values.tag }}"', '{{- /* comment */ -}}', ']', '}', '[a,', '{a: 1,', '"open',
  "'open", 'key: "a\\qb"', '\tkey: tab', '  - item', '- a: b: c', 'a: &x b', '*x', '!tag a', '? complex', ': value', '@at', '`tick', '%',
  '  more text', '# comment', '', 'b: |', '   text', '  - x: 1', '    y: 2',
];
const INDENTS = ['', '  ', '    ', '      '];

const skeletonLine = fc
  .tuple(fc.constantFrom(...INDENTS), fc.constantFrom('', '- '), fc.constantFrom(...KEYS), fc.constantFrom(...VALUES))
  .map(([indent, dash, key, value]) => `${indent}${dash}${key}:${value}`);
const anyLine = fc.oneof(
  { weight: 6, arbitrary: skeletonLine },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...INDENTS), fc.constantFrom(...NOISE)).map(([indent, text]) => `${indent}${text}`) },
  { weight: 1, arbitrary: fc.constantFrom(...TAIL) },
);
const generated = fc
  .tuple(fc.array(anyLine, { minLength: 2, maxLength: 30 }), fc.integer({ min: 20, max: 200 }), fc.boolean())
  .map(([head, tailLength, marker]) => `${marker ? '---\n' : ''}${lines(...head, 'tail:', ...TAIL.slice(0, tailLength % TAIL.length), ...TAIL.slice(0, tailLength % 7))}`);

describe('on generated documents', () => {
  it('an error found from a prefix is the whole document first error', () => {
    let settled = 0;
    fc.assert(
      fc.property(generated, (text) => {
        const early = earlyErrorOf(text, 0, text.length);
        if (early === undefined) return;
        settled++;
        expect(early, text).toEqual(firstErrorOfWhole(text, 0, text.length));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 5000), seed: Number(process.env.FUZZ_SEED ?? 11) },
    );
    // The comparison means something only if prefixes often settle the answer.
    expect(settled).toBeGreaterThan(500);
  });
});
