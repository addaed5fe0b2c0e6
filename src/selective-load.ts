/**
 * Loading with the pre-scan: the YAML parser sees only the documents the pre-scan keeps, each as
 * it is, with a bare `---` in place of every skipped document (document indexes do not move).
 * A broken document whose first error shows in a prefix (`first-error.ts`) is skipped too, and
 * that error is reported for it. Offsets in the shorter text map back to the file's own, so
 * positions, lines and findings are the same as with `loadSource` on the full text.
 */
import { DIRECTIVE_MARKER } from './directives.js';
import { earlyErrorOf } from './first-error.js';
import { planDocuments } from './prescan.js';
import { lineAt, lineStartsOf, loadSource } from './source.js';
import { IGNORE_ANNOTATION } from './suppress.js';
import type { DocumentError, LoadOptions, SourceFile } from './source.js';

/** A stretch of the parsed text and where it stands in the file. */
interface Piece {
  readonly parsedStart: number;
  readonly fileStart: number;
  readonly length: number;
}

/** What the parser reads instead of the whole file, and how its offsets map back. */
export interface Selection {
  /** The documents to compose, and `---` for each skipped document; '' when nothing is composed. */
  readonly text: string;
  readonly originalOffset: (offset: number) => number;
  /** First errors of skipped broken documents, by document index, with offsets in the file. */
  readonly earlyErrors: ReadonlyMap<number, DocumentError>;
}

const SKIPPED_DOCUMENT = '---\n';
const NOTHING: Selection = { text: '', originalOffset: (offset) => offset, earlyErrors: new Map() };

/** The parser's text for `text`; undefined when nothing is skipped (parse the file as it is). */
export function selectDocuments(text: string): Selection | undefined {
  // Suppression comments and ignore annotations count in every document (an unused one is
  // reported): parse them all.
  if (text.includes(DIRECTIVE_MARKER) || text.includes(IGNORE_ANNOTATION)) return undefined;
  const plans = planDocuments(text);
  if (plans === undefined) return undefined;
  const earlyErrors = new Map<number, DocumentError>();
  let documentIndex = 0;
  const compose = plans.map((plan) => {
    const early = plan.unproven ? earlyErrorOf(text, plan.start, plan.end) : undefined;
    if (early !== undefined) earlyErrors.set(documentIndex, early);
    if (plan.isDocument) documentIndex++;
    return plan.compose && early === undefined;
  });
  if (compose.every(Boolean)) return undefined;
  if (!compose.some(Boolean) && earlyErrors.size === 0) return NOTHING;
  const parts: string[] = [];
  const pieces: Piece[] = [];
  let parsedLength = 0;
  plans.forEach((plan, index) => {
    const composed = compose[index] === true;
    if (!composed && !plan.isDocument) return;
    const part = composed ? text.slice(plan.start, plan.end) : SKIPPED_DOCUMENT;
    // A skipped document's `---` stands for the segment's first line.
    pieces.push({ parsedStart: parsedLength, fileStart: plan.start, length: composed ? part.length : 3 });
    parts.push(part);
    parsedLength += part.length;
  });
  const originalOffset = (offset: number): number => {
    let low = 0;
    let high = pieces.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((pieces[middle] as Piece).parsedStart <= offset) low = middle;
      else high = middle - 1;
    }
    const piece = pieces[low];
    return piece === undefined ? offset : piece.fileStart + Math.min(offset - piece.parsedStart, piece.length);
  };
  return { text: parts.join(''), originalOffset, earlyErrors };
}

/**
 * `loadSource` without stack traces: the YAML parser builds an Error for every syntax problem, and
 * capturing their stacks costs more than parsing a broken template. Messages are unchanged.
 */
export function loadWithoutStacks(filePath: string, text: string, options: LoadOptions = {}): SourceFile {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return loadSource(filePath, text, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** What `loadSource` gives for a file with no document (its name and `lineText` replaced by the caller's). */
let emptySource: SourceFile | undefined;

export function loadSelectively(filePath: string, text: string, options: LoadOptions = {}): SourceFile {
  const selection = selectDocuments(text);
  if (selection === undefined) return loadWithoutStacks(filePath, text, options);
  if (selection.text === '') {
    // Nothing left to parse (the usual case for files of CRDs, RBAC, config): no objects, no problems.
    let starts: number[] | undefined;
    const lineText = (line: number) => lineAt(text, (starts ??= lineStartsOf(text)), line);
    return { ...(emptySource ??= loadSource('', '')), filePath, lineText };
  }
  return loadWithoutStacks(filePath, selection.text, {
    ...options,
    original: { text, originalOffset: selection.originalOffset },
    earlyErrors: selection.earlyErrors,
  });
}
