/**
 * Loading with the pre-scan: the YAML parser sees only the documents the pre-scan keeps, each as
 * it is, with a bare `---` in place of every skipped document (document indexes do not move).
 * Offsets in that shorter text map back to the file's own, so positions, lines and findings are
 * the same as with `loadSource` on the full text.
 */
import { DIRECTIVE_MARKER } from './directives.js';
import { planDocuments } from './prescan.js';
import { lineAt, lineStartsOf, loadSource } from './source.js';
import { IGNORE_ANNOTATION } from './suppress.js';
import type { LoadOptions, SourceFile } from './source.js';

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
}

const SKIPPED_DOCUMENT = '---\n';
const NOTHING: Selection = { text: '', originalOffset: (offset) => offset };

/** The parser's text for `text`; undefined when nothing is skipped (parse the file as it is). */
export function selectDocuments(text: string): Selection | undefined {
  // Suppression comments and ignore annotations count in every document (an unused one is
  // reported): parse them all.
  if (text.includes(DIRECTIVE_MARKER) || text.includes(IGNORE_ANNOTATION)) return undefined;
  const plans = planDocuments(text);
  if (plans === undefined || plans.every((plan) => plan.compose)) return undefined;
  if (!plans.some((plan) => plan.compose)) return NOTHING;
  const parts: string[] = [];
  const pieces: Piece[] = [];
  let parsedLength = 0;
  for (const plan of plans) {
    if (!plan.compose && !plan.isDocument) continue;
    const part = plan.compose ? text.slice(plan.start, plan.end) : SKIPPED_DOCUMENT;
    // A skipped document's `---` stands for the segment's first line.
    pieces.push({ parsedStart: parsedLength, fileStart: plan.start, length: plan.compose ? part.length : 3 });
    parts.push(part);
    parsedLength += part.length;
  }
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
  return { text: parts.join(''), originalOffset };
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
  return loadWithoutStacks(filePath, selection.text, { ...options, original: { text, originalOffset: selection.originalOffset } });
}
