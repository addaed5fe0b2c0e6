/**
 * `--format compact`: one line per finding and nothing else, the location first so that terminals,
 * editors (`errorformat` %f:%l:%c) and grep can use it:
 *   path:line:column  severity  message  rule-id
 * A path that could not be read is one line too, without a line and column:
 *   path  error  cannot read: no such file or directory  read-error
 * Nothing is printed when nothing is found; the exit code says the rest.
 */
import { escapeForTerminal } from './terminal-escape.js';
import type { Formatter } from './formatter.js';
import { paint } from './summary.js';
import { READ_ERROR } from '../load/read-problem.js';

export const formatCompact: Formatter = (results, context) => {
  const red = paint(context.color, '31');
  const yellow = paint(context.color, '33');
  const dim = paint(context.color, '2');
  const lines: string[] = [];
  for (const result of results) {
    for (const finding of result.findings) {
      const location = `${escapeForTerminal(result.filePath)}:${finding.region.start.line}:${finding.region.start.column}`;
      const severity = finding.severity === 'error' ? red('error  ') : yellow('warning');
      lines.push(`${location}  ${severity}  ${escapeForTerminal(finding.message)}  ${dim(escapeForTerminal(finding.ruleId))}`);
    }
  }
  for (const problem of context.problems ?? []) {
    lines.push(`${escapeForTerminal(problem.path)}  ${red('error  ')}  ${escapeForTerminal(problem.message)}  ${dim(READ_ERROR)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
