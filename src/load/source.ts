/**
 * The loader: one file's text → YAML documents (`documents.ts`) → values read as the API server
 * reads them (`read-document.ts`) → Kubernetes objects, plus one parse problem per unreadable
 * document and the only bridge from field paths back to source positions (`resolve`, which parses
 * a document with `yaml` for its nodes only when a finding needs a position in it).
 */
import { contentStart, documentSpans } from './documents.js';
import type { DocumentSpan } from './documents.js';
import { lineAt, lineStartsOf } from './lines.js';
import { readDocument } from './read-document.js';
import { documentNodes } from './yaml-positions.js';
import type { AnyDocument } from './yaml-positions.js';
import { locate } from './yaml-nodes.js';
import { scanDirectives } from './directives.js';
import type { CommentDirective } from './directives.js';
import type { Finding, ObjectRef, Path, Position, Region } from '../types.js';
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
  /** The line (1-based) a document's content starts on, past its `---` and comments: without building its nodes. */
  documentLine(documentIndex: number): number;
  /** `# sidecar-lint-disable…` comments, in source order. */
  readonly directives: readonly CommentDirective[];
}

export interface LoadOptions {
  /** A document whose alias reuses add more than this × 1,000 values to a walk is refused (YAML "billion laughs"). */
  readonly maxAliasCount?: number;
  /** yaml's nodes of documents from an earlier load of the same file (an editor's last version), reused where a document's text is the same. */
  readonly reuseNodes?: NodeReuse;
}

/** Nodes by document text: `previous` from the last load, `next` filled by this one for the next. */
export interface NodeReuse {
  readonly previous: ReadonlyMap<string, AnyDocument | undefined>;
  readonly next: Map<string, AnyDocument | undefined>;
}

const DEFAULT_MAX_ALIAS_COUNT = 100;

export function loadSource(filePath: string, text: string, options: LoadOptions = {}): SourceFile {
  const lineStarts = lineStartsOf(text);
  const spans = documentSpans(text);
  const position = (offset: number): Position => {
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] ?? 0) <= at) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: at - (lineStarts[low] ?? 0) + 1 };
  };
  const regionOf = (start: number, end: number): Region => ({ start: position(start), end: position(endOfContent(text, start, end)) });

  const objects: LoadedObject[] = [];
  const problems: Finding[] = [];
  const maxAliasCount = options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;
  spans.forEach((span, documentIndex) => {
    const read = readDocument(text.slice(span.start, span.end), maxAliasCount);
    if ('problem' in read) {
      const at = read.offset === undefined ? contentStart(text, span) : span.start + read.offset;
      problems.push(parseProblem(filePath, documentIndex, regionOf(at, at), read.problem));
      return;
    }
    collectObjects(read.value, documentIndex, [], objects);
  });

  const nodes = new Map<number, AnyDocument | undefined>();
  const resolve = (documentIndex: number, path: Path): Located => {
    const span: DocumentSpan | undefined = spans[documentIndex];
    if (span === undefined) return { region: regionOf(0, 0), exact: false };
    if (!nodes.has(documentIndex)) {
      const slice = text.slice(span.start, span.end);
      const reuse = options.reuseNodes;
      const built = reuse?.previous.has(slice) ? reuse.previous.get(slice) : documentNodes(slice);
      reuse?.next.set(slice, built);
      nodes.set(documentIndex, built);
    }
    const doc = nodes.get(documentIndex);
    if (!doc || !doc.contents) return { region: regionOf(span.start, span.start), exact: false };
    const found = locate(doc, doc.contents, path);
    return { region: regionOf(span.start + found.start, span.start + found.end), exact: found.exact };
  };

  const lineText = (line: number): string => lineAt(text, lineStarts, line);
  const documentLine = (documentIndex: number): number => {
    const span = spans[documentIndex];
    return span === undefined ? 1 : position(contentStart(text, span)).line;
  };

  const directives = scanDirectives({ text, position, lineText, lineCount: lineStarts.length });

  return { filePath, objects, problems, resolve, lineText, documentLine, directives };
}

/** Where the text of `text[start, end)` ends, trailing whitespace left out. */
function endOfContent(text: string, start: number, end: number): number {
  let stop = Math.max(start, Math.min(end, text.length));
  while (stop > start && /\s/.test(text[stop - 1] ?? '')) stop--;
  return stop;
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

