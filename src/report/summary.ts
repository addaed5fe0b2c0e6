/**
 * What the human formats (text, compact, the timelines) share: ANSI colour, wrapping, plurals, and the summary line
 *   ✖ 8 problems (4 errors, 4 warnings) in 1 file of 3 files checked.
 */
import type { FileResult } from '../types.js';

export const paint = (color: boolean, code: string) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Words of `text` in lines of at most `width` characters (a longer word stands alone). */
export function wrapLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The summary line (with its line feed), or "No problems found" with the files checked. */
export function summaryLine(results: readonly FileResult[], color: boolean): string {
  const findings = results.flatMap((result) => result.findings);
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.length - errors;
  const withProblems = results.filter((result) => result.findings.length > 0).length;
  const checked = plural(results.length, 'file');
  if (findings.length === 0) return `No problems found (${checked} checked).\n`;
  const summary = `${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(withProblems, 'file')} of ${checked} checked.`;
  const bold = paint(color, '1');
  return `${bold(errors > 0 ? paint(color, '31')(`✖ ${summary}`) : paint(color, '33')(`⚠ ${summary}`))}\n`;
}
