/**
 * Linting one open document's text (not the file on disk) with the setup that applies to its file,
 * as the CLI would lint that file: the config's `ignore:` entries, suppressions, sorted findings,
 * and its size limit (a document above it is one finding, not read).
 */
import { WorkerStopped } from '../engine/isolated.js';
import { INTERNAL_ERROR } from '../engine/lint-source.js';
import { fileProblem } from '../load/read-input.js';
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

const MB = 1024 * 1024;

/** The one finding of a document above the size limit. */
function tooLarge(filePath: string, bytes: number, maxFileSizeMb: number): Finding {
  return fileProblem(
    filePath,
    `Document not linted: it is ${Number((bytes / MB).toFixed(1))} MB, more than ${maxFileSizeMb} MB (the "maxFileSizeMb" setting, as --max-file-size on the command line). Split it, or raise the limit if the machine has the memory (up to 100 times the size).`,
  );
}

/**
 * `previous`: the last lint of the same document, whose unchanged YAML documents need not be parsed
 * for positions again (an edit changes one document of many).
 */
export async function lintDocument(filePath: string, text: string, setup: LintSetup, maxFileSizeMb: number, previous?: DocumentLint): Promise<DocumentLint> {
  const nodes: NodeReuse['next'] = new Map();
  // Three bytes at most per UTF-16 unit: most texts are measured without counting.
  const bytes = text.length * 3 > maxFileSizeMb * MB ? Buffer.byteLength(text, 'utf8') : text.length;
  if (bytes > maxFileSizeMb * MB) return { source: loadSource(filePath, ''), findings: [tooLarge(filePath, bytes, maxFileSizeMb)], nodes };
  const source = loadSource(filePath, text, { reuseNodes: { previous: previous?.nodes ?? new Map(), next: nodes } });
  if (!isKubernetes(source, text)) return { source, findings: [], nodes };
  try {
    return { source, findings: await setup.lint(filePath, source, text), nodes };
  } catch (error) {
    // The plugin rules' worker ended (a rule made it exit): said here; the next lint gets a fresh worker.
    if (!(error instanceof WorkerStopped)) throw error;
    const message = `Document not linted: ${error.message}. Does a plugin rule exit the process?`;
    return { source, findings: [{ ...fileProblem(filePath, message), ruleId: INTERNAL_ERROR }], nodes };
  }
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
export async function goneIn(filePath: string, text: string, setup: LintSetup, finding: Finding, before: readonly Finding[]): Promise<boolean> {
  // The edited text of a document within the limit: the limit is not asked again.
  const after = (await lintDocument(filePath, text, setup, Number.POSITIVE_INFINITY)).findings;
  const parseErrors = (list: readonly Finding[]) => list.filter((item) => item.fatal === true).length;
  return !after.some((item) => sameFinding(item, finding)) && parseErrors(after) <= parseErrors(before);
}
