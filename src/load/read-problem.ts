/** A read problem as one line: `nope/: cannot read: no such file or directory`. */
import type { FileResult, ReadProblem } from '../types.js';

/** The rule id a read problem carries where a format names one (compact, JSON, SARIF, GitHub). */
export const READ_ERROR = 'read-error';

export function problemText(problem: ReadProblem): string {
  return `${problem.path}: ${problem.message}`;
}

/** A file's outcome is its findings, or a problem when it could not be read. */
export function isReadProblem(outcome: FileResult | ReadProblem): outcome is ReadProblem {
  return !('findings' in outcome);
}
