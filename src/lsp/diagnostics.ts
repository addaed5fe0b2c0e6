/**
 * Findings as LSP diagnostics: 0-based lines and UTF-16 columns from the loader's 1-based regions,
 * the rule id as `code` with its page as `codeDescription`, related regions as related information.
 * `data` carries the finding's index in the document's last lint, for code actions.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, Range } from 'vscode-languageserver';
import type { AnyRule } from '../engine/rule.js';
import { packageInfo } from '../report/package-info.js';
import { docsUri } from '../report/sarif.js';
import type { Finding, Region } from '../types.js';
import type { ConfigProblem } from './configs.js';

export const SOURCE = 'sidecar-lint';

export function rangeOf(region: Region): Range {
  return {
    start: { line: region.start.line - 1, character: region.start.column - 1 },
    end: { line: region.end.line - 1, character: region.end.column - 1 },
  };
}

/** The rule's page: on the project's site, a plugin's own link, or the page in this package. */
export function ruleDocs(rule: AnyRule | undefined): string | undefined {
  if (rule === undefined) return undefined;
  const { homepage, root } = packageInfo();
  const href = docsUri(homepage, rule.meta.docs);
  if (href !== undefined) return href;
  if (/^file:/i.test(rule.meta.docs)) return rule.meta.docs;
  const page = join(root, rule.meta.docs);
  return existsSync(page) ? pathToFileURL(page).href : undefined;
}

export interface DiagnosticData {
  readonly version: number;
  readonly index: number;
}

export function toDiagnostic(finding: Finding, uri: string, rules: ReadonlyMap<string, AnyRule>, data: DiagnosticData): Diagnostic {
  const href = ruleDocs(rules.get(finding.ruleId));
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

/** One diagnostic on a config file that does not load, at the error's place when the message gives it. */
export function configDiagnostic(problem: ConfigProblem): Diagnostic {
  const line = Math.max(0, (problem.line ?? 1) - 1);
  const character = Math.max(0, (problem.column ?? 1) - 1);
  return {
    range: { start: { line, character }, end: { line, character: problem.line !== undefined ? character + 1 : 0 } },
    severity: DiagnosticSeverity.Error,
    code: 'config-error',
    source: SOURCE,
    message: `${problem.message} (the last configuration that loaded is still in use)`,
  };
}
