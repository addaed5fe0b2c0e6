/**
 * ESLint-compatible JSON: an array of `{ filePath, messages, errorCount, warningCount, … }`;
 * each message carries `ruleId`, `severity` (1 warning, 2 error), `message`, `line`, `column`,
 * `endLine`, `endColumn`, plus `object` and `container` where they apply. A path that could not be
 * read is an entry of its own, after the files, with one fatal `read-error` message at line 0.
 */
import { formatPath } from '../load/field-path.js';
import { READ_ERROR } from '../load/read-problem.js';
import type { Finding, ReadProblem } from '../types.js';
import type { Formatter } from './formatter.js';
import { escapeJsonForTerminal } from './terminal-escape.js';

export interface JsonMessage {
  ruleId: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
  object?: { kind: string; name: string; namespace?: string; apiVersion: string };
  container?: string;
  path?: string;
  /** For rendered input: what rendered it and where the finding was in its output. */
  rendered?: { command: string; line: number; column: number };
  /** For a finding about what an injector adds at admission: who, and why (docs/injectors.md). */
  injected?: { injector: string; label: string; because: string; container?: string };
}

function toMessage(finding: Finding): JsonMessage {
  const message: JsonMessage = {
    ruleId: finding.ruleId,
    severity: finding.severity === 'error' ? 2 : 1,
    message: finding.message,
    line: finding.region.start.line,
    column: finding.region.start.column,
    endLine: finding.region.end.line,
    endColumn: finding.region.end.column,
  };
  if (finding.fatal) message.fatal = true;
  if (finding.object) {
    const { kind, name, namespace, apiVersion } = finding.object;
    message.object = namespace === undefined ? { kind, name, apiVersion } : { kind, name, namespace, apiVersion };
  }
  if (finding.container !== undefined) message.container = finding.container;
  if (finding.path) message.path = formatPath(finding.path);
  if (finding.injected) message.injected = { ...finding.injected };
  if (finding.rendered) message.rendered = { command: finding.rendered.command, line: finding.rendered.region.start.line, column: finding.rendered.region.start.column };
  return message;
}

/**
 * A path that could not be read, as ESLint reports a file it cannot parse: one fatal message with no
 * line (0), `ruleId` "read-error".
 */
function notRead(problem: ReadProblem) {
  return {
    filePath: problem.path,
    messages: [{ ruleId: READ_ERROR, severity: 2 as const, message: problem.message, line: 0, column: 0, fatal: true as const }],
    errorCount: 1,
    fatalErrorCount: 1,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}

export const formatJson: Formatter = (results, context) => {
  const linted = results.map((result) => {
    const messages = result.findings.map(toMessage);
    const errorCount = messages.filter((message) => message.severity === 2).length;
    return {
      filePath: result.filePath,
      messages,
      errorCount,
      fatalErrorCount: messages.filter((message) => message.fatal).length,
      warningCount: messages.length - errorCount,
      // Findings `--fix` can repair (ESLint's meaning); the fix itself is not part of the message.
      fixableErrorCount: result.findings.filter((finding) => finding.fix && finding.severity === 'error').length,
      fixableWarningCount: result.findings.filter((finding) => finding.fix && finding.severity === 'warning').length,
    };
  });
  const files = [...linted, ...(context.problems ?? []).map(notRead)];
  // Values stay exact (scripts match names); what JSON.stringify leaves raw is written as \u escapes.
  return `${escapeJsonForTerminal(JSON.stringify(files, null, 2))}\n`;
};
