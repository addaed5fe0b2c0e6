/**
 * A broken document's first YAML error, read from the start of its text only. Unrendered Helm
 * templates are the usual case: `{{- if … }}` lines make the parser fail within the first lines, and
 * parsing the rest of a long document only to report that first error costs more than linting the
 * workloads. The loader reports one error per document (the first), so a prefix can be enough.
 *
 * Why the answer is the parser's own. yaml's parser reads left to right and only ever extends the
 * last item of each open block collection: the path from the root to where it stands. Every other
 * item is final once a later sibling has started, in the whole document as in any prefix of it that
 * reaches that sibling's line. The composer composes tokens in document order. So the prefix is
 * parsed, the item where it stops (the end of that path) is replaced by a marker that stops the
 * composer when it gets there, and an error reported before the marker is the whole document's
 * first error. When there is none, or the prefix does not parse into a block collection, the
 * caller composes the whole document as before.
 */
import { Composer, Lexer, Parser } from 'yaml';
import type { CST, YAMLParseError } from 'yaml';
import { PARSE_OPTIONS } from './parse-documents.js';
import type { DocumentError } from './source.js';

/**
 * How much of a document is read, in turn. Template errors are mostly within the first lines; on
 * the bench corpus these two settle 89% of the broken documents' bytes (148 of 492 documents).
 */
const PREFIX_LENGTHS = [384, 3072];

/**
 * Nesting beyond this many levels may exhaust the stack, and then the loader reports the document
 * as too deep instead of its first error: such documents are read whole. Stack overflows start at
 * about 300 levels with a 400 kB stack and 1,000 with Node's default.
 */
const MAX_NESTING = 200;

const FRONTIER_MESSAGE = 'sidecar-lint: the composer reached the end of the prefix';

/** Stands for the item where the prefix ends; the composer stops at it. */
const FRONTIER = new Proxy(
  {},
  {
    get() {
      throw new Error(FRONTIER_MESSAGE);
    },
  },
);

/**
 * The first YAML error of the document `text[start, end)` (from its `---` line, if any), found
 * from a prefix; undefined when a prefix does not settle it. The text must have no
 * `hasUnusualCharacters`, directives or `...` markers (the pre-scan's conditions).
 */
export function earlyErrorOf(text: string, start: number, end: number): DocumentError | undefined {
  for (const length of PREFIX_LENGTHS) {
    const cut = prefixEnd(text, start + length, end);
    // Only worth it when the rest is at least as long again as the prefix.
    if (cut === -1 || end - cut < cut - start) return undefined;
    const error = firstErrorOfPrefix(text.slice(start, cut));
    if (error === undefined) continue;
    if (mayNestDeeply(text, start, end)) return undefined;
    return { start: start + error.pos[0], end: start + error.pos[1], code: error.code, message: error.message };
  }
  return undefined;
}

/** End of the first line at or after `from` that holds content (not blank, not only a comment); -1 if none before `end`. */
function prefixEnd(text: string, from: number, end: number): number {
  let lineStart = text.lastIndexOf('\n', from - 1) + 1;
  while (lineStart < end) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 || newline >= end ? end : newline + 1;
    if (lineEnd > from && hasContent(text, lineStart, lineEnd)) return lineEnd < end ? lineEnd : -1;
    lineStart = lineEnd;
  }
  return -1;
}

function hasContent(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const char = text[at];
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
    return char !== '#';
  }
  return false;
}

/** The document's first error as far as `prefix` settles it (offsets in the prefix). */
function firstErrorOfPrefix(prefix: string): YAMLParseError | undefined {
  const tokens = [...new Parser().parse(prefix)];
  const index = tokens.findIndex((token) => token.type === 'document');
  const document = tokens[index];
  if (document?.type !== 'document' || !tokens.slice(0, index).every((token) => token.type === 'comment' || token.type === 'newline' || token.type === 'space')) return undefined;
  const after = tokens[index + 1];
  let errors: YAMLParseError[];
  if (after !== undefined) {
    // The parser closed the document before the prefix's last line (what follows is reported
    // after it): its tokens are final, and composing them gives its first error.
    if (after.offset >= prefix.lastIndexOf('\n', prefix.length - 2) + 1 || tokens.some((token, at) => at > index && token.type === 'document')) return undefined;
    errors = composeErrors(document);
  } else {
    if (!markFrontier(document.value)) return undefined;
    errors = composeErrors(document);
    // Only an error reported before the composer reached the frontier counts.
    if (errors.findIndex((error) => error.code === 'RESOURCE_EXHAUSTION' && error.message === FRONTIER_MESSAGE) < 1) return undefined;
  }
  const first = errors[0];
  // A stack overflow of its own: leave the document to the loader's handling.
  return first?.code === 'RESOURCE_EXHAUSTION' ? undefined : first;
}

function composeErrors(document: CST.Document): YAMLParseError[] {
  const [composed] = new Composer(PARSE_OPTIONS).compose([document]);
  return composed?.errors ?? [];
}

/** Replaces the item where the prefix ends with {@link FRONTIER}; false when the root is no block collection. */
function markFrontier(root: CST.Token | undefined): boolean {
  let collection = root;
  while (collection !== undefined && (collection.type === 'block-map' || collection.type === 'block-seq')) {
    const items: unknown[] = collection.items;
    const last = collection.items[items.length - 1];
    if (last === undefined) return false;
    const value = last.value;
    if (value !== undefined && (value.type === 'block-map' || value.type === 'block-seq') && value.items.length > 0) {
      collection = value;
      continue;
    }
    items[items.length - 1] = FRONTIER;
    return true;
  }
  return false;
}

/**
 * Whether `text[start, end)` might nest more than {@link MAX_NESTING} levels, by a bound: block
 * levels need more indentation each (two per column, for indentless sequences), compact ones
 * (`- - a`, `? `, `key: `) an indicator each on their line, and flow levels a bracket each. A line
 * whose brackets balance, with no quote or comment to hide one, leaves the flow depth as it was;
 * when that count is not enough, yaml's lexer tells which brackets are flow indicators.
 */
export function mayNestDeeply(text: string, start: number, end: number): boolean {
  let maxIndent = 0;
  let maxIndicators = 0;
  let maxOpeners = 0;
  let carriedOpeners = 0;
  let lineStart = start;
  while (lineStart < end) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 || newline >= end ? end : newline;
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === 0x20 && lineStart + indent < lineEnd) indent++;
    let indicators = 0;
    let openers = 0;
    let depth = 0;
    let balanced = true;
    for (let at = lineStart + indent; at < lineEnd; at++) {
      const char = text[at];
      if (char === '[' || char === '{') {
        openers++;
        depth++;
      } else if (char === ']' || char === '}') {
        if (--depth < 0) balanced = false;
      } else if (char === '-' || char === '?' || char === ':') {
        const next = text[at + 1];
        if (at + 1 >= lineEnd || next === ' ' || next === '\t' || next === '\r') indicators++;
      } else if (char === '#' || char === '"' || char === "'") {
        balanced = false;
      }
    }
    if (!balanced || depth !== 0) carriedOpeners += openers;
    maxIndent = Math.max(maxIndent, indent);
    maxIndicators = Math.max(maxIndicators, indicators);
    maxOpeners = Math.max(maxOpeners, openers);
    lineStart = lineEnd + 1;
  }
  const blockLevels = 2 * (maxIndent + 1) + maxIndicators;
  if (blockLevels + carriedOpeners + maxOpeners <= MAX_NESTING) return false;
  return blockLevels + flowDepth(text.slice(start, end)) > MAX_NESTING;
}

/** The deepest flow nesting in `text`: the lexer yields each flow indicator as a token of its own. */
function flowDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '{' || token === '[') deepest = Math.max(deepest, ++depth);
    else if (token === '}' || token === ']') depth--;
  }
  return deepest;
}
