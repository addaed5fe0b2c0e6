/**
 * GitHub Actions workflow commands, one per finding, so a job annotates the pull request at the
 * offending field without code scanning:
 *   ::error file=k8s/app.yaml,line=3,col=5,endLine=3,endColumn=9,title=rule-id::message
 * Manifest text reaches the message and file name, so it is escaped twice. First for the log
 * (`escapeForTerminal`): the runner prints the message, and the log viewer acts on ANSI colours and
 * links, so a control character is shown as `\x1b`, a line break in a name as `\n`. Then the way
 * the runner unescapes a command (actions/toolkit's `escapeData` and `escapeProperty`): no finding
 * can end its line early and start a command of its own.
 */
import { findSourceRoot, rootRelativePath } from './source-root.js';
import { escapeForTerminal } from './terminal-escape.js';
import type { Formatter } from './formatter.js';
import { problemText, READ_ERROR } from '../load/read-problem.js';

/** The message part: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: as data, plus `:` and `,`, which end a value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const formatGithub: Formatter = (results, context) => {
  const root = findSourceRoot(context.cwd);
  const lines: string[] = [];
  for (const result of results) {
    for (const finding of result.findings) {
      const { start, end } = finding.region;
      const file = rootRelativePath(finding.filePath, context.cwd, root);
      const properties: [string, string | number][] = [
        ...(file !== undefined ? [['file', file] as [string, string]] : []),
        ['line', start.line],
        ['col', start.column],
        ['endLine', end.line],
        ['endColumn', end.column],
        ['title', finding.ruleId],
      ];
      const list = properties.map(([key, value]) => `${key}=${escapeProperty(escapeForTerminal(String(value)))}`).join(',');
      lines.push(`::${finding.severity} ${list}::${escapeData(escapeForTerminal(finding.message))}`);
    }
  }
  // A path that could not be read: an error of the run, on the file when it is one in the repository.
  for (const problem of context.problems ?? []) {
    const file = rootRelativePath(problem.path, context.cwd, root);
    const properties = [...(file !== undefined ? [`file=${escapeProperty(escapeForTerminal(file))}`] : []), `title=${READ_ERROR}`];
    lines.push(`::error ${properties.join(',')}::${escapeData(escapeForTerminal(problemText(problem)))}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
