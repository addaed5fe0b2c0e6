/**
 * Shared value types, the one leaf module every stage may import (it imports nothing): field paths,
 * positions, findings, and the fix operations rules attach to findings. Positions are 1-based;
 * columns count UTF-16 code units; ends are exclusive.
 */

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
  /** The rule's automatic fix, paths from the document root (see the fix operations below and `src/fix/`). */
  readonly fix?: FixOperation;
  /** For a finding in rendered output (Helm, Kustomize) mapped back to its source: where it was in that output. */
  readonly rendered?: RenderedAt;
  /** Other places that explain the finding (the first container of a duplicate name), in the same file. */
  readonly related?: readonly RelatedRegion[];
  /** Set when the finding is about what an injector adds at admission (docs/injectors.md); the region is the trigger's. */
  readonly injected?: InjectedFinding;
}

/** Who injects what a finding is about, and why: carried into JSON and SARIF properties. */
export interface InjectedFinding {
  /** `istio`, `linkerd`, `vault`, `dapr`, `opentelemetry`, `appmesh`. */
  readonly injector: string;
  /** `Istio 1.27`. */
  readonly label: string;
  /** `namespace payments has istio-injection=enabled`. */
  readonly because: string;
  /** The injected container, when the finding is about one. */
  readonly container?: string;
}

/** A position in the output of a renderer: `helm template charts/web`, line 25. */
export interface RenderedAt {
  /** What rendered it, as a person would type it: `helm template charts/web`, `kubectl kustomize overlays/prod`, `<stdin>`. */
  readonly command: string;
  readonly region: Region;
}

/** A place in the same file that a finding refers to, with what it is. */
export interface RelatedRegion {
  readonly region: Region;
  readonly message: string;
}

/**
 * A path the run could not read or lint (missing, a folder it may not list, a FIFO, binary or
 * UTF-16 text…): in every format's report, and exit code 2. `message` starts with what went wrong
 * ("cannot read: no such file or directory").
 */
export interface ReadProblem {
  readonly path: string;
  readonly message: string;
}

/** Everything linted in one file. */
export interface FileResult {
  readonly filePath: string;
  readonly findings: readonly Finding[];
}

/** Replace text inside one string scalar: `tail -f` → `tail -F` in a command or args item. */
export interface ReplaceInScalar {
  readonly kind: 'replace-in-scalar';
  /** Path of the string scalar. */
  readonly path: Path;
  /** A string (first occurrence) or a regular expression (with `g`: every match). */
  readonly from: string | RegExp;
  /** Replacement text; for a RegExp, `$1`-style references are honoured. */
  readonly to: string;
}

/** Set one key of a map to a scalar value, adding the key when it is missing: `readOnly: true`. */
export interface SetKey {
  readonly kind: 'set';
  /** Path of the map. */
  readonly path: Path;
  readonly key: string;
  readonly value: string | number | boolean;
}

/**
 * Move a container out of `containers` into `initContainers` of the same pod spec (created when
 * absent), with its comments, at the start of the list or after the existing init containers.
 */
export interface MoveContainer {
  readonly kind: 'move-container';
  /** Path of the container: `[..., 'containers', i]`. */
  readonly path: Path;
  readonly to: 'initContainers';
  readonly position: 'start' | 'end';
  /** Keys to set on the moved container, e.g. `{ restartPolicy: 'Always' }` for a native sidecar. */
  readonly set?: Readonly<Record<string, string>>;
}

/** The fix contract: one declarative operation a rule attaches to a report; it never sees YAML. */
export type FixOperation = ReplaceInScalar | SetKey | MoveContainer;
export type FixKind = FixOperation['kind'];

/** What `--fix-type` selects: `edit` changes a field in place, `move` changes where a container runs. */
export type FixType = 'edit' | 'move';
