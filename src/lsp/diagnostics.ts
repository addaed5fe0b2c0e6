/**
 * Findings as LSP diagnostics: 0-based lines and UTF-16 columns from the loader's 1-based regions,
 * the rule id as `code` with its page as `codeDescription`, related regions as related information.
 * `data` carries the finding's index in the document's last lint, for code actions.
 */
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, Range } from 'vscode-languageserver';
import { docsUri, packageInfo } from '../report/package-info.js';
import type { Finding, Region } from '../types.js';
import type { ConfigProblem } from './config-problem.js';

export const SOURCE = 'sidecar-lint';

export function rangeOf(region: Region): Range {
  return {
    start: { line: region.start.line - 1, character: region.start.column - 1 },
    end: { line: region.end.line - 1, character: region.end.column - 1 },
  };
}

/**
 * A rule's page as a link the editor may open: on the project's site, or a plugin's or policy's
 * own, and only when it is an `https:` link (a config's `docs:` may say `command:` or `file:`).
 */
export function docsLink(docs: string | undefined): string | undefined {
  const href = docs === undefined ? undefined : docsUri(packageInfo().homepage, docs);
  return href !== undefined && /^https:\/\//i.test(href) ? href : undefined;
}

export interface DiagnosticData {
  readonly version: number;
  readonly index: number;
}

export function toDiagnostic(finding: Finding, uri: string, href: string | undefined, data: DiagnosticData): Diagnostic {
  return {
    range: rangeOf(finding.region),
    severity: finding.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: finding.ruleId,
    ...(href !== undefined ? { codeDescription: { href } } : {}),
    source: SOURCE,
    message: finding.message,
    ...(finding.related && finding.related.length > 0
      ? { relatedInformation: finding.related.map((item) => ({ location: { uri, range: rangeOf(item.region) }, message: item.message })) }
      : {}),
    data,
  };
}

/**
 * One diagnostic on a config file: that it does not load, at the error's place when the message
 * gives it; or what of it was not loaded because the workspace is not trusted, at `plugins:`.
 */
export function configDiagnostic(problem: ConfigProblem): Diagnostic {
  const line = Math.max(0, (problem.line ?? 1) - 1);
  const character = Math.max(0, (problem.column ?? 1) - 1);
  const untrusted = problem.kind === 'untrusted';
  return {
    range: { start: { line, character }, end: { line, character: problem.line !== undefined ? character + 1 : 0 } },
    severity: untrusted ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
    code: untrusted ? 'workspace-not-trusted' : 'config-error',
    source: SOURCE,
    message: untrusted ? problem.message : `${problem.message} (the last configuration that loaded is still in use)`,
  };
}
