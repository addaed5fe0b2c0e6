import type { AnyRule } from '../rule.js';
import type { FileResult } from '../types.js';

export interface FormatterContext {
  /** Use ANSI colours (the CLI decides: a TTY and no NO_COLOR). */
  readonly color: boolean;
  /** The rules that ran, for formats that describe them. */
  readonly rules: readonly AnyRule[];
  readonly cwd: string;
  readonly toolVersion: string;
}

/** A formatter is a pure function from results to the text to print. */
export type Formatter = (results: readonly FileResult[], context: FormatterContext) => string;
