/**
 * The default, human format: one block per file, one line per finding,
 *   path:line:column  severity  message  rule-id
 * and a summary line.
 */
import { escapeForTerminal } from './terminal-escape.js';
import type { Formatter } from './formatter.js';

const paint = (color: boolean, code: string) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export const formatText: Formatter = (results, context) => {
  const red = paint(context.color, '31');
  const yellow = paint(context.color, '33');
  const dim = paint(context.color, '2');
  const bold = paint(context.color, '1');
  const blocks: string[] = [];
  let errors = 0;
  let warnings = 0;
  let filesWithProblems = 0;
  for (const result of results) {
    if (result.findings.length === 0) continue;
    filesWithProblems++;
    const rows = result.findings.map((finding) => {
      const location = `${escapeForTerminal(result.filePath)}:${finding.region.start.line}:${finding.region.start.column}`;
      const severity = finding.severity === 'error' ? red('error  ') : yellow('warning');
      if (finding.severity === 'error') errors++;
      else warnings++;
      return `${location}  ${severity}  ${escapeForTerminal(finding.message)}  ${dim(escapeForTerminal(finding.ruleId))}`;
    });
    blocks.push(rows.join('\n'));
  }
  const total = errors + warnings;
  const checked = plural(results.length, 'file');
  if (total === 0) return `No problems found (${checked} checked).\n`;
  const summary = `${total === 1 ? '1 problem' : `${total} problems`} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(filesWithProblems, 'file')} of ${checked} checked.`;
  return `${blocks.join('\n\n')}\n\n${bold(errors > 0 ? red(`✖ ${summary}`) : yellow(`⚠ ${summary}`))}\n`;
};
