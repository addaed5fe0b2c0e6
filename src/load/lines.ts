/** Line starts and line text of a file, counted once per file; positions are computed from them. */

/**
 * Offsets where lines start (after each LF). Counted here rather than by yaml's LineCounter, which
 * misses line breaks inside some malformed plain scalars and then puts positions past the line end.
 */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** Text of a 1-based line without its line break, from the text's {@link lineStartsOf}; '' past the end. */
export function lineAt(text: string, lineStarts: readonly number[], line: number): string {
  const start = lineStarts[line - 1];
  if (start === undefined) return '';
  const next = lineStarts[line];
  return text.slice(start, next === undefined ? text.length : next).replace(/\r?\n$/, '');
}
