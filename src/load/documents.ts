/**
 * Where each YAML document of a file begins and ends, so that each is read on its own and a broken
 * one costs only itself. YAML gives a line that starts with `---` or `...` followed by a blank (or
 * the line's end) at column 0 one meaning wherever it stands: a document marker. libyaml's scanner,
 * which go-yaml v2 was ported from, ends plain and block scalars there and rejects quoted scalars
 * that run across one, so cutting at these lines is what the reader itself would do.
 * Text before a document's `---` that holds only blank lines, comments and `%` directives belongs to
 * that document; text after a `...` end marker begins the next one only if it has content.
 */
export interface DocumentSpan {
  /** Offset of the document's first character in the file (its `---` line when it has one). */
  readonly start: number;
  readonly end: number;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
/** A line with no content: blank, a comment, or a directive such as `%YAML 1.1`. */
const NO_CONTENT = /^(?:[ \t]*(?:#.*)?|%.*)\r?$/;

function hasContent(text: string, start: number, end: number): boolean {
  return !text.slice(start, end).split('\n').every((line) => NO_CONTENT.test(line));
}

export function documentSpans(text: string): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  /** Where the document being collected starts, and whether a `---` opened it. */
  let start = 0;
  let explicit = false;
  const close = (end: number) => {
    if (explicit || hasContent(text, start, end)) spans.push({ start, end });
  };
  for (const match of text.matchAll(MARKER)) {
    const at = match.index;
    if (match[0] === '---') {
      // A `---` after content (or after another `---`) ends that document; after nothing it opens this one.
      if (explicit || hasContent(text, start, at)) {
        close(at);
        start = at;
      }
      explicit = true;
    } else {
      const lineEnd = text.indexOf('\n', at);
      const next = lineEnd === -1 ? text.length : lineEnd + 1;
      close(next);
      start = next;
      explicit = false;
    }
  }
  close(text.length);
  return spans;
}

/** Where a document's content starts: after its `---` and any blank or comment lines (its start when it has none). */
export function contentStart(text: string, span: DocumentSpan): number {
  const content = /(?:---(?=[ \t\r\n]|$)[ \t]*)?(?:(?:[ \t]*(?:#.*)?\r?\n))*[ \t]*/y;
  content.lastIndex = span.start;
  const match = content.exec(text);
  const at = match ? span.start + match[0].length : span.start;
  return at < span.end ? at : span.start;
}
