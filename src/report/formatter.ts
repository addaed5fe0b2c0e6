import type { AnyRule } from '../engine/rule.js';
import type { FileResult, Severity } from '../types.js';

export interface FormatterContext {
  /** Use ANSI colours (the CLI decides: a TTY and no NO_COLOR). */
  readonly color: boolean;
  /** Columns of the terminal the report is shown on; unset for a pipe or a file (the text format wraps only then). */
  readonly width?: number;
  /** The rules that ran, for formats that describe them. */
  readonly rules: readonly AnyRule[];
  /** Each rule's configured severity, for formats that describe the rules. */
  readonly severities?: ReadonlyMap<string, Severity>;
  readonly cwd: string;
  readonly toolVersion: string;
  /** `--sarif-category`: SARIF `automationDetails.id`, so several runs can be uploaded for one commit. */
  readonly sarifCategory?: string;
  /** Paths that could not be read (the CLI also prints them); SARIF reports them as tool notifications. */
  readonly problems?: readonly string[];
}

/** A formatter is a pure function from results to the text to print. */
export type Formatter = (results: readonly FileResult[], context: FormatterContext) => string;
