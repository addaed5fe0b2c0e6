/**
 * ESLint-compatible JSON: an array of `{ filePath, messages, errorCount, warningCount, … }`;
 * each message carries `ruleId`, `severity` (1 warning, 2 error), `message`, `line`, `column`,
 * `endLine`, `endColumn`, plus `object` and `container` where they apply.
 */
import { formatPath } from '../load/field-path.js';
import type { Finding } from '../types.js';
import type { Formatter } from './formatter.js';

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
  return message;
}

export const formatJson: Formatter = (results) => {
  const files = results.map((result) => {
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
  // JSON.stringify escapes C0 controls only; C1 controls (CSI is U+009B), line separators and bidi
  // overrides can only occur inside strings, where \u escapes read the same.
  return `${JSON.stringify(files, null, 2).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
};
