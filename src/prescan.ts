/**
 * The pre-scan: a cheap pass over a file's text, before any YAML parsing, that splits it into
 * documents and decides for each whether it must be composed. Composing (lexing, parsing, building
 * nodes) is most of a run's cost, and most bytes in real manifests are documents that cannot hold a
 * pod spec (CustomResourceDefinitions, ConfigMaps, RBAC…): those are skipped.
 *
 * A document is skipped only when the scan is sure the engine would find no pod spec in it:
 * - it is a block mapping whose top-level lines are all plain `key:` lines, comments, or `- ` items
 *   under a key with no value, each key once, with no tab-indented lines and no `{{` outside block
 *   scalars (template text, which usually breaks YAML: such documents are composed to report it);
 * - its `kind` and `apiVersion` are plain or quoted words on their own lines (no anchor, alias, tag,
 *   or continuation line), and either one is missing (not a Kubernetes object), or the kind is known
 *   never to hold a pod spec (`kinds.ts`), or the kind needs a `containers` list that the text cannot
 *   hold (no `containers` and no backslash escape anywhere in the document).
 * Anything else is composed: flow-style and JSON documents, `kind` set through an anchor or alias,
 * `List` kinds, explicit or quoted top-level keys, merge keys. Files with `%` directives or `...`
 * document-end markers are composed whole. A line starting `---` ends a document wherever it stands,
 * block scalars included, exactly as the YAML parser treats it.
 */
import { mayHoldPodSpec } from './kinds.js';
import { POD_SPEC_KINDS } from './workloads.js';

export interface DocumentPlan {
  /** Offset where the segment starts (its `---` line, or the start of the file). */
  readonly start: number;
  /** Offset where the next segment starts, or the length of the text. */
  readonly end: number;
  /** Whether the YAML parser counts this segment as a document (a comment-only preamble is not one). */
  readonly isDocument: boolean;
  /** Whether the document must be composed; false when it provably yields no finding. */
  readonly compose: boolean;
  /** Why, for tests and debugging. */
  readonly reason: string;
}

// Column-0 `---` or `...` followed by whitespace or end of line, and `%` directives.
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)|^%/gm;
const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?:[ \t]+(.*))?$/;
const WORD_VALUE = /^(?:"([A-Za-z0-9][A-Za-z0-9_./-]*)"|'([A-Za-z0-9][A-Za-z0-9_./-]*)'|([A-Za-z0-9][A-Za-z0-9_./-]*))(?:[ \t]+#.*)?$/;
// `{{` where a key or plain value starts (`name: {{ x }}`, `- {{ x }}`, `{{- if }}`): not YAML. Inside
// a quoted or plain value (`summary: 'Host {{ $labels.host }}'`) it is ordinary text.
const TEMPLATE_START = /(?:^|[:-][ \t]|\[)[ \t]*\{\{/;
// An anchor (`&name`) where a node starts: after `key: `, `- `, `[`, `{` or `,`, and followed by a space
// or the end of the line (`a && b` in a CEL rule is not one, nor is a `&&` continuing a scalar).
const ANCHOR = /(?::[ \t]+|(?:^|[ \t])-[ \t]+|[[{,][ \t]*)&[^& \t\r\n[\]{},][^ \t\r\n[\]{},]*(?=[ \t\r\n,\]}]|$)/m;
const BLOCK_SCALAR_START = /(?:^|[ \t])[|>][0-9+-]{0,2}[ \t]*(?:#.*)?$/;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const DASH = 45;

/** The segments of a file and what to do with each; undefined means "compose the whole file". */
export function planDocuments(text: string): DocumentPlan[] | undefined {
  const starts = [0];
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match !== null; match = MARKER.exec(text)) {
    if (match[0] !== '---') return undefined;
    if (match.index !== 0) starts.push(match.index);
  }
  const plans: DocumentPlan[] = [];
  starts.forEach((start, index) => {
    const end = starts[index + 1] ?? text.length;
    plans.push(planSegment(text, start, end, text.startsWith('---', start)));
  });
  return plans;
}

function lineEnd(text: string, pos: number, end: number): number {
  const newline = text.indexOf('\n', pos);
  return newline === -1 || newline >= end ? end : newline;
}

function contains(text: string, needle: string, start: number, end: number): boolean {
  const at = text.indexOf(needle, start);
  return at !== -1 && at + needle.length <= end;
}

function indentOf(line: string): number {
  let count = 0;
  while (line.charCodeAt(count) === SPACE) count++;
  return count;
}

function planSegment(text: string, start: number, end: number, hasMarker: boolean): DocumentPlan {
  const plan = (compose: boolean, reason: string, isDocument: boolean): DocumentPlan => ({ start, end, isDocument, compose, reason });
  const unsure = (reason: string) => plan(true, reason, true);

  let pos = start;
  if (hasMarker) {
    const stop = lineEnd(text, pos, end);
    const rest = text.slice(pos + 3, stop).trim();
    if (rest !== '' && !rest.startsWith('#')) return unsure('content on the --- line');
    pos = stop + 1;
  }
  const braces = contains(text, '{{', pos, end);
  const keys = new Set<string>();
  let kind: string | undefined;
  let apiVersion: string | undefined;
  let hasContent = false;
  let lastKeyHasValue = true;
  let afterScalarKey = false;
  let blockIndent = -1;

  while (pos < end) {
    const stop = lineEnd(text, pos, end);
    const first = text.charCodeAt(pos);
    // Fast path: an indented line inside a top-level map, with nothing to check.
    if (first === SPACE && keys.size > 0 && !afterScalarKey && !braces) {
      pos = stop + 1;
      continue;
    }
    let line = text.slice(pos, stop);
    pos = stop + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (first === SPACE || first === TAB) {
      const trimmed = line.trimStart();
      if (trimmed === '') continue;
      if (first === TAB) return unsure('tab-indented line');
      if (trimmed.charCodeAt(0) === HASH) continue;
      hasContent = true;
      if (!keys.size) return unsure('indented first line');
      if (afterScalarKey) return unsure('kind or apiVersion continues on the next line');
      if (braces) {
        const indent = indentOf(line);
        if (blockIndent >= 0 && indent > blockIndent) continue;
        blockIndent = -1;
        if (TEMPLATE_START.test(line.trimStart())) return unsure('template text {{ }}');
        if (BLOCK_SCALAR_START.test(line)) blockIndent = indent;
      }
      continue;
    }
    if (line === '' || first === HASH) continue;
    hasContent = true;
    blockIndent = -1;
    afterScalarKey = false;
    if (first === DASH && (line.length === 1 || line.charCodeAt(1) === SPACE)) {
      if (!keys.size || lastKeyHasValue) return unsure('top-level sequence item');
      if (braces && TEMPLATE_START.test(line)) return unsure('template text {{ }}');
      continue;
    }
    const match = KEY_LINE.exec(line);
    if (!match) return unsure('top-level line that is not a plain key');
    const key = match[1] ?? '';
    const value = (match[2] ?? '').trim();
    if (keys.has(key)) return unsure(`duplicate key ${key}`);
    keys.add(key);
    lastKeyHasValue = value !== '' && !value.startsWith('#');
    if (braces && TEMPLATE_START.test(value)) return unsure('template text {{ }}');
    if (braces && BLOCK_SCALAR_START.test(value)) blockIndent = 0;
    if (key === 'kind' || key === 'apiVersion') {
      const word = WORD_VALUE.exec(value);
      if (!word) return unsure(`${key} is not a plain word`);
      const found = word[1] ?? word[2] ?? word[3] ?? '';
      if (key === 'kind') kind = found;
      else apiVersion = found;
      afterScalarKey = true;
    }
  }

  if (!hasContent) return plan(false, 'no content', hasMarker);
  // Not a Kubernetes object: no finding but its syntax errors, which are worth reporting (values files,
  // broken templates). Anchors: aliases can explode when read (billion laughs), which is reported.
  if (kind === undefined || apiVersion === undefined) return unsure('not a Kubernetes object');
  if (ANCHOR.test(text.slice(start, end))) return unsure('anchors');
  if (kind.endsWith('List')) {
    // Items are objects of their own: skip only when no item can be a workload (no escape can spell one).
    if (contains(text, '\\', start, end) || contains(text, 'containers', start, end) || POD_SPEC_KINDS.some((name) => contains(text, name, start, end))) return unsure('a List');
    return plan(false, 'a List without workloads', true);
  }
  if (!mayHoldPodSpec(apiVersion, kind)) return plan(false, `${kind} never holds a pod spec`, true);
  // Other kinds may hold one (custom resources often do); composing them also reports their syntax errors.
  return unsure(`${kind} may hold a pod spec`);
}
