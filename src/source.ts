/**
 * The loader: one file's text → YAML 1.1 documents → Kubernetes objects, plus parse problems
 * and the only bridge from field paths back to source positions (`resolve`).
 */
import { Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { DocumentOptions, ErrorCode, Node, Pair, ParseOptions, SchemaOptions, Tags } from 'yaml';
import { scanDirectives } from './directives.js';
import type { CommentDirective } from './directives.js';
import type { Finding, ObjectRef, Path, Position, Region } from './types.js';
import { isRecord } from './values.js';

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
  /**
   * The file's own text when `text` holds only some of its documents (`selective-load.ts`), with
   * `originalOffset` mapping offsets in `text` to offsets in it: positions and lines are the file's.
   */
  readonly original?: { readonly text: string; readonly originalOffset: (offset: number) => number };
  /** Documents already known to be broken, by index: their first error, with offsets in the file's own text. */
  readonly earlyErrors?: ReadonlyMap<number, DocumentError>;
  /** Documents already read (`direct-read.ts`), by index: parsed only to locate a path in them. */
  readonly directValues?: ReadonlyMap<number, DirectValue>;
  /**
   * With an empty `text`: how many documents the file has, each of them skipped, read directly
   * or known to be broken, so that nothing is parsed.
   */
  readonly documentCount?: number;
}

/** A document's value, read without the parser, and where the document is in the file. */
export interface DirectValue {
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
}

/** A YAML error, as the parser reports it, with offsets in the file. */
export interface DocumentError {
  readonly start: number;
  readonly end: number;
  readonly code: ErrorCode;
  readonly message: string;
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

/**
 * Offsets where lines start (after each LF). Counted here rather than by yaml's LineCounter, which
 * misses line breaks inside some malformed plain scalars and then puts positions past the line end.
 */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

export function loadSource(filePath: string, text: string, options: LoadOptions = {}): SourceFile {
  const fileText = options.original?.text ?? text;
  const originalOffset = options.original?.originalOffset ?? ((offset: number) => offset);
  const lineStarts = lineStartsOf(fileText);
  const { documents, tooDeep } =
    options.documentCount === undefined ? parseDocuments(text) : { documents: Array.from({ length: options.documentCount }, emptyDocument), tooDeep: [] };
  const filePosition = (offset: number): Position => {
    const at = Math.max(0, Math.min(offset, fileText.length));
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] ?? 0) <= at) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: at - (lineStarts[low] ?? 0) + 1 };
  };
  const position = (parsedOffset: number): Position => filePosition(originalOffset(Math.max(0, Math.min(parsedOffset, text.length))));
  const regionOf = (start: number, end: number): Region => ({ start: position(start), end: position(endOfContent(text, start, end)) });
  const fileRegionOf = (start: number, end: number): Region => ({ start: filePosition(start), end: filePosition(endOfContent(fileText, start, end)) });

  const objects: LoadedObject[] = [];
  const problems: Finding[] = [];
  const maxAliasCount = options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;

  tooDeep.forEach((offset, index) => problems.push(parseProblem(filePath, index, regionOf(offset, offset), TOO_DEEP)));

  documents.forEach((doc, documentIndex) => {
    const early = options.earlyErrors?.get(documentIndex);
    if (early) {
      problems.push(parseProblem(filePath, documentIndex, fileRegionOf(early.start, early.end), parseErrorMessage(early)));
      return;
    }
    const direct = options.directValues?.get(documentIndex);
    if (direct) {
      collectObjects(direct.value, documentIndex, [], objects);
      return;
    }
    const error = doc.errors[0];
    if (error) {
      const [start, end] = error.pos;
      problems.push(parseProblem(filePath, documentIndex, regionOf(start, end), parseErrorMessage(error)));
      return;
    }
    if (doc.contents === null) return;
    try {
      readDocument(doc, documentIndex);
    } catch (thrown) {
      if (!isStackOverflow(thrown instanceof Error ? thrown.message : String(thrown))) throw thrown;
      const range = doc.contents.range ?? [0, 0, 0];
      problems.push(parseProblem(filePath, documentIndex, regionOf(range[0], range[0]), TOO_DEEP));
    }
  });

  /** Checks and converts one parsed document; walks recurse, so a deep one may exhaust the stack. */
  function readDocument(doc: AnyDocument, documentIndex: number): void {
    if (doc.contents === null) return;
    const { duplicate, targets } = inspect(doc);
    if (duplicate) {
      const range = duplicate.range ?? doc.contents.range ?? [0, 0, 0];
      problems.push(parseProblem(filePath, documentIndex, regionOf(range[0], range[1]), 'YAML syntax error: Map keys must be unique'));
      return;
    }
    // yaml's toJS bounds how far each anchor expands, but finds every alias's anchor by a scan of the
    // whole document: thousands of aliases take minutes. Manifests use a handful, if any.
    const aliases = targets.size;
    if (aliases > maxAliasCount) {
      const range = doc.contents.range ?? [0, 0, 0];
      const message = `YAML document refused: it uses ${aliases} aliases, more than the ${maxAliasCount} allowed (alias-heavy documents can make reading explode, as in "billion laughs").`;
      problems.push(parseProblem(filePath, documentIndex, regionOf(range[0], range[0]), message));
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch (thrown) {
      const range = doc.contents.range ?? [0, 0, 0];
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      const message = isStackOverflow(reason)
        ? TOO_DEEP
        : /alias/i.test(reason)
          ? `YAML document refused: it expands more than ${maxAliasCount} aliases (possible "billion laughs" alias bomb).`
          : `YAML document could not be read: ${firstLine(reason)}`;
      problems.push(parseProblem(filePath, documentIndex, regionOf(range[0], range[0]), message));
      return;
    }
    collectObjects(value, documentIndex, [], objects);
  }

  const parsedDirect = new Map<number, AnyDocument | undefined>();
  const resolve = (documentIndex: number, path: Path): Located => {
    const direct = options.directValues?.get(documentIndex);
    // A document read directly is parsed now, alone, for its positions: its offsets count from its start.
    if (direct && !parsedDirect.has(documentIndex)) parsedDirect.set(documentIndex, parseAll(fileText.slice(direct.start, direct.end))[0]);
    const doc = direct ? parsedDirect.get(documentIndex) : documents[documentIndex];
    const region = direct ? (start: number, end: number) => fileRegionOf(direct.start + start, direct.start + end) : regionOf;
    if (!doc || !doc.contents) return { region: region(0, 0), exact: false };
    const found = locate(doc, doc.contents, path);
    return { region: region(found.start, found.end), exact: found.exact };
  };

  const lineText = (line: number): string => lineAt(fileText, lineStarts, line);

  const directives = scanDirectives({ text, position, lineText, lineCount: lineStarts.length });

  return { filePath, objects, problems, resolve, lineText, directives };
}

/** Text of a 1-based line without its line break, from the text's {@link lineStartsOf}; '' past the end. */
export function lineAt(text: string, lineStarts: readonly number[], line: number): string {
  const start = lineStarts[line - 1];
  if (start === undefined) return '';
  const next = lineStarts[line];
  return text.slice(start, next === undefined ? text.length : next).replace(/\r?\n$/, '');
}

let empty: AnyDocument | undefined;

/** A document with nothing in it, for a document that is not parsed. */
function emptyDocument(): AnyDocument {
  empty ??= new Document();
  return empty;
}

/** How every document is read; `first-error.ts` composes with the same. */
export const PARSE_OPTIONS = {
  version: '1.1',
  customTags: kubectlScalars,
  prettyErrors: false,
  // yaml compares each new key with every earlier one (minutes for a map of 50,000 keys):
  // duplicates are found by inspect instead.
  uniqueKeys: false,
  keepSourceTokens: false,
  logLevel: 'silent',
} as const satisfies ParseOptions & DocumentOptions & SchemaOptions;

function parseAll(text: string): AnyDocument[] {
  const parsed = parseAllDocuments(text, PARSE_OPTIONS);
  return Array.isArray(parsed) ? parsed : [];
}

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

/**
 * Parse all documents. yaml's parser recurses on deep block sequences and can exhaust the stack;
 * then each document that does so alone is blanked out (same length, same line breaks, so every
 * other position stays right), reported by its offset, and the rest is parsed again.
 */
function parseDocuments(text: string): { documents: AnyDocument[]; tooDeep: number[] } {
  try {
    return { documents: parseAll(text), tooDeep: [] };
  } catch (thrown) {
    if (!(thrown instanceof RangeError) || !isStackOverflow(thrown.message)) throw thrown;
  }
  const starts = [0, ...[...text.matchAll(DOCUMENT_START)].map((match) => match.index).filter((index) => index > 0)];
  const tooDeep: number[] = [];
  let blanked = text;
  starts.forEach((start, index) => {
    const end = starts[index + 1] ?? text.length;
    let deep: boolean;
    try {
      // The parser recurses when a document ends, so the segment is tried with an end marker.
      deep = parseAll(`${text.slice(start, end)}\n---\n`).some((doc) => doc.errors.some((error) => error.code === 'RESOURCE_EXHAUSTION'));
    } catch {
      deep = true;
    }
    if (deep) {
      const from = start === 0 ? 0 : start + 3;
      blanked = blanked.slice(0, from) + text.slice(from, end).replace(/[^\n]/g, ' ') + blanked.slice(end);
      tooDeep.push(start);
    }
  });
  try {
    return { documents: parseAll(blanked), tooDeep };
  } catch {
    return { documents: [], tooDeep: [0] };
  }
}

/** Where the text of `text[start, end)` ends, trailing whitespace left out. */
function endOfContent(text: string, start: number, end: number): number {
  let stop = Math.max(start, Math.min(end, text.length));
  while (stop > start && /\s/.test(text[stop - 1] ?? '')) stop--;
  return stop;
}

function parseErrorMessage(error: { readonly code: ErrorCode; readonly message: string }): string {
  return error.code === 'RESOURCE_EXHAUSTION' || isStackOverflow(error.message) ? TOO_DEEP : `YAML syntax error: ${firstLine(error.message)}`;
}

/** yaml's composer catches a stack overflow and reports it as an error (code RESOURCE_EXHAUSTION). */
const TOO_DEEP = 'YAML document refused: it is nested too deeply to read (hundreds of levels); no manifest needs that.';

function isStackOverflow(message: string): boolean {
  return /call stack/i.test(message);
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

function parseProblem(filePath: string, documentIndex: number, region: Region, message: string): Finding {
  return { ruleId: 'parse-error', severity: 'error', message, filePath, region, documentIndex, fatal: true };
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

interface Inspection {
  /** The first key that repeats an earlier scalar key of the same map (maps in document order). */
  readonly duplicate: Node | undefined;
  /** Every alias with its anchor (the closest one before it), or itself when there is none. */
  readonly targets: Map<Node, Node>;
}

const inspections = new WeakMap<AnyDocument, Inspection>();

/**
 * One walk over a document for what toJS does not check: duplicate keys and alias targets
 * (`Alias.resolve` walks the whole document for each alias).
 */
function inspect(doc: AnyDocument): Inspection {
  const cached = inspections.get(doc);
  if (cached) return cached;
  const targets = new Map<Node, Node>();
  const anchors = new Map<string, Node>();
  let duplicate: Node | undefined;
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source) ?? node);
      return;
    }
    if (!isNode(node)) return;
    if (typeof node.anchor === 'string') anchors.set(node.anchor, node);
    if (isMap(node)) {
      if (duplicate === undefined) {
        const seen = new Set<unknown>();
        for (const pair of node.items) {
          if (!isScalar(pair.key)) continue;
          if (seen.has(pair.key.value)) {
            duplicate = pair.key;
            break;
          }
          seen.add(pair.key.value);
        }
      }
      for (const pair of node.items) {
        walk(pair.key);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
  const inspection = { duplicate, targets };
  inspections.set(doc, inspection);
  return inspection;
}

function deref(doc: AnyDocument, node: Node, depth = 0): Node | null {
  if (!isAlias(node)) return node;
  if (depth > 32) return null;
  const target = inspect(doc).targets.get(node);
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
