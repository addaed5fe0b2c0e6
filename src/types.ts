/** Shared value types. Positions are 1-based; columns count UTF-16 code units; ends are exclusive. */
import type { FixOperation } from './fix.js';

/** A field path from the root of a Kubernetes object: `['spec', 'containers', 1, 'name']`. */
export type Path = readonly (string | number)[];

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Region {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning';
export type SeveritySetting = Severity | 'off';

/** The Kubernetes object a finding belongs to. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface Finding {
  /** Rule id; loader problems use `parse-error`. */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** Path as given on the command line's terms: relative to the working directory, or `<stdin>`. */
  readonly filePath: string;
  readonly region: Region;
  /** Index of the YAML document in the file (0-based). */
  readonly documentIndex: number;
  /** Field path the rule pointed at, from the root of the document. */
  readonly path?: Path;
  /** False when the path did not exist and the region is its closest existing ancestor. */
  readonly exact?: boolean;
  readonly object?: ObjectRef;
  readonly container?: string;
  /** True for findings that stop the document from being linted (parse errors). */
  readonly fatal?: boolean;
  /** The rule's automatic fix, paths from the document root (see `src/fix.ts`). */
  readonly fix?: FixOperation;
}

/** Everything linted in one file. */
export interface FileResult {
  readonly filePath: string;
  readonly findings: readonly Finding[];
}
