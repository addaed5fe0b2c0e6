/**
 * The loader: one file's text → YAML 1.1 documents → Kubernetes objects, plus parse problems
 * and the only bridge from field paths back to source positions (`resolve`).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, Tags } from 'yaml';
import { scanDirectives } from './directives.js';
import type { CommentDirective } from './directives.js';
import type { Finding, ObjectRef, Path, Position, Region } from './types.js';

/** One Kubernetes object found in a file. `kind: List` items are objects of their own. */
export interface LoadedObject {
  readonly value: Record<string, unknown>;
  readonly ref: ObjectRef;
  readonly documentIndex: number;
  /** Path of the object inside its document: `[]`, or `['items', 3]` for a List item. */
  readonly pathPrefix: Path;
}

export interface Located {
  readonly region: Region;
  /** False when the path did not exist and the region is its closest existing ancestor. */
  readonly exact: boolean;
}

export interface SourceFile {
  readonly filePath: string;
  readonly objects: readonly LoadedObject[];
  /** Documents that could not be read (parse errors), one finding each. */
  readonly problems: readonly Finding[];
  /** Position of a field path (from the document root) in the source. */
  resolve(documentIndex: number, path: Path): Located;
  /** Text of the source line (1-based), for suppression comments. */
  lineText(line: number): string;
  /** `# sidecar-lint-disable…` comments, in source order. */
  readonly directives: readonly CommentDirective[];
}

export interface LoadOptions {
  /** Aliases a document may expand before it is refused (YAML "billion laughs"). */
  readonly maxAliasCount?: number;
}

const DEFAULT_MAX_ALIAS_COUNT = 100;

type AnyDocument = Document.Parsed | Document;

/**
 * YAML 1.1 as kubectl reads it (go-yaml v2 into untyped values): `1:30` is not a base-60 number and
 * `2024-01-01` is not a timestamp; both stay strings, so rules and the schema see what the API server sees.
 */
function kubectlScalars(tags: Tags): Tags {
  return tags.filter((tag) => !(typeof tag === 'object' && (tag.format === 'TIME' || tag.tag === 'tag:yaml.org,2002:timestamp')));
}

export function loadSource(filePath: string, text: string, options: LoadOptions = {}): SourceFile {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    version: '1.1',
    customTags: kubectlScalars,
    lineCounter,
    prettyErrors: false,
    keepSourceTokens: false,
    logLevel: 'silent',
  });
  const documents: AnyDocument[] = Array.isArray(parsed) ? parsed : [];
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line, column: col };
  };
  const regionOf = (start: number, end: number): Region => {
    let stop = Math.max(start, Math.min(end, text.length));
    while (stop > start && /\s/.test(text[stop - 1] ?? '')) stop--;
    return { start: position(start), end: position(stop) };
  };

  const objects: LoadedObject[] = [];
  const problems: Finding[] = [];
  const maxAliasCount = options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;

  documents.forEach((doc, documentIndex) => {
    const error = doc.errors[0];
    if (error) {
      const [start, end] = error.pos;
      problems.push(parseProblem(filePath, documentIndex, regionOf(start, end), `YAML syntax error: ${firstLine(error.message)}`));
      return;
    }
    if (doc.contents === null) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch (thrown) {
      const range = doc.contents.range ?? [0, 0, 0];
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      const message = /alias/i.test(reason)
        ? `YAML document refused: it expands more than ${maxAliasCount} aliases (possible "billion laughs" alias bomb).`
        : `YAML document could not be read: ${firstLine(reason)}`;
      problems.push(parseProblem(filePath, documentIndex, regionOf(range[0], range[0]), message));
      return;
    }
    collectObjects(value, documentIndex, [], objects);
  });

  const resolve = (documentIndex: number, path: Path): Located => {
    const doc = documents[documentIndex];
    if (!doc || !doc.contents) return { region: regionOf(0, 0), exact: false };
    const found = locate(doc, doc.contents, path);
    return { region: regionOf(found.start, found.end), exact: found.exact };
  };

  const lineText = (line: number): string => {
    const starts = lineCounter.lineStarts;
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    return text.slice(start, next === undefined ? text.length : next).replace(/\r?\n$/, '');
  };

  const directives = scanDirectives({ text, position, lineText, lineCount: lineCounter.lineStarts.length });

  return { filePath, objects, problems, resolve, lineText, directives };
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

function parseProblem(filePath: string, documentIndex: number, region: Region, message: string): Finding {
  return { ruleId: 'parse-error', severity: 'error', message, filePath, region, documentIndex, fatal: true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Kubernetes object has string `apiVersion` and `kind`; anything else (values files, workflows) is skipped. */
function collectObjects(value: unknown, documentIndex: number, pathPrefix: Path, into: LoadedObject[]): void {
  if (!isRecord(value)) return;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return;
  if (/List$/.test(kind) && Array.isArray(value.items)) {
    value.items.forEach((item, index) => collectObjects(item, documentIndex, [...pathPrefix, 'items', index], into));
    return;
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? `${metadata.generateName}*` : '';
  const ref: ObjectRef =
    typeof metadata.namespace === 'string' && metadata.namespace !== ''
      ? { apiVersion, kind, name, namespace: metadata.namespace }
      : { apiVersion, kind, name };
  into.push({ value, ref, documentIndex, pathPrefix });
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly exact: boolean;
}

/**
 * Walk a path through the YAML nodes. A map key is reported from the key to the end of its value;
 * a sequence item by the item itself. Aliases and `<<` merge keys are followed to their anchors.
 * A missing segment stops the walk at the closest existing node (`exact: false`).
 */
function locate(doc: AnyDocument, root: Node, path: Path): Span {
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

function deref(doc: AnyDocument, node: Node, depth = 0): Node | null {
  if (!isAlias(node)) return node;
  if (depth > 32) return null;
  const target = node.resolve(doc as Document) as Node | undefined;
  return target ? deref(doc, target, depth + 1) : null;
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
