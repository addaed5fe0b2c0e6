/**
 * Loading with the pre-scan: the YAML parser sees only the documents the pre-scan keeps, each as
 * it is, with a `---` line in place of every skipped document (document indexes do not move).
 * Offsets in the shorter text map back to the file's own, so positions, lines and findings are
 * the same as with `loadSource` on the full text. Two kinds of kept documents need no parser:
 * - a broken one whose first error shows in a prefix (`first-error.ts`): that error is reported;
 * - a proven one in the plain subset `direct-read.ts` reads: its value is linted, and it is
 *   parsed only if a finding needs a position in it.
 */
import { Lexer } from 'yaml';
import { DIRECTIVE_MARKER, IGNORE_ANNOTATION } from './directives.js';
import { readDirectly } from './direct-read.js';
import { earlyErrorOf } from './first-error.js';
import { planDocuments } from './prescan.js';
import type { DocumentPlan } from './prescan.js';
import { lineAt, lineStartsOf } from './lines.js';
import { loadSource } from './source.js';
import type { DirectValue, DocumentError, LoadOptions, SourceFile } from './source.js';

/** A stretch of the parsed text and where it stands in the file. */
interface Piece {
  readonly parsedStart: number;
  readonly fileStart: number;
  readonly length: number;
}

/** What the parser reads instead of the whole file, and how its offsets map back. */
export interface Selection {
  /** The documents to compose, and {@link SKIPPED_DOCUMENT} for each skipped one; '' when nothing is composed. */
  readonly text: string;
  readonly originalOffset: (offset: number) => number;
  /** First errors of skipped broken documents, by document index, with offsets in the file. */
  readonly earlyErrors: ReadonlyMap<number, DocumentError>;
  /** Values of documents read without the parser, by document index. */
  readonly directValues: ReadonlyMap<number, DirectValue>;
  /** How many documents the file has. */
  readonly documentCount: number;
}

/**
 * What stands for a skipped document. yaml's lexer ends a quoted scalar left open at a `---` line
 * only when the quote closes somewhere later in the text (otherwise the scalar runs to the end of
 * the file): the comment gives the parsed text a closing `"` and `'` wherever the file has one.
 */
const SKIPPED_DOCUMENT = '---\n#"\'\n';
const sameOffset = (offset: number): number => offset;
const NOTHING: Selection = { text: '', originalOffset: sameOffset, earlyErrors: new Map(), directValues: new Map(), documentCount: 0 };

/** The parser's text for `text`; undefined when nothing is skipped (parse the file as it is). */
export function selectDocuments(text: string): Selection | undefined {
  // Suppression comments and ignore annotations count in every document (an unused one is
  // reported): parse them all.
  if (text.includes(DIRECTIVE_MARKER) || text.includes(IGNORE_ANNOTATION)) return undefined;
  const plans = planDocuments(text);
  if (plans === undefined || mayRunIntoNextDocuments(text, plans)) return undefined;
  const earlyErrors = new Map<number, DocumentError>();
  const directValues = new Map<number, DirectValue>();
  let documentIndex = -1;
  const compose = plans.map((plan) => {
    if (plan.isDocument) documentIndex++;
    if (!plan.compose) return false;
    const early = plan.unproven ? earlyErrorOf(text, plan.start, plan.end) : undefined;
    if (early !== undefined) {
      earlyErrors.set(documentIndex, early);
      return false;
    }
    const value = plan.proven ? readDirectly(text, plan.start, plan.end) : undefined;
    if (value === undefined) return true;
    directValues.set(documentIndex, { value, start: plan.start, end: plan.end });
    return false;
  });
  if (compose.every(Boolean)) return undefined;
  if (!compose.some(Boolean)) {
    // Nothing to parse: skipped, read directly or known broken, every document.
    if (earlyErrors.size === 0 && directValues.size === 0) return NOTHING;
    return { text: '', originalOffset: sameOffset, earlyErrors, directValues, documentCount: documentIndex + 1 };
  }
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
  return { text: parts.join(''), originalOffset, earlyErrors, directValues, documentCount: documentIndex + 1 };
}

/**
 * Whether a document the proof cannot vouch for ends inside a quoted scalar that never closes:
 * yaml's lexer then reads the rest of the file into it, later documents included, so no document
 * after it may be skipped. It takes a quote character in the document and none after it that could
 * close it; then the document is lexed to tell.
 */
function mayRunIntoNextDocuments(text: string, plans: readonly DocumentPlan[]): boolean {
  let lastDouble: number | undefined;
  let lastSingle: number | undefined;
  return plans.some((plan, index) => {
    if (plan.proven || index === plans.length - 1) return false;
    const unclosable = (quote: '"' | "'", last: number): boolean => {
      const first = text.indexOf(quote, plan.start);
      return first !== -1 && first < plan.end && last < plan.end;
    };
    if (!unclosable('"', (lastDouble ??= lastClosingQuote(text, '"'))) && !unclosable("'", (lastSingle ??= lastClosingQuote(text, "'")))) return false;
    return endsInsideQuote(text.slice(plan.start, plan.end));
  });
}

/** Whether yaml's lexer, at the end of `text`, is inside a quoted scalar. */
function endsInsideQuote(text: string): boolean {
  let last = '';
  for (const lexeme of new Lexer().lex(text)) last = lexeme;
  const quote = last[0];
  if (quote !== '"' && quote !== "'") return false;
  // Closed: it ends with its quote, one not escaped by a backslash.
  return last.length < 2 || last[last.length - 1] !== quote || (quote === '"' && isEscaped(last, last.length - 1));
}

/** Whether the character at `at` follows an odd number of backslashes. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (text[at - 1 - backslashes] === '\\') backslashes++;
  return backslashes % 2 === 1;
}

/**
 * The last `quote` in the text that can close a quoted scalar: not escaped by backslashes (`"`),
 * not one of a doubled pair (`'`); -1 if none.
 */
function lastClosingQuote(text: string, quote: '"' | "'"): number {
  for (let at = text.lastIndexOf(quote); at !== -1; at = text.lastIndexOf(quote, at - 1)) {
    if (quote === "'" ? text[at - 1] !== "'" && text[at + 1] !== "'" : !isEscaped(text, at)) return at;
  }
  return -1;
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
  if (selection === NOTHING) {
    // Nothing left to parse (the usual case for files of CRDs, RBAC, config): no objects, no problems.
    let starts: number[] | undefined;
    const lineText = (line: number) => lineAt(text, (starts ??= lineStartsOf(text)), line);
    return { ...(emptySource ??= loadSource('', '')), filePath, lineText };
  }
  return loadWithoutStacks(filePath, selection.text, {
    ...options,
    original: { text, originalOffset: selection.originalOffset },
    earlyErrors: selection.earlyErrors,
    directValues: selection.directValues,
    ...(selection.text === '' ? { documentCount: selection.documentCount } : {}),
  });
}
