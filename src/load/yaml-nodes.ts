/**
 * Walking yaml's nodes of one parsed document: where a field path is written (the only bridge from
 * paths back to offsets).
 * In: a parsed document; out: offsets in the text it was parsed from.
 */
import { isAlias, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { Path } from '../types.js';
import type { AnyDocument } from './yaml-positions.js';

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly exact: boolean;
}

/**
 * Walk a path through the YAML nodes. A map key is reported from the key to the end of its value;
 * a sequence item by the item itself. Aliases and `<<` merge keys are followed to their anchors.
 * A missing segment stops the walk at the closest existing node (`exact: false`).
 */
export function locate(doc: AnyDocument, root: Node, path: Path): Span {
  const whole = root.range ?? [0, 0, 0];
  let span: Span = { start: whole[0], end: whole[1], exact: true };
  let node: Node | null = deref(doc, root);
  for (const segment of path) {
    if (node === null) return { ...span, exact: false };
    if (isMap(node)) {
      const pair = findPair(doc, node, String(segment), 0);
      if (!pair) return { ...span, exact: false };
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      const start = key?.range?.[0] ?? value?.range?.[0] ?? span.start;
      const end = value?.range?.[1] ?? key?.range?.[1] ?? span.end;
      span = { start, end, exact: true };
      node = value ? deref(doc, value) : null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item || !item.range) return { ...span, exact: false };
      span = { start: item.range[0], end: item.range[1], exact: true };
      node = deref(doc, item);
    } else {
      return { ...span, exact: false };
    }
  }
  return span;
}

const aliasTargets = new WeakMap<AnyDocument, Map<Node, Node>>();

/**
 * Every alias of a document with its anchor (the closest one before it), or itself when there is
 * none, in one walk (`Alias.resolve` walks the whole document for each alias).
 */
function targetsOf(doc: AnyDocument): Map<Node, Node> {
  const cached = aliasTargets.get(doc);
  if (cached) return cached;
  const targets = new Map<Node, Node>();
  const anchors = new Map<string, Node>();
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source) ?? node);
      return;
    }
    if (!isNode(node)) return;
    if (typeof node.anchor === 'string') anchors.set(node.anchor, node);
    if (isMap(node)) {
      for (const pair of node.items) {
        walk(pair.key);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
  aliasTargets.set(doc, targets);
  return targets;
}

function deref(doc: AnyDocument, node: Node, depth = 0): Node | null {
  if (!isAlias(node)) return node;
  if (depth > 32) return null;
  const target = targetsOf(doc).get(node);
  return target && target !== node ? deref(doc, target, depth + 1) : null;
}

function isMergeKey(key: unknown): boolean {
  return key === '<<' || (typeof key === 'symbol' && key.description === '<<');
}

function findPair(doc: AnyDocument, map: Node, key: string, depth: number): Pair | undefined {
  if (!isMap(map) || depth > 32) return undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && typeof item.key.value !== 'symbol' && String(item.key.value) === key) {
      return item as Pair;
    }
  }
  // YAML 1.1 merge keys: `<<: *base` or `<<: [*a, *b]`; earlier sources win, as in toJS.
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key) || !isMergeKey(item.key.value) || !item.value) continue;
    const source = deref(doc, item.value as Node);
    const sources: Node[] = isSeq(source) ? (source.items as Node[]) : source ? [source] : [];
    for (const candidate of sources) {
      const target = deref(doc, candidate);
      const found = target ? findPair(doc, target, key, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}
