/**
 * The default, human format, like ESLint's `stylish`: the path once per file, then one row per
 * finding with `line:column` aligned, severity, message and rule id; a summary line, and how many
 * problems `--fix` can repair; paths that could not be read under `Not read:`. On a terminal
 * (`width` given) long messages wrap under their column; in a pipe or a file a finding stays on one line. `--format compact` keeps `path:line:col` per line.
 */
import { escapeForTerminal } from './terminal-escape.js';
import type { Formatter } from './formatter.js';
import { notReadBlock, paint, plural, summaryLine, wrapLines } from './summary.js';

export const formatText: Formatter = (results, context) => {
  const red = paint(context.color, '31');
  const yellow = paint(context.color, '33');
  const dim = paint(context.color, '2');
  const underline = paint(context.color, '4');
  const blocks: string[] = [];
  for (const result of results) {
    if (result.findings.length === 0) continue;
    const places = result.findings.map((finding) => `${finding.region.start.line}:${finding.region.start.column}`);
    const placeWidth = Math.max(...places.map((place) => place.length));
    const rows = result.findings.map((finding, index) => {
      const severity = finding.severity === 'error' ? red('error  ') : yellow('warning');
      const head = `  ${places[index]!.padEnd(placeWidth)}  `;
      const message = escapeForTerminal(finding.message);
      const rule = dim(escapeForTerminal(finding.ruleId));
      const indent = head.length + 'warning'.length + 2;
      if (context.width === undefined || indent + message.length + 2 + finding.ruleId.length <= context.width) {
        return `${head}${severity}  ${message}  ${rule}`;
      }
      const lines = wrapLines(message, Math.max(20, context.width - indent));
      return [`${head}${severity}  ${lines[0]}`, ...lines.slice(1).map((line) => `${' '.repeat(indent)}${line}`), `${' '.repeat(indent)}${rule}`].join('\n');
    });
    blocks.push(`${underline(escapeForTerminal(result.filePath))}\n${rows.join('\n')}`);
  }
  const problems = context.problems ?? [];
  const notRead = notReadBlock(problems, context.color);
  if (notRead !== undefined) blocks.push(notRead);
  const summary = summaryLine(results, context.color, problems);
  if (blocks.length === 0) return summary;
  const fixable = results.reduce((sum, result) => sum + result.findings.filter((finding) => finding.fix !== undefined).length, 0);
  const hint = fixable > 0 ? `  ${plural(fixable, 'problem')} can be fixed with --fix (--fix-dry-run shows how).\n` : '';
  return `${blocks.join('\n\n')}\n\n${summary}${hint}`;
};
