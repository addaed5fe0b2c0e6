import type { ExplainedPod } from '../engine/explain.js';
import type { AnyRule } from '../engine/rule.js';
import type { FileResult, ReadProblem, Severity } from '../types.js';

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
  /** Paths that could not be read: every format reports them (SARIF as tool notifications). */
  readonly problems?: readonly ReadProblem[];
  /** What stopped the run before it linted (the Action's inputs): SARIF reports them as tool notifications. */
  readonly runErrors?: readonly string[];
  /** The run's pods as they will run, for formats that draw them (HTML), when the CLI collected them. */
  readonly pods?: readonly ExplainedPod[];
  /** A linted file's text, for formats that show the lines around a finding (HTML). */
  readonly sourceText?: (filePath: string) => string | undefined;
  /** The Kubernetes version the run linted for (`1.35`). */
  readonly kubernetesVersion?: string;
}

/** A formatter is a pure function from results to the text to print. */
export type Formatter = (results: readonly FileResult[], context: FormatterContext) => string;
