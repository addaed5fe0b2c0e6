/**
 * The fixer: one fix operation → one edited source text. Edits are splices of the fixed node's own
 * source range (or whole lines of a moved container), so every byte elsewhere stays as it was:
 * comments, anchors, key order, quoting, blank lines. Every edit is checked by parsing the result
 * again and comparing every document, as JavaScript values, with what the operation should produce;
 * an edit that fails the check is refused, never written.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { spliceCandidates } from './edits.js';
import type { Splice } from './edits.js';
import type { FixOperation } from '../types.js';
import { isRecord } from '../load/values.js';

/** One splice as applied: `removed` is the text it replaced, so that the edit can be shown or undone. */
export interface AppliedSplice extends Splice {
  readonly removed: string;
}

/** The edited text and the splices that made it, on the text before, in source order. */
export type FixApplied = { readonly text: string; readonly splices: readonly AppliedSplice[] } | { readonly refused: string };

const MAX_ALIAS_COUNT = 100;

type Parsed = Document.Parsed;

function parse(text: string): Parsed[] {
  return parseAllDocuments(text, { version: '1.1', keepSourceTokens: true, prettyErrors: false, logLevel: 'silent' }) as Parsed[];
}

/** Apply one operation to the document `documentIndex` of `text`. */
export function applyFix(text: string, documentIndex: number, operation: FixOperation): FixApplied {
  const documents = parse(text);
  const document = documents[documentIndex];
  if (!document || document.errors.length > 0 || documents.some((doc) => doc.errors.length > 0)) return { refused: 'the file does not parse' };
  let before: unknown[];
  try {
    before = documents.map((doc) => doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  } catch {
    return { refused: 'the file does not read as plain values' };
  }
  const expected = [...before];
  const target = expectedValue(before[documentIndex], operation);
  if (typeof target === 'string') return { refused: target };
  expected[documentIndex] = target;

  const candidates = spliceCandidates(text, document, operation);
  if (typeof candidates === 'string') return { refused: candidates };
  let reason = 'the edited file would not parse to the intended values';
  for (const splices of candidates) {
    const edited = applySplices(text, splices);
    const problem = verify(text, edited, expected);
    if (problem === undefined) {
      const applied = [...splices].sort((a, b) => a.start - b.start).map((splice) => ({ ...splice, removed: text.slice(splice.start, splice.end) }));
      return { text: edited, splices: applied };
    }
    reason = problem;
  }
  return { refused: reason };
}

// ---------------------------------------------------------------------------------------------
// What the operation means, on plain values

function clone<T>(value: T): T {
  return structuredClone(value);
}

function childOf(value: unknown, segment: string | number): unknown {
  if (Array.isArray(value) && typeof segment === 'number') return value[segment];
  if (isRecord(value)) return value[String(segment)];
  return undefined;
}

/** The document value the operation should produce, or why it cannot apply. */
export function expectedValue(document: unknown, operation: FixOperation): unknown {
  const root = clone(document);
  const parentPath = operation.path.slice(0, -1);
  const last = operation.path[operation.path.length - 1];
  let parent: unknown = root;
  for (const segment of parentPath) parent = childOf(parent, segment);
  if (last === undefined) return 'the fix has an empty path';
  switch (operation.kind) {
    case 'replace-in-scalar': {
      const value = childOf(parent, last);
      if (typeof value !== 'string') return 'the field to edit is not a string';
      const next = value.replace(operation.from, operation.to);
      if (next === value) return 'the text to replace is not there';
      (parent as Record<string | number, unknown>)[last] = next;
      return root;
    }
    case 'set': {
      const map = childOf(parent, last);
      if (!isRecord(map)) return 'the field to set is not in a map';
      if (map[operation.key] === operation.value) return 'the field already has that value';
      map[operation.key] = operation.value;
      return root;
    }
    case 'move-container': {
      const list = parent;
      const spec = parentPath.slice(0, -1).reduce<unknown>(childOf, root);
      if (!Array.isArray(list) || typeof last !== 'number' || !isRecord(spec)) return 'the container to move is not in a container list';
      const [container] = list.splice(last, 1);
      if (!isRecord(container)) return 'the container to move is not a map';
      if (list.length === 0) return 'it is the only container of the pod';
      const existing = spec[operation.to];
      if (existing !== undefined && existing !== null && !Array.isArray(existing)) return `${operation.to} is not a list`;
      const target = Array.isArray(existing) ? existing : [];
      const moved = { ...container, ...(operation.set ?? {}) };
      if (operation.position === 'start') target.unshift(moved);
      else target.push(moved);
      spec[operation.to] = target;
      return root;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Checking an edit

function verify(original: string, edited: string, expected: readonly unknown[]): string | undefined {
  if (edited === original) return 'the edit changes nothing';
  const documents = parse(edited);
  if (documents.length !== expected.length) return 'the edited file would have a different number of documents';
  if (documents.some((doc) => doc.errors.length > 0)) return 'the edited file would not parse';
  let values: unknown[];
  try {
    values = documents.map((doc) => doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  } catch {
    return 'the edited file would not read as plain values';
  }
  if (!isDeepStrictEqual(values, expected)) return 'the edit would change more than the fixed field';
  if (isJson(original) && !isJson(edited)) return 'the edit would turn a JSON file into YAML';
  return undefined;
}

function isJson(text: string): boolean {
  if (!/^\s*[{[]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function applySplices(text: string, splices: readonly Splice[]): string {
  const ordered = [...splices].sort((a, b) => b.start - a.start);
  let out = text;
  for (const splice of ordered) out = out.slice(0, splice.start) + splice.insert + out.slice(splice.end);
  return out;
}
