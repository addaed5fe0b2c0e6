/**
 * The loader: one file's text → YAML 1.1 documents → Kubernetes objects, plus parse problems
 * and the only bridge from field paths back to source positions (`resolve`).
 */
import { Document } from 'yaml';
import type { ErrorCode } from 'yaml';
import { lineAt, lineStartsOf } from './lines.js';
import { firstLine, isStackOverflow, parseAll, parseDocuments, parseErrorMessage, TOO_DEEP } from './parse-documents.js';
import type { AnyDocument } from './parse-documents.js';
import { inspect, locate } from './yaml-nodes.js';
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

let empty: AnyDocument | undefined;

/** A document with nothing in it, for a document that is not parsed. */
function emptyDocument(): AnyDocument {
  empty ??= new Document();
  return empty;
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

