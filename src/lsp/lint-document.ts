/**
 * Linting one open document's text (not the file on disk) with the setup that applies to its file,
 * as the CLI would lint that file: the config's `ignore:` entries, suppressions, sorted findings.
 */
import { lintSource } from '../engine/lint-source.js';
import { loadSource } from '../load/source.js';
import type { NodeReuse, SourceFile } from '../load/source.js';
import type { Finding } from '../types.js';
import type { LintSetup } from './configs.js';
import { isKubernetes } from './scope.js';

export interface DocumentLint {
  readonly source: SourceFile;
  /** Empty for text that is not Kubernetes or that the config ignores. */
  readonly findings: readonly Finding[];
  /** yaml's nodes this lint built or reused, by document text: for the next lint of the file. */
  readonly nodes: NodeReuse['next'];
}

/**
 * `previous`: the last lint of the same document, whose unchanged YAML documents need not be parsed
 * for positions again (an edit changes one document of many).
 */
export function lintDocument(filePath: string, text: string, setup: LintSetup, previous?: DocumentLint): DocumentLint {
  const nodes: NodeReuse['next'] = new Map();
  const source = loadSource(filePath, text, { reuseNodes: { previous: previous?.nodes ?? new Map(), next: nodes } });
  if (!isKubernetes(source, text) || setup.ignore?.skipsFile(filePath)) return { source, findings: [], nodes };
  const ignored = setup.ignore?.forFile(filePath);
  return { source, findings: lintSource(source, ignored ? { ...setup.engine, ignored } : setup.engine), nodes };
}

/** The same finding in another lint of the file (after an edit): same rule, object, container and field. */
export function sameFinding(a: Finding, b: Finding): boolean {
  return (
    a.ruleId === b.ruleId &&
    a.container === b.container &&
    a.object?.kind === b.object?.kind &&
    a.object?.name === b.object?.name &&
    JSON.stringify(a.path) === JSON.stringify(b.path)
  );
}

/** True when `text` no longer reports `finding` and reads without a new parse error. */
export function goneIn(filePath: string, text: string, setup: LintSetup, finding: Finding, before: readonly Finding[]): boolean {
  const after = lintDocument(filePath, text, setup).findings;
  const parseErrors = (list: readonly Finding[]) => list.filter((item) => item.fatal === true).length;
  return !after.some((item) => sameFinding(item, finding)) && parseErrors(after) <= parseErrors(before);
}
