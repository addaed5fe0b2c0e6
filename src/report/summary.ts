/**
 * What the human formats (text, compact, the timelines) share: ANSI colour, wrapping, plurals, and the summary line
 *   ✖ 8 problems (4 errors, 4 warnings) in 1 file of 3 files checked.
 */
import { problemText } from '../load/read-problem.js';
import type { FileResult, ReadProblem } from '../types.js';
import { escapeForTerminal } from './terminal-escape.js';

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

/**
 * The summary line (with its line feed): the findings, or "No problems found", with the files
 * checked; and the paths that could not be read, which make a run fail whatever was found.
 */
export function summaryLine(results: readonly FileResult[], color: boolean, problems: readonly ReadProblem[] = []): string {
  const findings = results.flatMap((result) => result.findings);
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.length - errors;
  const withProblems = results.filter((result) => result.findings.length > 0).length;
  const checked = plural(results.length, 'file');
  const notRead = problems.length > 0 ? `; ${plural(problems.length, 'path')} could not be read` : '';
  const bold = paint(color, '1');
  if (findings.length === 0 && problems.length === 0) return `No problems found (${checked} checked).\n`;
  if (findings.length === 0) return `${bold(paint(color, '31')(`✖ ${plural(problems.length, 'path')} could not be read; no problems found in the ${checked} checked.`))}\n`;
  const summary = `${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(withProblems, 'file')} of ${checked} checked${notRead}.`;
  return `${bold(errors > 0 || problems.length > 0 ? paint(color, '31')(`✖ ${summary}`) : paint(color, '33')(`⚠ ${summary}`))}\n`;
}

/** The paths that could not be read, for the human formats: `Not read:` and one line each. */
export function notReadBlock(problems: readonly ReadProblem[], color: boolean): string | undefined {
  if (problems.length === 0) return undefined;
  const red = paint(color, '31');
  return ['Not read:', ...problems.map((problem) => `  ${red('error  ')}  ${escapeForTerminal(problemText(problem))}`)].join('\n');
}
