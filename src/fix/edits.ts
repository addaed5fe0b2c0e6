/**
 * The edits of each fix operation, as splices of the source text: the node's own range for a
 * scalar or a key, whole lines for a moved container. In: the file's text and its parsed document;
 * out: candidate splice sets, each checked by `apply-fix.ts` before one is kept, or why none can be made.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { inStyle, scalarSource, sourceRange, valueEdits } from './scalar-source.js';
import type { FixOperation, MoveContainer, Path, ReplaceInScalar, SetKey } from '../types.js';

type Parsed = Document.Parsed;

export interface Splice {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

// ---------------------------------------------------------------------------------------------
// Finding nodes

/** Walk a path through real nodes only: an alias or a merge key on the way makes the fix unsafe. */
function nodeAt(document: Parsed, path: Path): Node | string {
  let node: unknown = document.contents;
  for (const segment of path) {
    if (isAlias(node)) return 'the path goes through a YAML alias';
    if (isMap(node)) {
      const pair = pairOf(node, String(segment));
      if (!pair) return 'the path is not in the file (merged or generated?)';
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return 'the path is not in the file';
    }
  }
  if (!node || isAlias(node)) return 'the field is a YAML alias or empty';
  return node as Node;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key) as Pair | undefined;
}

// ---------------------------------------------------------------------------------------------
// Lines

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break ending the line that holds `offset` (before `\r\n`), or the text end. */
function lineContentEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** Offset just after the line break ending the line that holds `offset`. */
function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Last non-whitespace offset before `end` (the end of a node's value). */
function lastContent(text: string, end: number): number {
  let at = end - 1;
  while (at > 0 && /\s/.test(text[at] ?? '')) at--;
  return at;
}

function lineAt(text: string, offset: number): string {
  return text.slice(lineStart(text, offset), lineContentEnd(text, offset));
}

function indentOf(line: string): number {
  return /^ */.exec(line)?.[0].length ?? 0;
}

function isCommentLine(line: string): boolean {
  return /^\s*#/.test(line);
}

// ---------------------------------------------------------------------------------------------
// Splices per operation (alternatives, tried in order)

export function spliceCandidates(text: string, document: Parsed, operation: FixOperation): Splice[][] | string {
  switch (operation.kind) {
    case 'replace-in-scalar':
      return replaceInScalar(text, document, operation);
    case 'set':
      return setKey(text, document, operation);
    case 'move-container':
      return moveContainer(text, document, operation);
  }
}

/**
 * Only the characters the fix changes are edited, where the source holds them as they are: every
 * other character of the string keeps its escapes, quoting and line layout. A change that falls on
 * an escape or a folded line break is refused rather than re-rendering the string.
 */
function replaceInScalar(text: string, document: Parsed, operation: ReplaceInScalar): Splice[][] | string {
  const node = nodeAt(document, operation.path);
  if (typeof node === 'string') return node;
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return 'the field to edit is not a string';
  const edits = valueEdits(node.value, operation.from, operation.to);
  if (edits.length === 0) return 'the text to replace is not there';
  const mapped = scalarSource(text, node);
  if (!mapped) return 'the string is written in a way the fixer does not follow (an explicit indentation or an invalid escape)';
  const splices: Splice[] = [];
  for (const edit of edits) {
    const range = sourceRange(mapped, edit.start, edit.end);
    if (!range) return 'the text to change is written as an escape or across lines in the source';
    const insert = inStyle(node.type, edit.insert);
    if (insert === undefined) return 'the new text cannot be written in this string without rewriting it';
    splices.push({ start: range[0], end: range[1], insert });
  }
  return [splices];
}

/** A scalar as YAML source: plain when that reads back as the same value, else double-quoted. */
export function renderScalar(value: string | number | boolean, json: boolean): string {
  if (typeof value !== 'string') return String(value);
  if (json) return JSON.stringify(value);
  const plainSafe = /^[A-Za-z_/][\w./-]*$/.test(value) && !/^(y|yes|n|no|true|false|on|off|null|~)$/i.test(value);
  return plainSafe ? value : JSON.stringify(value);
}

function setKey(text: string, document: Parsed, operation: SetKey): Splice[][] | string {
  const node = nodeAt(document, operation.path);
  if (typeof node === 'string') return node;
  if (!isMap(node) || !node.range) return 'the field to set is not in a map';
  const existing = pairOf(node, operation.key);
  const flow = node.flow === true;
  const firstKey = (node.items[0] as Pair | undefined)?.key;
  const json = flow && isScalar(firstKey) && firstKey.type === 'QUOTE_DOUBLE';
  const rendered = renderScalar(operation.value, json);
  if (existing) {
    const value = existing.value;
    if (!isScalar(value) || !value.range) return `${operation.key} holds something other than a plain value`;
    return [[{ start: value.range[0], end: value.range[1], insert: rendered }]];
  }
  const key = json ? JSON.stringify(operation.key) : renderScalar(operation.key, false);
  if (flow) {
    const lastItem = node.items[node.items.length - 1] as Pair | undefined;
    const lastEnd = (lastItem?.value as Node | null | undefined)?.range?.[1] ?? (lastItem?.key as Node | undefined)?.range?.[1];
    if (lastEnd === undefined) {
      const close = text.lastIndexOf('}', node.range[1]);
      if (close < node.range[0]) return 'the map has no closing brace';
      return [[{ start: close, end: close, insert: `${key}: ${rendered}` }]];
    }
    return [[{ start: lastEnd, end: lastEnd, insert: `, ${key}: ${rendered}` }]];
  }
  const keyColumn = column(text, node.range[0]);
  const after = lineContentEnd(text, lastContent(text, node.range[1]));
  return [[{ start: after, end: after, insert: `${eolOf(text)}${' '.repeat(keyColumn)}${key}: ${rendered}` }]];
}

/**
 * Lines of one block sequence item: the comment lines above it at the column of its dash, the item,
 * and the comment lines below it indented deeper than its dash (inside it).
 */
interface ItemBlock {
  readonly start: number;
  readonly end: number;
  readonly dashColumn: number;
  readonly dashLine: number;
}

function itemBlock(text: string, item: Node): ItemBlock | string {
  if (!item.range) return 'the container has no position';
  let dash = item.range[0] - 1;
  while (dash >= 0 && /\s/.test(text[dash] ?? '')) dash--;
  if (text[dash] !== '-') return 'the container is not a block sequence item';
  const dashLine = lineStart(text, dash);
  if (text.slice(dashLine, dash).trim() !== '') return 'the container does not start its line';
  const dashColumn = dash - dashLine;
  let start = dashLine;
  while (start > 0) {
    const previous = lineStart(text, start - 1);
    const line = text.slice(previous, start).replace(/\r?\n$/, '');
    // A comment at the dash's column introduces this item; a deeper one ends the item above.
    if (!isCommentLine(line) || indentOf(line) !== dashColumn) break;
    start = previous;
  }
  let end = nextLineStart(text, lastContent(text, item.range[1]));
  while (end < text.length) {
    const line = lineAt(text, end);
    if (!isCommentLine(line) || indentOf(line) <= dashColumn) break;
    end = nextLineStart(text, end);
  }
  return { start, end, dashColumn, dashLine };
}

function reindent(block: string, delta: number): string | undefined {
  if (delta === 0) return block;
  const lines = block.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') out.push(line);
    else if (delta > 0) out.push(' '.repeat(delta) + line);
    else if (indentOf(line) >= -delta) out.push(line.slice(-delta));
    else return undefined;
  }
  return out.join('\n');
}

function moveContainer(text: string, document: Parsed, operation: MoveContainer): Splice[][] | string {
  const index = operation.path[operation.path.length - 1];
  const listPath = operation.path.slice(0, -1);
  const specPath = listPath.slice(0, -1);
  if (typeof index !== 'number' || listPath[listPath.length - 1] !== 'containers') return 'only containers can be moved';
  const spec = nodeAt(document, specPath);
  const list = nodeAt(document, listPath);
  if (typeof spec === 'string') return spec;
  if (typeof list === 'string') return list;
  if (!isMap(spec) || spec.flow || !isSeq(list) || list.flow) return 'the containers are written in flow style';
  const item = list.items[index] as Node | undefined;
  if (!item || !isMap(item) || item.flow || !item.range) return 'the container is not a block map';
  const block = itemBlock(text, item);
  if (typeof block === 'string') return block;
  const eol = eolOf(text);

  // The container's own text, with the keys to set added after its first line (or its last).
  let body = text.slice(block.start, block.end);
  if (!body.endsWith('\n')) body += eol;
  const additions: string[] = [];
  for (const [key, value] of Object.entries(operation.set ?? {})) {
    const present = pairOf(item, key);
    if (present) {
      if (!isScalar(present.value) || present.value.value !== value) return `the container already sets ${key} to another value`;
      continue;
    }
    additions.push(`${' '.repeat(column(text, item.range[0]))}${renderScalar(key, false)}: ${renderScalar(value, false)}`);
  }
  if (additions.length > 0) {
    const first = item.items[0] as Pair | undefined;
    const firstEnd = (first?.value as Node | null | undefined)?.range?.[1];
    const firstOnDashLine = firstEnd !== undefined && lineStart(text, lastContent(text, firstEnd)) === block.dashLine;
    const anchor = firstOnDashLine ? lastContent(text, firstEnd) : lastContent(text, item.range[1]);
    const at = lineContentEnd(text, anchor) - block.start;
    body = body.slice(0, at) + additions.map((line) => eol + line).join('') + body.slice(at);
  }

  // A file that ends without a line break keeps ending without one: take the break before the block.
  const unterminated = block.end === text.length && !text.endsWith('\n') && block.start > 0;
  const breakBefore = unterminated ? (text[block.start - 2] === '\r' ? 2 : 1) : 0;
  const removal: Splice = { start: block.start - breakBefore, end: block.end, insert: '' };
  const targetPair = pairOf(spec, operation.to);
  if (!targetPair || targetPair.value === null) {
    if (targetPair) return `${operation.to} is empty but present`;
    const containersPair = pairOf(spec, 'containers');
    const key = containersPair?.key as Node | undefined;
    if (!key?.range) return 'containers has no position';
    const keyColumn = column(text, key.range[0]);
    let at = lineStart(text, key.range[0]);
    if (text.slice(at, key.range[0]).trim() !== '') return 'containers does not start its line';
    while (at > 0) {
      const previous = lineStart(text, at - 1);
      const line = text.slice(previous, at).replace(/\r?\n$/, '');
      if (!isCommentLine(line) || indentOf(line) !== keyColumn) break;
      at = previous;
    }
    return [[{ start: at, end: at, insert: `${' '.repeat(keyColumn)}${operation.to}:${eol}${body}` }, removal]];
  }
  const target = targetPair.value as Node;
  if (!isSeq(target) || target.flow) return `${operation.to} is written in flow style`;
  const targetItems = (target as YAMLSeq).items as Node[];
  const anchorItem = operation.position === 'start' ? targetItems[0] : targetItems[targetItems.length - 1];
  if (!anchorItem) return `${operation.to} is an empty list`;
  const anchorBlock = itemBlock(text, anchorItem);
  if (typeof anchorBlock === 'string') return anchorBlock;
  const moved = reindent(body, anchorBlock.dashColumn - block.dashColumn);
  if (moved === undefined) return 'the container cannot be re-indented';
  if (operation.position === 'start') return [[{ start: anchorBlock.start, end: anchorBlock.start, insert: moved }, removal]];
  const at = anchorBlock.end;
  const prefix = at === text.length && !text.endsWith('\n') ? eol : '';
  return [[{ start: at, end: at, insert: prefix + moved }, removal]];
}
