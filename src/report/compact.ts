/**
 * `--format compact`: one line per finding, the location first so terminals and editors can open it,
 *   path:line:column  severity  message  rule-id
 * a blank line between files, and the summary line of the text format.
 */
import { escapeForTerminal } from './terminal-escape.js';
import type { Formatter } from './formatter.js';
import { paint, summaryLine } from './summary.js';

export const formatCompact: Formatter = (results, context) => {
  const red = paint(context.color, '31');
  const yellow = paint(context.color, '33');
  const dim = paint(context.color, '2');
  const blocks: string[] = [];
  for (const result of results) {
    if (result.findings.length === 0) continue;
    const rows = result.findings.map((finding) => {
      const location = `${escapeForTerminal(result.filePath)}:${finding.region.start.line}:${finding.region.start.column}`;
      const severity = finding.severity === 'error' ? red('error  ') : yellow('warning');
      return `${location}  ${severity}  ${escapeForTerminal(finding.message)}  ${dim(escapeForTerminal(finding.ruleId))}`;
    });
    blocks.push(rows.join('\n'));
  }
  const summary = summaryLine(results, context.color);
  return blocks.length === 0 ? summary : `${blocks.join('\n\n')}\n\n${summary}`;
};
